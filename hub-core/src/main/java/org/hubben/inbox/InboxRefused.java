package org.hubben.inbox;

/**
 * Hubben did not do what a member asked in the inbox (reply, hide, delete, erase, edit
 * the word lists); the message says why, in words they can act on. Nothing changed,
 * unless the message says the platform took it.
 */
public class InboxRefused extends RuntimeException {

	private final Reason reason;

	InboxRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** What kind of refusal it is, for the answer's status. */
	public enum Reason {

		/** The member's role does not allow it. */
		FORBIDDEN,

		/** What was sent cannot be used (an empty reply, a list too long). */
		INVALID,

		/**
		 * The comment is not in a state that allows it (hidden, deleted, the channel's
		 * own).
		 */
		CONFLICT,

		/** The platform refused or could not be reached. */
		PLATFORM

	}

}
