package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.hubben.approval.Approvals;
import org.hubben.approval.Submission;
import org.hubben.approval.SubmissionState;
import org.hubben.publishing.DueTimes;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Approval: submit a post, approve it (which schedules it), send it back, withdraw it.
 */
@ApiController("/api")
@Tag(name = "Approval", description = "Where an organisation requires approval: submissions and decisions")
class SubmissionApi {

	private final Approvals approvals;

	private final CurrentMember currentMember;

	SubmissionApi(Approvals approvals, CurrentMember currentMember) {
		this.approvals = approvals;
		this.currentMember = currentMember;
	}

	@PostMapping("/posts/{postId}/submissions")
	@Operation(operationId = "submitPost", summary = "Submit a post for approval",
			description = "The body is the one of POST /api/posts/{id}/publications. Nothing is scheduled until an "
					+ "approver other than the submitter approves it.")
	@ApiResponse(responseCode = "201", description = "The submission, waiting")
	@ApiResponse(responseCode = "409", description = "The post already waits for approval")
	Mono<ResponseEntity<SubmissionJson>> submit(@PathVariable UUID postId,
			@RequestBody PublicationApi.ScheduleJson body, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> Mono.fromCallable(body::toRequest)
				.flatMap((request) -> this.approvals.submit(member, postId, request)))
			.map((submission) -> ResponseEntity.created(URI.create("/api/submissions/" + submission.id()))
				.body(SubmissionJson.of(submission)));
	}

	@GetMapping("/submissions")
	@Operation(operationId = "listSubmissions", summary = "Your organisation's submissions, newest first (at most 200)")
	Flux<SubmissionJson> list(
			@RequestParam(required = false) @Schema(
					allowableValues = { "SUBMITTED", "APPROVED", "RETURNED", "WITHDRAWN" }) String state,
			Principal principal) {
		return this.currentMember.of(principal)
			.flatMapMany((member) -> this.approvals.ofOrganisation(member, state(state)))
			.map(SubmissionJson::of);
	}

	@GetMapping("/submissions/{id}")
	@Operation(operationId = "getSubmission", summary = "One submission")
	Mono<SubmissionJson> one(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.approvals.find(member, id))
			.map(SubmissionJson::of);
	}

	@PostMapping("/submissions/{id}/approve")
	@Operation(operationId = "approveSubmission", summary = "Approve a submission, which schedules it",
			description = "No `at` keeps the submitted time; `at: \"now\"` publishes now; otherwise an ISO-8601 "
					+ "instant or a local date-time read in `zone`. When the submitted time has passed, choose a new "
					+ "time or now (400 otherwise). The submitter cannot approve their own submission (403).")
	@ApiResponse(responseCode = "201", description = "The publication scheduled")
	Mono<ResponseEntity<PublicationApi.PublicationJson>> approve(@PathVariable UUID id,
			@RequestBody(required = false) ApproveJson body, Principal principal) {
		ApproveJson decision = (body != null) ? body : new ApproveJson(null, null, null);
		return this.currentMember.of(principal)
			.flatMap((member) -> Mono.fromCallable(decision::instant)
				.map(java.util.Optional::of)
				.defaultIfEmpty(java.util.Optional.empty())
				.flatMap((at) -> this.approvals.approve(member, id, at.orElse(null), decision.now(), decision.zone(),
						decision.comment())))
			.map((view) -> ResponseEntity.created(URI.create("/api/publications/" + view.publication().id()))
				.body(PublicationApi.PublicationJson.of(view)));
	}

	@PostMapping("/submissions/{id}/return")
	@Operation(operationId = "returnSubmission", summary = "Send a submission back to its editor with a comment")
	Mono<SubmissionJson> sendBack(@PathVariable UUID id, @RequestBody(required = false) CommentJson body,
			Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.approvals.sendBack(member, id, (body != null) ? body.comment() : null))
			.map(SubmissionJson::of);
	}

	@PostMapping("/submissions/{id}/withdraw")
	@Operation(operationId = "withdrawSubmission", summary = "Take your submission back")
	Mono<SubmissionJson> withdraw(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.approvals.withdraw(member, id))
			.map(SubmissionJson::of);
	}

	private static SubmissionState state(String state) {
		if (state == null || state.isBlank()) {
			return null;
		}
		try {
			return SubmissionState.valueOf(state.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest(
					Map.of("state", "'" + state + "' is none of SUBMITTED, APPROVED, RETURNED, " + "WITHDRAWN"));
		}
	}

	/**
	 * @param at {@code now}, an ISO-8601 instant, or a local date-time read in
	 * {@code zone}; absent to keep the submitted time
	 * @param zone an IANA zone; absent for the submitted one
	 * @param comment the approver's comment; optional
	 */
	record ApproveJson(String at, String zone, String comment) {

		boolean now() {
			return "now".equalsIgnoreCase((this.at != null) ? this.at.strip() : null);
		}

		/** The chosen time; {@code null} (an empty Mono) for none or now. */
		Instant instant() {
			if (this.at == null || this.at.isBlank() || now()) {
				return null;
			}
			try {
				return OffsetDateTime.parse(this.at).toInstant();
			}
			catch (DateTimeParseException notWithOffset) {
				try {
					LocalDateTime local = LocalDateTime.parse(this.at);
					if (this.zone == null || this.zone.isBlank()) {
						throw new InvalidRequest(
								Map.of("at", "A time without an offset needs a zone, e.g. \"Europe/Stockholm\""));
					}
					return DueTimes.resolve(local, DueTimes.zone(this.zone));
				}
				catch (DateTimeParseException ex) {
					throw new InvalidRequest(Map.of("at",
							"'" + this.at + "' is not \"now\" or an ISO-8601 time such as 2026-05-01T08:00:00Z"));
				}
			}
		}

	}

	/**
	 * @param comment what to change; required
	 */
	record CommentJson(String comment) {

	}

	record SubmissionJson(UUID id, UUID organisationId, UUID postId, List<UUID> channelIds, Instant at, String zone,
			boolean sendLate, boolean factsChecked, boolean targeted, @Schema(allowableValues = {
					"SUBMITTED", "APPROVED", "RETURNED", "WITHDRAWN" }) String state,
			String submittedBy, Instant submittedAt, String comment, String decidedBy, Instant decidedAt,
			UUID publicationId){

		static SubmissionJson of(Submission submission) {
			return new SubmissionJson(submission.id(), submission.organisationId(), submission.postId(),
					submission.channels(), submission.dueAt(), submission.zoneId(), submission.sendLate(),
					submission.factsChecked(), submission.targeting() != null, submission.state().name(),
					submission.submittedBy(), submission.submittedAt(), submission.comment(), submission.decidedBy(),
					submission.decidedAt(), submission.publicationId());
		}

	}

}
