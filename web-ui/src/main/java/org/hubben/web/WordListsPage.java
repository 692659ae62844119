package org.hubben.web;

import java.security.Principal;
import java.util.EnumMap;
import java.util.Map;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.inbox.InboxRefused;
import org.hubben.inbox.InvalidWords;
import org.hubben.inbox.WordLanguage;
import org.hubben.inbox.WordLists;
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
 * {@code /settings/words}: the Swedish and English word lists that flag offensive
 * comments in the inbox. Administrators edit them; everyone reads them.
 */
@Controller
class WordListsPage {

	private final WordLists wordLists;

	private final CurrentMember currentMember;

	WordListsPage(WordLists wordLists, CurrentMember currentMember) {
		this.wordLists = wordLists;
		this.currentMember = currentMember;
	}

	@GetMapping("/settings/words")
	Mono<Rendering> form(@RequestParam(name = "flagged", required = false) Long flagged, Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.wordLists.of(member.organisationId())
				.map((lists) -> new WordsForm(lists.get(WordLanguage.SV), lists.get(WordLanguage.EN)))
				.map((form) -> page(member, form, Map.of(), flagged, HttpStatus.OK)));
	}

	@PostMapping("/settings/words")
	Mono<Rendering> save(@ModelAttribute("form") WordsForm form, Principal principal) {
		return this.currentMember.of(principal).flatMap((member) -> {
			Map<WordLanguage, String> lists = new EnumMap<>(WordLanguage.class);
			lists.put(WordLanguage.SV, (form.sv() != null) ? form.sv() : "");
			lists.put(WordLanguage.EN, (form.en() != null) ? form.en() : "");
			return this.wordLists.save(member, lists)
				.map((flagged) -> Rendering.redirectTo("/settings/words?flagged=" + flagged).build())
				.onErrorResume(InvalidWords.class,
						(ex) -> Mono.just(page(member, form, ex.errors(), null, HttpStatus.BAD_REQUEST)))
				.onErrorResume(InboxRefused.class,
						(ex) -> Mono.just(page(member, form, Map.of(), null, HttpStatus.FORBIDDEN)));
		});
	}

	private static Rendering page(Member member, WordsForm form, Map<String, String> errors, Long flagged,
			HttpStatus status) {
		return Rendering.view("words")
			.modelAttribute("form", form)
			.modelAttribute("errors", errors)
			.modelAttribute("flagged", flagged)
			.modelAttribute("editable", member.role().may(Action.MANAGE_SETTINGS, Reach.OWN))
			.status(status)
			.build();
	}

	/**
	 * @param sv the Swedish list, one entry a line
	 * @param en the English list, one entry a line
	 */
	record WordsForm(String sv, String en) {

	}

}
