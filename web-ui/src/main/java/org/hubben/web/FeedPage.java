package org.hubben.web;

import java.security.Principal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.content.FeedPoll;
import org.hubben.content.FeedStatus;
import org.hubben.content.HomeSiteFeed;
import org.hubben.content.InvalidLink;
import org.hubben.organisation.Member;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /settings/feed}: the home-site feed whose new articles become drafts. An
 * administrator or editor sets its address (or leaves it to be discovered on the home
 * site), reads how the last poll went, and checks the feed now.
 */
@Controller
class FeedPage {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final CurrentMember currentMember;

	private final HomeSiteFeed feed;

	FeedPage(CurrentMember currentMember, HomeSiteFeed feed) {
		this.currentMember = currentMember;
		this.feed = feed;
	}

	@GetMapping("/settings/feed")
	Mono<Rendering> settings(@RequestParam(name = "done", required = false) String done, Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> page(member, null, Map.of(), done, HttpStatus.OK));
	}

	@PostMapping("/settings/feed")
	Mono<Rendering> change(@ModelAttribute FeedForm form, Principal principal) {
		return this.currentMember.of(principal).flatMap((member) -> {
			if (!mayChange(member)) {
				return page(member, form.feedUrl(), Map.of(), null, HttpStatus.FORBIDDEN);
			}
			return this.feed.changeFeedUrl(member.organisationId(), form.feedUrl())
				.thenReturn(Rendering.redirectTo("/settings/feed?done=saved").build())
				.onErrorResume(InvalidLink.class,
						(ex) -> page(member, form.feedUrl(),
								Map.of("feedUrl", "Hubben cannot read this address: " + ex.getMessage()), null,
								HttpStatus.BAD_REQUEST));
		});
	}

	@PostMapping("/settings/feed/check")
	Mono<Rendering> checkNow(Principal principal) {
		return this.currentMember.of(principal).flatMap((member) -> {
			if (!mayChange(member)) {
				return page(member, null, Map.of(), null, HttpStatus.FORBIDDEN);
			}
			return this.feed.poll(member.organisationId())
				.thenReturn(Rendering.redirectTo("/settings/feed?done=checked").build());
		});
	}

	private static boolean mayChange(Member member) {
		return member.role().may(Action.MANAGE_SETTINGS, Reach.OWN);
	}

	/**
	 * @param typed the address as typed, to show again; {@code null} shows the one saved
	 */
	private Mono<Rendering> page(Member member, String typed, Map<String, String> errors, String done,
			HttpStatus status) {
		boolean allowed = mayChange(member);
		return this.feed.status(member.organisationId())
			.map((feedStatus) -> Rendering.view("feed")
				.modelAttribute("allowed", allowed)
				.modelAttribute("status", feedStatus)
				.modelAttribute("feedUrl",
						(typed != null) ? typed : ((feedStatus.feedUrl() != null) ? feedStatus.feedUrl() : ""))
				.modelAttribute("lastPoll", PollRow.of(feedStatus))
				.modelAttribute("errors", errors)
				.modelAttribute("done", (done != null) ? done : "")
				.status(allowed ? status : HttpStatus.FORBIDDEN)
				.build());
	}

	/**
	 * @param feedUrl the feed's address; blank to discover it on the home site
	 */
	record FeedForm(String feedUrl) {

	}

	/**
	 * The last poll as the page says it.
	 *
	 * @param feedUrl the feed read (set or discovered), or {@code null} when none was
	 * found
	 * @param outcome what happened, in a sentence
	 */
	record PollRow(String polledAt, String feedUrl, boolean failed, String outcome) {

		static PollRow of(FeedStatus status) {
			FeedPoll poll = status.lastPoll();
			if (poll == null) {
				return null;
			}
			String outcome = poll.failed() ? poll.error()
					: "Read " + poll.entriesRead() + ((poll.entriesRead() == 1) ? " article" : " articles") + ", made "
							+ poll.draftsMade() + ((poll.draftsMade() == 1) ? " draft" : " drafts") + ".";
			return new PollRow(TIME.format(poll.polledAt()), poll.feedUrl(), poll.failed(), outcome);
		}

	}

}
