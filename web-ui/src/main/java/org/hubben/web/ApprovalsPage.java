package org.hubben.web;

import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.approval.ApprovalRefused;
import org.hubben.approval.Approvals;
import org.hubben.approval.InvalidSubmission;
import org.hubben.approval.Submission;
import org.hubben.approval.SubmissionState;
import org.hubben.content.ComposedPost;
import org.hubben.content.PostEditor;
import org.hubben.content.Variant;
import org.hubben.organisation.Access;
import org.hubben.organisation.Action;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import org.hubben.policy.FactChecklist;
import org.hubben.publishing.DueTimes;
import org.hubben.publishing.InvalidPublication;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /approvals}: for approvers, the queue of their organisation's submissions
 * waiting, each with its post as each platform gets it and its fact checklist, to approve
 * (at the submitted time, a new one, or now) or send back with a comment; for everyone,
 * their own submissions and where they stand, to withdraw one that waits.
 */
@Controller
class ApprovalsPage {

	private final Approvals approvals;

	private final PostEditor posts;

	private final Channels channels;

	private final Organisations organisations;

	private final Access access;

	private final CurrentMember currentMember;

	ApprovalsPage(Approvals approvals, PostEditor posts, Channels channels, Organisations organisations, Access access,
			CurrentMember currentMember) {
		this.approvals = approvals;
		this.posts = posts;
		this.channels = channels;
		this.organisations = organisations;
		this.access = access;
		this.currentMember = currentMember;
	}

	@GetMapping("/approvals")
	Mono<Rendering> page(@RequestParam(required = false) String submitted, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> page(member, null, Map.of(), new Decision(null, null, null, null, null, null),
					submitted != null, HttpStatus.OK));
	}

	@PostMapping("/approvals/{id}/approve")
	Mono<Rendering> approve(@PathVariable UUID id, @ModelAttribute Decision decision, Principal principal) {
		return this.currentMember.of(principal).flatMap((member) -> {
			Map<String, String> errors = new LinkedHashMap<>();
			Instant at = decision.instant(errors);
			if (!errors.isEmpty()) {
				return page(member, id, errors, decision, false, HttpStatus.BAD_REQUEST);
			}
			return this.approvals
				.approve(member, id, at, "now".equals(decision.when()), blank(decision.zone()) ? null : decision.zone(),
						decision.comment())
				.map((view) -> Rendering.redirectTo("/publications/" + view.publication().id()).build())
				.onErrorResume((ex) -> refused(member, id, decision, ex));
		});
	}

	@PostMapping("/approvals/{id}/return")
	Mono<Rendering> sendBack(@PathVariable UUID id, @ModelAttribute Decision decision, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.approvals.sendBack(member, id, decision.comment())
				.map((submission) -> Rendering.redirectTo("/approvals").build())
				.onErrorResume((ex) -> refused(member, id, decision, ex)));
	}

	@PostMapping("/approvals/{id}/withdraw")
	Mono<Rendering> withdraw(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.approvals.withdraw(member, id)
				.map((submission) -> Rendering.redirectTo("/approvals").build())
				.onErrorResume((ex) -> refused(member, id, new Decision(null, null, null, null, null, null), ex)));
	}

	/** The page again, the reason beside the submission's fields, what was typed kept. */
	private Mono<Rendering> refused(Member member, UUID id, Decision decision, Throwable ex) {
		if (ex instanceof InvalidSubmission invalid) {
			return page(member, id, invalid.errors(), decision, false, HttpStatus.BAD_REQUEST);
		}
		if (ex instanceof InvalidPublication invalid) {
			return page(member, id, invalid.errors(), decision, false, HttpStatus.BAD_REQUEST);
		}
		if (ex instanceof ApprovalRefused refused) {
			return page(member, id, Map.of("submission", refused.getMessage()), decision, false,
					refused.forbidden() ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT);
		}
		return Mono.error(ex);
	}

	private Mono<Rendering> page(Member member, UUID erred, Map<String, String> errors, Decision decision,
			boolean submitted, HttpStatus status) {
		return Mono
			.zip(this.access.may(member, Action.APPROVE, member.organisationId()),
					this.organisations.findById(member.organisationId()),
					this.approvals.submittedBy(member).concatMap(this::row).collectList())
			.flatMap((loaded) -> (loaded.getT1() ? this.approvals.ofOrganisation(member, SubmissionState.SUBMITTED)
				.sort((a, b) -> a.submittedAt().compareTo(b.submittedAt()))
				.concatMap((submission) -> queued(submission, loaded.getT2().name()))
				.collectList() : Mono.just(List.<Queued>of()))
				.map((queue) -> Rendering.view("approvals")
					.modelAttribute("approver", loaded.getT1())
					.modelAttribute("queue", queue)
					.modelAttribute("mine", loaded.getT3())
					.modelAttribute("me", member.username())
					.modelAttribute("erred", (erred != null) ? erred.toString() : "")
					.modelAttribute("errors", errors)
					.modelAttribute("decision", decision)
					.modelAttribute("submitted", submitted)
					.modelAttribute("zones", ComposePage.ZONES)
					.status(status)
					.build()));
	}

	private Mono<Row> row(Submission submission) {
		return this.posts.find(submission.postId())
			.map((post) -> new Row(submission, post.title(),
					(submission.dueAt() != null) ? DueTimeText.of(submission.dueAt(), zoneOf(submission)) : null));
	}

	private Mono<Queued> queued(Submission submission, String organisationName) {
		return Mono
			.zip(this.posts.composed(submission.postId()), this.posts.sourcesOf(submission.postId()),
					Flux.fromIterable(submission.channels()).concatMap(this.channels::findById).collectList(),
					this.approvals.revisedSince(submission))
			.map((loaded) -> {
				ComposedPost composed = loaded.getT1();
				// What the chosen channels' platforms get, and no other.
				List<Preview> previews = composed.variants()
					.values()
					.stream()
					.filter((variant) -> loaded.getT3()
						.stream()
						.anyMatch((channel) -> channel.platform() == variant.platform()))
					.map((variant) -> new Preview(variant.platform().displayName(), variant))
					.toList();
				return new Queued(submission, composed, previews, loaded.getT3().stream().map(Channel::name).toList(),
						FactChecklist.of(composed.post().text(), loaded.getT2(), organisationName).items(),
						(submission.dueAt() != null) ? DueTimeText.of(submission.dueAt(), zoneOf(submission)) : null,
						(submission.dueAt() != null) && submission.dueAt().isBefore(Instant.now()), loaded.getT4());
			});
	}

	private static String zoneOf(Submission submission) {
		return (submission.zoneId() != null) ? submission.zoneId() : "Europe/Stockholm";
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	/**
	 * A submission waiting, as the approver sees it.
	 *
	 * @param passed whether its time has passed (the approver then chooses a new one, or
	 * now)
	 * @param revised whether the post was revised since it was submitted
	 */
	record Queued(Submission submission, ComposedPost post, List<Preview> previews, List<String> channelNames,
			List<FactChecklist.Item> checklist, String due, boolean passed, boolean revised) {

	}

	/** What one platform gets. */
	record Preview(String platform, Variant variant) {

	}

	/** One of the member's own submissions. */
	record Row(Submission submission, String title, String due) {

	}

	/**
	 * An approver's decision as typed.
	 *
	 * @param when {@code keep} (the submitted time), {@code now} or {@code later}
	 * @param date the new day, {@code yyyy-MM-dd}, when later
	 * @param time the new time of day, {@code HH:mm}, when later
	 * @param zone the zone of the new time
	 * @param comment the comment: required to send back
	 * @param form which form the values were typed in: {@code approve} or {@code return}
	 */
	record Decision(String when, String date, String time, String zone, String comment, String form) {

		Decision {
			when = (when != null) ? when : "keep";
			date = (date != null) ? date : "";
			time = (time != null) ? time : "";
			zone = (zone != null) ? zone : "";
			comment = (comment != null) ? comment : "";
			form = (form != null) ? form : "";
		}

		Instant instant(Map<String, String> errors) {
			if (!"later".equals(this.when)) {
				return null;
			}
			try {
				return DueTimes.resolve(LocalDateTime.of(LocalDate.parse(this.date), LocalTime.parse(this.time)),
						DueTimes.zone(blank(this.zone) ? "Europe/Stockholm" : this.zone));
			}
			catch (DateTimeParseException ex) {
				errors.put("at", "Choose the new day and time");
			}
			catch (InvalidPublication ex) {
				errors.put("at", String.join("; ", ex.errors().values()));
			}
			return null;
		}

	}

}
