package org.hubben.web;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.inbox.CommentNotFound;
import org.hubben.inbox.Inbox;
import org.hubben.inbox.InboxFilter;
import org.hubben.inbox.InboxPoller;
import org.hubben.inbox.InboxRefused;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /inbox}: the comments on the organisation's posts from every channel, threaded
 * under their posts, with a reply form and a hide (or delete) button on each. A refused
 * reply is shown beside its form, with the text as it was typed.
 */
@Controller
class InboxPage {

	private static final List<FilterLink> FILTERS = List.of(new FilterLink("all", "All"),
			new FilterLink("flagged", "Flagged"), new FilterLink("unanswered", "Unanswered"));

	private final Inbox inbox;

	private final InboxPoller poller;

	private final CurrentMember currentMember;

	private final Organisations organisations;

	InboxPage(Inbox inbox, InboxPoller poller, CurrentMember currentMember, Organisations organisations) {
		this.inbox = inbox;
		this.poller = poller;
		this.currentMember = currentMember;
		this.organisations = organisations;
	}

	@GetMapping("/inbox")
	Mono<Rendering> inbox(@RequestParam(name = "filter", required = false) String filter,
			@RequestParam(name = "done", required = false) String done,
			@RequestParam(name = "on", required = false) String on,
			@RequestParam(name = "new", required = false) Integer stored, Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> page(member, filter, null, notice(done, on, stored), HttpStatus.OK));
	}

	/**
	 * What the last action did, told from fixed words only: a link cannot make the page
	 * say anything else.
	 */
	private static String notice(String done, String on, Integer stored) {
		if (done == null) {
			return null;
		}
		String platform = java.util.Arrays.stream(org.hubben.connector.Platform.values())
			.filter((candidate) -> candidate.id().equals(on))
			.map(org.hubben.connector.Platform::displayName)
			.findFirst()
			.orElse("the platform");
		return switch (done) {
			case "replied" -> "Replied on " + platform + ".";
			case "hidden" -> "Hid the comment on " + platform + ".";
			case "deleted" -> "Deleted the comment on " + platform + ".";
			case "polled" -> "Checked every channel: " + ((stored != null) ? stored : 0) + " new comment(s).";
			default -> null;
		};
	}

	@PostMapping("/inbox/comments/{id}/reply")
	Mono<Rendering> reply(@PathVariable UUID id, @ModelAttribute ReplyForm form, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.inbox.reply(member, id, form.text())
				.map((reply) -> redirect(form.filter(), "replied", reply.platform().id(), null, reply.id()))
				.onErrorResume(InboxRefused.class,
						(ex) -> page(member, form.filter(), new Problem(id, ex.getMessage(), form.text()), null,
								status(ex)))
				.onErrorResume(CommentNotFound.class, (ex) -> page(member, form.filter(),
						new Problem(id, ex.getMessage(), form.text()), null, HttpStatus.NOT_FOUND)));
	}

	@PostMapping("/inbox/comments/{id}/moderate")
	Mono<Rendering> moderate(@PathVariable UUID id, @ModelAttribute ReplyForm form, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.inbox.moderate(member, id)
				.map((comment) -> redirect(form.filter(), comment.deleted() ? "deleted" : "hidden",
						comment.platform().id(), null, comment.id()))
				.onErrorResume(InboxRefused.class,
						(ex) -> page(member, form.filter(), new Problem(id, ex.getMessage(), null), null, status(ex)))
				.onErrorResume(CommentNotFound.class, (ex) -> page(member, form.filter(),
						new Problem(id, ex.getMessage(), null), null, HttpStatus.NOT_FOUND)));
	}

	@PostMapping("/inbox/poll")
	Mono<Rendering> poll(@ModelAttribute ReplyForm form, Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.poller.poll())
			.map((round) -> redirect(form.filter(), "polled", null, round.stored(), null));
	}

	private Mono<Rendering> page(Member member, String filterId, Problem problem, String notice, HttpStatus status) {
		InboxFilter filter = InboxFilter.of(filterId);
		InboxFilter shown = (filter != null) ? filter : InboxFilter.ALL;
		return Mono.zip(this.organisations.findById(member.organisationId()),
				this.inbox.threads(member.organisationId(), shown), this.inbox.flaggedCount(member.organisationId()))
			.map((all) -> Rendering.view("inbox")
				.modelAttribute("posts", InboxView.of(all.getT2(), all.getT1().zoneId()))
				.modelAttribute("filter", shown.id())
				.modelAttribute("filters", FILTERS)
				.modelAttribute("flagged", all.getT3())
				.modelAttribute("problem", problem)
				.modelAttribute("notice", notice)
				.modelAttribute("canAct", member.role().may(Action.SCHEDULE, Reach.OWN))
				.status(status)
				.build());
	}

	private static Rendering redirect(String filter, String done, String platform, Integer stored, UUID anchor) {
		InboxFilter known = InboxFilter.of(filter);
		UriComponentsBuilder builder = UriComponentsBuilder.fromPath("/inbox")
			.queryParam("filter", ((known != null) ? known : InboxFilter.ALL).id())
			.queryParam("done", done);
		if (platform != null) {
			builder.queryParam("on", platform);
		}
		if (stored != null) {
			builder.queryParam("new", stored);
		}
		String uri = builder.fragment((anchor != null) ? "comment-" + anchor : null).encode().build().toUriString();
		return Rendering.redirectTo(uri).build();
	}

	static HttpStatus status(InboxRefused ex) {
		return switch (ex.reason()) {
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case INVALID -> HttpStatus.BAD_REQUEST;
			case CONFLICT -> HttpStatus.CONFLICT;
			case PLATFORM -> HttpStatus.BAD_GATEWAY;
		};
	}

	/**
	 * @param text the reply, plain text
	 * @param filter the filter the page was showing, to return to it
	 */
	record ReplyForm(String text, String filter) {

	}

	/**
	 * What went wrong with one comment's form.
	 *
	 * @param commentId the comment
	 * @param message why
	 * @param text the reply as typed, or {@code null}
	 */
	record Problem(UUID commentId, String message, String text) {

	}

	/** The filters, in the order the page offers them. */
	record FilterLink(String id, String label) {

	}

}
