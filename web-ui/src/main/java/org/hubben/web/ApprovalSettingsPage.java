package org.hubben.web;

import java.security.Principal;

import org.hubben.approval.ApprovalRules;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * The "Require approval before scheduling" setting of {@code /settings/organisation}:
 * administrators (MANAGE_SETTINGS) turn it on or off; the settings page shows it.
 */
@Controller
class ApprovalSettingsPage {

	private final ApprovalRules rules;

	private final CurrentMember currentMember;

	ApprovalSettingsPage(ApprovalRules rules, CurrentMember currentMember) {
		this.rules = rules;
		this.currentMember = currentMember;
	}

	@PostMapping("/settings/organisation/approval")
	Mono<Rendering> save(@ModelAttribute ApprovalForm form, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.rules.require(member, member.organisationId(),
					Boolean.TRUE.equals(form.required())))
			.map((required) -> Rendering.redirectTo("/settings/organisation?saved").build());
	}

	/**
	 * @param required {@code true} when ticked
	 */
	record ApprovalForm(Boolean required) {

	}

	/** Whether the member's organisation requires approval, for the settings page. */
	@ControllerAdvice(assignableTypes = OrganisationSettingsPage.class)
	static class Models {

		private final ApprovalRules rules;

		private final CurrentMember currentMember;

		Models(ApprovalRules rules, CurrentMember currentMember) {
			this.rules = rules;
			this.currentMember = currentMember;
		}

		@ModelAttribute("approvalRequired")
		Mono<Boolean> approvalRequired(ServerWebExchange exchange) {
			return exchange.getPrincipal()
				.flatMap(this.currentMember::of)
				.flatMap((member) -> this.rules.required(member.organisationId()))
				.onErrorResume((ex) -> Mono.empty());
		}

	}

}
