package org.hubben.organisation;

/**
 * A connection that cannot go on; the message says why in words a person can act on,
 * never with a token.
 */
public class LinkRefused extends RuntimeException {

	private final Reason reason;

	public LinkRefused(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why a connection stopped. */
	public enum Reason {

		/** The member may not connect channels. */
		FORBIDDEN,

		/** No connection with this platform can be made here. */
		UNSUPPORTED,

		/**
		 * The callback or confirmation belongs to no connection this member started in
		 * the last 15 minutes, or it was already used.
		 */
		STALE,

		/** The person declined, or the platform refused the authorisation. */
		DECLINED,

		/** The platform could not be reached or failed; trying again later may work. */
		UNAVAILABLE,

		/** The member confirmed without choosing an account. */
		NOTHING_CHOSEN

	}

}
