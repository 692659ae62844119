package org.hubben.content;

import java.util.UUID;

/**
 * A post that cannot be changed: {@link #getMessage()} says why, in words a person can
 * act on, and {@link #reason()} which rule refused it.
 */
public class RevisionRefused extends RuntimeException {

	private final Reason reason;

	private final UUID postId;

	RevisionRefused(UUID postId, Reason reason, String message) {
		super(message);
		this.postId = postId;
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public UUID postId() {
		return this.postId;
	}

	/** Why a post cannot be changed. */
	public enum Reason {

		/** It is another organisation's post. */
		OTHER_ORGANISATION,

		/**
		 * One of its deliveries has left {@code PENDING}: it went out, or is going, on a
		 * channel, so what the platform shows can no longer follow the post.
		 */
		UNDER_WAY,

		/**
		 * It has a publication: it is no longer a draft, so it is not saved as a person
		 * types; a change goes through the compose form or {@code PUT /api/posts}.
		 */
		SCHEDULED

	}

}
