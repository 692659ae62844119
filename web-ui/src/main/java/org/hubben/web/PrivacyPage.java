package org.hubben.web;

import java.security.Principal;
import java.util.List;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.connector.Platform;
import org.hubben.inbox.Commenter;
import org.hubben.inbox.InboxRefused;
import org.hubben.inbox.InboxRetention;
import org.hubben.inbox.PersonErasure;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /settings/privacy}: how long the inbox keeps people's comments, and a person's
 * erasure: find them by the name they write under or their platform id, and erase what
 * Hubben holds about them. Administrators erase; everyone sees the retention.
 */
@Controller
class PrivacyPage {

	private final PersonErasure erasure;

	private final InboxRetention retention;

	private final CurrentMember currentMember;

	private final Organisations organisations;

	PrivacyPage(PersonErasure erasure, InboxRetention retention, CurrentMember currentMember,
			Organisations organisations) {
		this.erasure = erasure;
		this.retention = retention;
		this.currentMember = currentMember;
		this.organisations = organisations;
	}

	@GetMapping("/settings/privacy")
	Mono<Rendering> privacy(@RequestParam(name = "q", required = false) String query,
			@RequestParam(name = "erased", required = false) Integer erased,
			@RequestParam(name = "replies", required = false) Integer replies, Principal principal) {
		String notice = (erased != null) ? "Erased " + erased + " comment(s) and " + ((replies != null) ? replies : 0)
				+ " of your replies to them from Hubben." : null;
		return this.currentMember.of(principal).flatMap((member) -> page(member, query, notice, null, HttpStatus.OK));
	}

	@PostMapping("/settings/privacy/erase")
	Mono<Rendering> erase(@ModelAttribute EraseForm form, Principal principal) {
		return this.currentMember.of(principal).flatMap((member) -> {
			Platform platform = Platform.byId(form.platform()).orElse(null);
			if (platform == null || form.authorId() == null || form.authorId().isBlank()) {
				return page(member, form.q(), null, "Choose a person from the search results to erase",
						HttpStatus.BAD_REQUEST);
			}
			return this.erasure.erase(member, platform, form.authorId())
				.map((done) -> Rendering
					.redirectTo("/settings/privacy?erased=" + done.comments() + "&replies=" + done.replies())
					.build())
				.onErrorResume(InboxRefused.class,
						(ex) -> page(member, form.q(), null, ex.getMessage(), HttpStatus.FORBIDDEN));
		});
	}

	private Mono<Rendering> page(Member member, String query, String notice, String error, HttpStatus status) {
		Mono<List<Commenter>> found = (query != null) ? this.erasure.find(member.organisationId(), query)
				: Mono.just(List.of());
		return Mono.zip(found, this.organisations.findById(member.organisationId()))
			.map((both) -> Rendering.view("privacy")
				.modelAttribute("q", (query != null) ? query : "")
				.modelAttribute("searched", query != null)
				.modelAttribute("people",
						both.getT1().stream().map((person) -> PersonRow.of(person, both.getT2().zoneId())).toList())
				.modelAttribute("retentionDays", this.retention.retention().toDays())
				.modelAttribute("notice", notice)
				.modelAttribute("error", error)
				.modelAttribute("admin", member.role().may(Action.MANAGE_SETTINGS, Reach.OWN))
				.status(status)
				.build());
	}

	/**
	 * @param q the search that found the person, to show it again
	 * @param platform the platform's id
	 * @param authorId the person's platform id
	 */
	record EraseForm(String q, String platform, String authorId) {

	}

	/** A person found, as the page lists them. */
	record PersonRow(String platform, String platformName, String authorId, String names, int comments, String channels,
			String latest) {

		static PersonRow of(Commenter person, String zone) {
			return new PersonRow(person.platform().id(), person.platform().displayName(), person.authorId(),
					String.join(", ", person.names()), person.comments(), String.join(", ", person.channels()),
					DueTimeText.of(person.latest(), zone));
		}

	}

}
