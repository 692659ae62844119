package org.hubben.web;

import java.security.Principal;
import java.util.Locale;
import java.util.Map;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import org.hubben.sharing.InvalidTips;
import org.hubben.sharing.ShareTips;
import org.hubben.sharing.TipsEditor;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /settings/tips}: the organisation's "how to share well" for its supporters, in
 * Swedish and English, shown on its public tips page. Administrators edit it; a text left
 * as Hubben's default stays the default, so later improvements to it reach the page.
 */
@Controller
class TipsPage {

	private static final Locale SWEDISH = Locale.forLanguageTag("sv");

	private final TipsEditor editor;

	private final Organisations organisations;

	private final CurrentMember currentMember;

	private final MessageSource messages;

	TipsPage(TipsEditor editor, Organisations organisations, CurrentMember currentMember, MessageSource messages) {
		this.editor = editor;
		this.organisations = organisations;
		this.currentMember = currentMember;
		this.messages = messages;
	}

	@GetMapping("/settings/tips")
	Mono<Rendering> form(Principal principal, ServerWebExchange exchange) {
		boolean saved = exchange.getRequest().getQueryParams().containsKey("saved");
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.editor.of(member.organisationId())
				.map((tips) -> new TipsForm(orDefault(tips.textSv(), SWEDISH),
						orDefault(tips.textEn(), Locale.ENGLISH)))
				.defaultIfEmpty(new TipsForm(defaultText(SWEDISH), defaultText(Locale.ENGLISH)))
				.flatMap((form) -> page(member, form, Map.of(), saved, HttpStatus.OK)));
	}

	@PostMapping("/settings/tips")
	Mono<Rendering> save(@ModelAttribute("form") TipsForm form, Principal principal) {
		return this.currentMember.of(principal).flatMap((member) -> {
			if (!member.role().may(Action.MANAGE_SETTINGS, Reach.OWN)) {
				return page(member, form, Map.of(), false, HttpStatus.FORBIDDEN);
			}
			return this.editor
				.save(member.organisationId(), unlessDefault(form.sv(), SWEDISH),
						unlessDefault(form.en(), Locale.ENGLISH), member.username())
				.map((ShareTips tips) -> Rendering.redirectTo("/settings/tips?saved").build())
				.onErrorResume(InvalidTips.class,
						(ex) -> page(member, form, ex.errors(), false, HttpStatus.BAD_REQUEST));
		});
	}

	private Mono<Rendering> page(Member member, TipsForm form, Map<String, String> errors, boolean saved,
			HttpStatus status) {
		return this.organisations.findById(member.organisationId())
			.map((organisation) -> Rendering.view("tips-edit")
				.modelAttribute("form", form)
				.modelAttribute("errors", errors)
				.modelAttribute("saved", saved)
				.modelAttribute("editable", member.role().may(Action.MANAGE_SETTINGS, Reach.OWN))
				.modelAttribute("organisation", organisation)
				.status(status)
				.build());
	}

	private String orDefault(String text, Locale language) {
		return (text != null) ? text : defaultText(language);
	}

	private String unlessDefault(String text, Locale language) {
		if (text == null) {
			return null;
		}
		String normalised = text.replace("\r\n", "\n").strip();
		return normalised.equals(defaultText(language).strip()) ? null : normalised;
	}

	private String defaultText(Locale language) {
		return this.messages.getMessage("tips.default", null, language);
	}

	/**
	 * @param sv the Swedish text
	 * @param en the English text
	 */
	record TipsForm(String sv, String en) {

	}

}
