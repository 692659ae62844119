package org.hubben.organisation;

/**
 * A request presented a token that authenticates nothing; the message says why in words
 * the token's owner can act on, and never repeats the token.
 */
public class ApiTokenRefused extends RuntimeException {

	private final Reason reason;

	public ApiTokenRefused(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why the token was refused. */
	public enum Reason {

		/**
		 * Not a Hubben token, or one Hubben never issued (or whose member was removed).
		 */
		UNKNOWN,

		/** Its expiry has passed. */
		EXPIRED,

		/** Its member revoked it. */
		REVOKED

	}

}
