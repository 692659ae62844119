package org.hubben.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.hubben.connector.Targeting;
import org.hubben.content.Post;
import org.hubben.content.PostEditor;
import org.hubben.organisation.Access;
import org.hubben.organisation.Action;
import org.hubben.organisation.AuditLog;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import org.hubben.policy.FactChecklist;
import org.hubben.publishing.DueTimes;
import org.hubben.publishing.InvalidPublication;
import org.hubben.publishing.PublicationRequest;
import org.hubben.publishing.PublicationView;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;

/**
 * Approval before scheduling, where an organisation requires it ({@link ApprovalRules}):
 * an editor submits a post with the publication they ask for; nothing is scheduled until
 * an approver other than the submitter (four eyes, administrators included) approves it,
 * which schedules it through {@link Publisher#scheduleApproved}, checked again in full.
 * An approver may instead send it back with a comment; the editor revises the post and
 * submits again, or withdraws it. A post may be revised while it waits: the approver sees
 * it as it is, and the approval's audit entry says it was revised. Every step is recorded
 * in the {@link AuditLog} once: {@code post.submitted}, {@code post.approved} (followed
 * by the publisher's {@code publication.scheduled}), {@code post.returned},
 * {@code post.withdrawn}, {@code post.revised}. Non-blocking.
 */
@Service
public class Approvals {

	/** As the publisher's: a time this close to now counts as now. */

	private static final int COMMENT_MAX = 2000;

	private final Submissions submissions;

	private final R2dbcEntityTemplate template;

	private final PostEditor posts;

	private final Publisher publisher;

	private final Channels channels;

	private final Organisations organisations;

	private final Access access;

	private final AuditLog auditLog;

	private final JsonMapper json;

	private final Clock clock;

	Approvals(Submissions submissions, R2dbcEntityTemplate template, PostEditor posts, Publisher publisher,
			Channels channels, Organisations organisations, Access access, AuditLog auditLog, JsonMapper json,
			Clock clock) {
		this.submissions = submissions;
		this.template = template;
		this.posts = posts;
		this.publisher = publisher;
		this.channels = channels;
		this.organisations = organisations;
		this.access = access;
		this.auditLog = auditLog;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Submits a post for approval with the publication its editor asks for; schedules
	 * nothing. The request is checked as far as it can be before the approver decides
	 * (channels, time, zone, audience, fact checklist); the rest when it is approved.
	 * @param member the editor: {@link Action#SCHEDULE} in the post's organisation
	 * @return the submission; a {@link org.hubben.content.PostNotFound} error for no such
	 * post, an {@link org.hubben.organisation.AccessDenied} error when the member may not
	 * schedule there, an {@link InvalidPublication} error (a reason per field) for a bad
	 * request, an {@link ApprovalRefused} ({@code ALREADY_SUBMITTED}) error while the
	 * post already waits
	 */
	public Mono<Submission> submit(Member member, UUID postId, PublicationRequest request) {
		return this.posts.find(postId)
			.flatMap((post) -> this.access.check(member, Action.SCHEDULE, post.organisationId())
				.flatMap((organisation) -> checked(post, request, organisation.name()))
				.then(this.submissions.findLatestOfPost(postId)
					.map(java.util.Optional::of)
					.defaultIfEmpty(java.util.Optional.empty()))
				.flatMap((previous) -> {
					if (previous.isPresent() && previous.get().waiting()) {
						return Mono
							.error(new ApprovalRefused(previous.get().id(), ApprovalRefused.Reason.ALREADY_SUBMITTED,
									"This post already waits for approval (submitted by " + previous.get().submittedBy()
											+ "); withdraw that submission first to change what it asks for"));
					}
					Instant now = this.clock.instant();
					Submission submission = new Submission(UUID.randomUUID(), post.organisationId(), post.id(),
							request.channelIds().stream().map(UUID::toString).collect(Collectors.joining(",")),
							request.at(), request.zone(), request.sendLate(), request.factsChecked(),
							(request.targeting() != null) ? this.json.writeValueAsString(request.targeting()) : null,
							SubmissionState.SUBMITTED, member.username(), now, digest(post), null, null, null, null);
					boolean again = previous.isPresent() && previous.get().state() == SubmissionState.RETURNED;
					return this.template.insert(submission)
						.flatMap((saved) -> this.auditLog
							.record(post.organisationId(), member.username(), "post.submitted", subject(post),
									(again ? "Submitted again after it was sent back; " : "") + "for "
											+ ((request.at() != null) ? request.at().toString() : "now") + " on "
											+ request.channelIds().size() + " channels, submission " + saved.id())
							.thenReturn(saved));
				}));
	}

	/**
	 * Approves a waiting submission and schedules its publication, as stored or at the
	 * time the approver chooses.
	 * @param member the approver: {@link Action#APPROVE} in its organisation, and not its
	 * submitter
	 * @param at the time the approver chooses; {@code null} keeps the submitted time
	 * @param now {@code true} to publish now, whatever the submitted time
	 * @param zone the zone of {@code at}; {@code null} keeps the submitted one
	 * @param comment the approver's comment, or {@code null}
	 * @return the publication scheduled; a {@link SubmissionNotFound}, an
	 * {@link org.hubben.organisation.AccessDenied}, an {@link ApprovalRefused}
	 * ({@code OWN_SUBMISSION}, {@code NOT_WAITING}) error, or an
	 * {@link InvalidSubmission} error for {@code at} when the submitted time has passed
	 * and the approver chose none; an {@link InvalidPublication} error when the
	 * publication cannot be scheduled any more (the submission then still waits)
	 */
	public Mono<PublicationView> approve(Member member, UUID submissionId, Instant at, boolean now, String zone,
			String comment) {
		return decidable(member, submissionId).flatMap((submission) -> {
			Instant current = this.clock.instant();
			Instant due = now ? null : ((at != null) ? at : submission.dueAt());
			if (!now && at == null && due != null && due.isBefore(current.minus(PublicationRequest.PAST_TOLERANCE))) {
				return Mono.error(new InvalidSubmission(Map.of("at", "The time it was submitted for (" + due
						+ ") has passed: choose a new time, or publish it now")));
			}
			String kept = blankToNull(comment);
			if (kept != null && kept.length() > COMMENT_MAX) {
				return Mono.error(new InvalidSubmission(Map.of("comment", "At most " + COMMENT_MAX + " characters")));
			}
			PublicationRequest request = new PublicationRequest(submission.channels(), due,
					(zone != null && !zone.isBlank()) ? zone : submission.zoneId(), submission.sendLate(),
					submission.factsChecked(), targetingOf(submission));
			return this.submissions
				.decide(submissionId, SubmissionState.APPROVED.name(), kept, member.username(), current)
				.flatMap((changed) -> (changed == 0) ? Mono.error(notWaiting(submissionId))
						: this.posts.find(submission.postId()))
				.flatMap((post) -> this.publisher
					.scheduleApproved(post.id(), request, member.username(),
							"submission " + submissionId + " by " + submission.submittedBy(),
							this.auditLog
								.record(submission.organisationId(), member.username(), "post.approved", subject(post),
										"submission " + submissionId + " by " + submission.submittedBy()
												+ (digest(post).equals(submission.postDigest()) ? ""
														: "; the post was revised after it was submitted")
												+ ((kept != null) ? "; comment: " + kept : ""))
								.then())
					// Nothing was scheduled, nor is the approval in the audit log: the
					// submission waits again.
					.onErrorResume((ex) -> this.submissions.undoApproval(submissionId).then(Mono.error(ex))))
				.flatMap((view) -> this.submissions.scheduled(submissionId, view.publication().id()).thenReturn(view));
		});
	}

	/**
	 * Sends a waiting submission back to its editor with a comment.
	 * @param member the approver: {@link Action#APPROVE} in its organisation, and not its
	 * submitter
	 * @param comment what to change; required
	 * @return the submission afterwards; as {@link #approve} for the errors, and an
	 * {@link InvalidSubmission} error for {@code comment} when there is none
	 */
	public Mono<Submission> sendBack(Member member, UUID submissionId, String comment) {
		String kept = blankToNull(comment);
		if (kept == null) {
			return Mono.error(new InvalidSubmission(
					Map.of("comment", "Say what to change: a submission is sent back with a comment")));
		}
		if (kept.length() > COMMENT_MAX) {
			return Mono.error(new InvalidSubmission(Map.of("comment", "At most " + COMMENT_MAX + " characters")));
		}
		return decidable(member, submissionId).flatMap((submission) -> this.submissions
			.decide(submissionId, SubmissionState.RETURNED.name(), kept, member.username(), this.clock.instant())
			.flatMap((changed) -> (changed == 0) ? Mono.error(notWaiting(submissionId))
					: this.posts.find(submission.postId()))
			.flatMap((post) -> this.auditLog.record(submission.organisationId(), member.username(), "post.returned",
					subject(post),
					"submission " + submissionId + " by " + submission.submittedBy() + "; comment: " + kept))
			.then(this.submissions.findById(submissionId)));
	}

	/**
	 * Takes a waiting submission back.
	 * @param member its submitter
	 * @return the submission afterwards; a {@link SubmissionNotFound} error, an
	 * {@link ApprovalRefused} ({@code NOT_THE_SUBMITTER}, {@code NOT_WAITING}) error
	 */
	public Mono<Submission> withdraw(Member member, UUID submissionId) {
		return find(member, submissionId).flatMap((submission) -> {
			if (!submission.submittedBy().equals(member.username())) {
				return Mono.error(new ApprovalRefused(submissionId, ApprovalRefused.Reason.NOT_THE_SUBMITTER,
						"Only " + submission.submittedBy() + ", who submitted it, may withdraw it"));
			}
			return this.submissions
				.decide(submissionId, SubmissionState.WITHDRAWN.name(), null, member.username(), this.clock.instant())
				.flatMap((changed) -> (changed == 0) ? Mono.error(notWaiting(submissionId))
						: this.posts.find(submission.postId()))
				.flatMap((post) -> this.auditLog.record(submission.organisationId(), member.username(),
						"post.withdrawn", subject(post), "submission " + submissionId))
				.then(this.submissions.findById(submissionId));
		});
	}

	/**
	 * Records that a post was revised while it waits for approval; does nothing for a
	 * post that does not wait.
	 * @return completes once recorded
	 */
	public Mono<Void> revised(Member member, UUID postId) {
		return this.submissions.findLatestOfPost(postId)
			.filter(Submission::waiting)
			.flatMap((submission) -> this.posts.find(postId)
				.flatMap((post) -> this.auditLog.record(submission.organisationId(), member.username(), "post.revised",
						subject(post),
						"Revised while it waits for approval (submission " + submission.id()
								+ "); the approver sees the revised post")))
			.then();
	}

	/**
	 * @return the submission, when the member may see its organisation; a
	 * {@link SubmissionNotFound} error otherwise, so an identifier reveals nothing
	 */
	public Mono<Submission> find(Member member, UUID submissionId) {
		return this.submissions.findById(submissionId)
			.filterWhen((submission) -> this.access.may(member, Action.VIEW, submission.organisationId()))
			.switchIfEmpty(Mono.error(() -> new SubmissionNotFound(submissionId)));
	}

	/**
	 * @param state one state, or {@code null} for every state
	 * @return the submissions of the member's organisation, newest first (at most 200)
	 */
	public Flux<Submission> ofOrganisation(Member member, SubmissionState state) {
		return (state != null) ? this.submissions.findOfOrganisationIn(member.organisationId(), state.name())
				: this.submissions.findOfOrganisation(member.organisationId());
	}

	/**
	 * @return the member's own submissions, newest first (at most 200)
	 */
	public Flux<Submission> submittedBy(Member member) {
		return this.submissions.findBySubmitter(member.username());
	}

	/**
	 * @return the post's latest submission; empty when it was never submitted
	 */
	public Mono<Submission> latestOf(UUID postId) {
		return this.submissions.findLatestOfPost(postId);
	}

	/**
	 * @return how many submissions wait for an approver in the organisation
	 */
	public Mono<Long> waitingCount(UUID organisationId) {
		return this.submissions.countWaiting(organisationId);
	}

	/**
	 * @return whether the post's words differ from when it was submitted
	 */
	public Mono<Boolean> revisedSince(Submission submission) {
		return this.posts.find(submission.postId()).map((post) -> !digest(post).equals(submission.postDigest()));
	}

	/**
	 * @return the publication the submission asks for, as stored
	 */
	public PublicationRequest requestOf(Submission submission) {
		return new PublicationRequest(submission.channels(), submission.dueAt(), submission.zoneId(),
				submission.sendLate(), submission.factsChecked(), targetingOf(submission));
	}

	/** A waiting submission the member may decide on. */
	private Mono<Submission> decidable(Member member, UUID submissionId) {
		return find(member, submissionId)
			.flatMap((submission) -> this.access.check(member, Action.APPROVE, submission.organisationId())
				.then(Mono.defer(() -> {
					if (!submission.waiting()) {
						return Mono.error(notWaiting(submissionId));
					}
					if (submission.submittedBy().equals(member.username())) {
						return Mono.error(new ApprovalRefused(submissionId, ApprovalRefused.Reason.OWN_SUBMISSION,
								"You submitted it: another approver decides on it (four eyes)"));
					}
					return Mono.just(submission);
				})));
	}

	private static ApprovalRefused notWaiting(UUID submissionId) {
		return new ApprovalRefused(submissionId, ApprovalRefused.Reason.NOT_WAITING,
				"It no longer waits for approval: it was approved, sent back or withdrawn meanwhile");
	}

	/** What can be checked before an approver decides. */
	private Mono<Void> checked(Post post, PublicationRequest request, String organisationName) {
		return Mono.defer(() -> {
			Map<String, String> errors = new LinkedHashMap<>(request.problems(this.clock.instant()));
			List<UUID> channelIds = (request.channelIds() != null) ? request.channelIds() : List.of();
			Mono<Void> channelCheck = errors.containsKey("channelIds") ? Mono.empty()
					: Flux.fromIterable(channelIds)
						.concatMap((id) -> this.channels.findById(id)
							.filter((channel) -> channel.organisationId().equals(post.organisationId()))
							.map((channel) -> "")
							.defaultIfEmpty("Channel " + id + " is not one of " + organisationName + "'s channels"))
						.filter((problem) -> !problem.isEmpty())
						.collectList()
						.doOnNext((problems) -> {
							if (!problems.isEmpty()) {
								errors.put("channelIds", String.join("; ", problems));
							}
						})
						.then();
			Mono<Void> factCheck = request.factsChecked() ? Mono.empty()
					: this.posts.sourcesOf(post.id()).doOnNext((sources) -> {
						if (FactChecklist.of(post.text(), sources, organisationName).needsChecking()) {
							errors.put("factsChecked",
									"This post states facts: go through its fact checklist and confirm it before submitting");
						}
					}).then();
			return channelCheck.then(factCheck)
				.then(Mono.defer(() -> errors.isEmpty() ? Mono.empty() : Mono.error(new InvalidPublication(errors))));
		});
	}

	private Targeting targetingOf(Submission submission) {
		return (submission.targeting() != null) ? this.json.readValue(submission.targeting(), Targeting.class) : null;
	}

	private static String subject(Post post) {
		String title = (post.title().length() > 200) ? post.title().substring(0, 200) : post.title();
		return "post \"" + title + "\" " + post.id();
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	/** The post's words, as the approver reads them. */
	static String digest(Post post) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String part : new String[] { post.title(), post.text(), post.html(), post.link() }) {
				sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
				sha.update((byte) 0);
			}
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
