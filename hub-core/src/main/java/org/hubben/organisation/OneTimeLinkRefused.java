package org.hubben.organisation;

/**
 * An invitation or password-reset link that cannot be used any more, or never could.
 */
public class OneTimeLinkRefused extends RuntimeException {

	/** Why. */
	public enum Reason {

		/** Hubben never made it (or its organisation or member is gone). */
		UNKNOWN,

		/** Its time ran out. */
		EXPIRED,

		/** Someone used it already. */
		USED,

		/** An administrator revoked it. */
		REVOKED

	}

	private final Reason reason;

	public OneTimeLinkRefused(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
