package org.hubben.approval;

import java.util.UUID;

/**
 * A step of approval that cannot be taken; the message says why, in words a person can
 * act on.
 */
public class ApprovalRefused extends RuntimeException {

	/** Why it was refused. */
	public enum Reason {

		/** The submitter asked to decide on their own submission (four eyes). */
		OWN_SUBMISSION,

		/** Only its submitter may withdraw a submission. */
		NOT_THE_SUBMITTER,

		/** It no longer waits: already approved, sent back or withdrawn. */
		NOT_WAITING,

		/** The post already waits for approval. */
		ALREADY_SUBMITTED

	}

	private final UUID submissionId;

	private final Reason reason;

	public ApprovalRefused(UUID submissionId, Reason reason, String message) {
		super(message, null, false, false);
		this.submissionId = submissionId;
		this.reason = reason;
	}

	public UUID submissionId() {
		return this.submissionId;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * @return whether it is the member's role or person that is refused (403), rather
	 * than the submission's state (409)
	 */
	public boolean forbidden() {
		return this.reason == Reason.OWN_SUBMISSION || this.reason == Reason.NOT_THE_SUBMITTER;
	}

}
