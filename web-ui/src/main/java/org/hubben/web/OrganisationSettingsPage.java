package org.hubben.web;

import java.security.Principal;
import java.util.Map;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.OrganisationSettings;
import org.hubben.organisation.Organisations;
import org.hubben.organisation.SettingsRefused;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /settings/organisation}: the organisation's sender line, which every post
 * carries where the platform allows. Administrators change it; everyone sees it.
 */
@Controller
class OrganisationSettingsPage {

	private final OrganisationSettings settings;

	private final Organisations organisations;

	private final CurrentMember currentMember;

	OrganisationSettingsPage(OrganisationSettings settings, Organisations organisations, CurrentMember currentMember) {
		this.settings = settings;
		this.organisations = organisations;
		this.currentMember = currentMember;
	}

	@GetMapping("/settings/organisation")
	Mono<Rendering> form(Principal principal, ServerWebExchange exchange) {
		boolean saved = exchange.getRequest().getQueryParams().containsKey("saved");
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.organisations.findById(member.organisationId())
				.flatMap((organisation) -> page(member, organisation,
						new SettingsForm((organisation.senderLine() != null) ? organisation.senderLine() : ""),
						Map.of(), saved, HttpStatus.OK)));
	}

	@PostMapping("/settings/organisation")
	Mono<Rendering> save(@ModelAttribute("form") SettingsForm form, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.settings.changeSenderLine(member, form.senderLine())
				.map((organisation) -> Rendering.redirectTo("/settings/organisation?saved").build())
				.onErrorResume(SettingsRefused.class, (ex) -> this.organisations.findById(member.organisationId())
					.flatMap((organisation) -> page(member, organisation, form, Map.of(ex.field(), ex.getMessage()),
							false, (member.role().may(Action.MANAGE_SETTINGS, Reach.OWN)) ? HttpStatus.BAD_REQUEST
									: HttpStatus.FORBIDDEN))));
	}

	private static Mono<Rendering> page(Member member, Organisation organisation, SettingsForm form,
			Map<String, String> errors, boolean saved, HttpStatus status) {
		return Mono.just(Rendering.view("organisation-settings")
			.modelAttribute("organisation", organisation)
			.modelAttribute("form", form)
			.modelAttribute("errors", errors)
			.modelAttribute("saved", saved)
			.modelAttribute("editable", member.role().may(Action.MANAGE_SETTINGS, Reach.OWN))
			.modelAttribute("senderLineMax", Organisation.SENDER_LINE_MAX)
			.status(status)
			.build());
	}

	/**
	 * @param senderLine the sender line as typed
	 */
	record SettingsForm(String senderLine) {

	}

}
