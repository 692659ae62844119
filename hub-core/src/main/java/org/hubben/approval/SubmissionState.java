package org.hubben.approval;

/** Where a submission stands. */
public enum SubmissionState {

	/** Waiting for an approver; nothing is scheduled. */
	SUBMITTED,

	/** Approved: its publication is scheduled. */
	APPROVED,

	/** Sent back with a comment; its editor revises the post and submits again. */
	RETURNED,

	/** Taken back by its editor. */
	WITHDRAWN

}
