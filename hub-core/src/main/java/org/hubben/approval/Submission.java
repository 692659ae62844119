package org.hubben.approval;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A post submitted for approval, with the whole publication its editor asked for.
 *
 * @param id the identifier
 * @param organisationId the post's organisation
 * @param postId the post; an approver sees it as it is now, revised or not
 * @param channelIds the chosen channels, comma-separated
 * @param dueAt when it is to go out; {@code null} for as soon as it is approved
 * @param zoneId the IANA zone the editor planned in, or {@code null} for the
 * organisation's
 * @param sendLate as {@link org.hubben.publishing.PublicationRequest#sendLate()}
 * @param factsChecked whether the editor went through the fact checklist
 * @param targeting the audience of a targeted ("dark") Facebook post as JSON, or
 * {@code null} for an open one
 * @param state where it stands
 * @param submittedBy the editor's username
 * @param submittedAt when it was submitted
 * @param postDigest a digest of the post's words when it was submitted, to tell whether
 * it was revised since
 * @param comment the approver's comment: required when sent back, optional on approval
 * @param decidedBy who approved, sent back or withdrew it; {@code null} while submitted
 * @param decidedAt when; {@code null} while submitted
 * @param publicationId the publication its approval scheduled; {@code null} otherwise
 */
@Table("submission")
public record Submission(@Id UUID id, UUID organisationId, UUID postId, String channelIds, Instant dueAt, String zoneId,
		boolean sendLate, boolean factsChecked, String targeting, SubmissionState state, String submittedBy,
		Instant submittedAt, String postDigest, String comment, String decidedBy, Instant decidedAt,
		UUID publicationId) {

	/**
	 * @return the chosen channels, in the order chosen
	 */
	public List<UUID> channels() {
		return Arrays.stream(this.channelIds.split(",")).filter((id) -> !id.isBlank()).map(UUID::fromString).toList();
	}

	/**
	 * @return whether it waits for an approver
	 */
	public boolean waiting() {
		return this.state == SubmissionState.SUBMITTED;
	}

}
