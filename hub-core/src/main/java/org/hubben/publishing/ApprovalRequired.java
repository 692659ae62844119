package org.hubben.publishing;

import java.util.UUID;

/**
 * The post's organisation requires approval before anything is scheduled: submit the post
 * for approval instead; an approver's approval schedules it.
 */
public class ApprovalRequired extends RuntimeException {

	private final UUID postId;

	public ApprovalRequired(UUID postId, String organisationName) {
		super("Approval required: " + organisationName
				+ " requires approval before anything is scheduled; submit the post for approval instead", null, false,
				false);
		this.postId = postId;
	}

	public UUID postId() {
		return this.postId;
	}

}
