package org.hubben.web;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hubben.organisation.InvalidMemberInput;
import org.hubben.organisation.Invitation;
import org.hubben.organisation.Invitations;
import org.hubben.organisation.Member;
import org.hubben.organisation.MemberAdministrator;
import org.hubben.organisation.OneTimeLinkRefused;
import org.hubben.organisation.Organisations;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /invitations/{token}}: someone without an account opens an invitation, chooses a
 * username and password, and is logged in as the new member. A link that cannot be used
 * gets a page saying why.
 */
@Controller
class InvitationPage {

	private final Invitations invitations;

	private final Organisations organisations;

	private final MemberAdministrator administrator;

	private final SessionExpiry sessionExpiry;

	private final Clock clock;

	private final WebSessionServerSecurityContextRepository contexts = new WebSessionServerSecurityContextRepository();

	InvitationPage(Invitations invitations, Organisations organisations, MemberAdministrator administrator,
			SessionExpiry sessionExpiry, Clock clock) {
		this.invitations = invitations;
		this.organisations = organisations;
		this.administrator = administrator;
		this.sessionExpiry = sessionExpiry;
		this.clock = clock;
	}

	@GetMapping("/invitations/{token}")
	Mono<Rendering> open(@PathVariable String token) {
		return this.invitations.open(token)
			.flatMap((invitation) -> page(invitation, token, new JoinForm("", null), Map.of(), HttpStatus.OK))
			.onErrorResume(OneTimeLinkRefused.class, InvitationPage::refused);
	}

	@PostMapping("/invitations/{token}")
	Mono<Rendering> join(@PathVariable String token, @ModelAttribute JoinForm form, ServerWebExchange exchange) {
		return this.invitations.open(token)
			.flatMap((invitation) -> this.invitations.accept(token, form.username(), form.password())
				.flatMap((member) -> logIn(member, exchange))
				.onErrorResume(InvalidMemberInput.class,
						(ex) -> page(invitation, token, form, ex.errors(), HttpStatus.BAD_REQUEST)))
			.onErrorResume(OneTimeLinkRefused.class, InvitationPage::refused);
	}

	/** The new member is logged in, as after the login form, in a new session. */
	private Mono<Rendering> logIn(Member member, ServerWebExchange exchange) {
		var authentication = UsernamePasswordAuthenticationToken.authenticated(member.username(), null,
				List.of(new SimpleGrantedAuthority("ROLE_" + member.role().name())));
		return this.contexts.save(exchange, new SecurityContextImpl(authentication))
			.then(exchange.getSession())
			.doOnNext((session) -> this.sessionExpiry.started(session, this.clock.instant()))
			.then(this.administrator.recordLogin(member.username()))
			.thenReturn(Rendering.redirectTo("/").build());
	}

	private Mono<Rendering> page(Invitation invitation, String token, JoinForm form, Map<String, String> errors,
			HttpStatus status) {
		return this.organisations.findById(invitation.organisationId())
			.map((organisation) -> Rendering.view("invitation")
				.modelAttribute("organisation", organisation.name())
				.modelAttribute("role", invitation.role().name().toLowerCase(Locale.ROOT))
				.modelAttribute("invitedBy", invitation.createdBy())
				.modelAttribute("token", token)
				.modelAttribute("form", new JoinForm(form.username(), null))
				.modelAttribute("errors", errors)
				.status(status)
				.build());
	}

	static Mono<Rendering> refused(OneTimeLinkRefused ex) {
		return Mono.just(Rendering.view("link-refused")
			.modelAttribute("message", ex.getMessage())
			.status((ex.reason() == OneTimeLinkRefused.Reason.UNKNOWN) ? HttpStatus.NOT_FOUND : HttpStatus.GONE)
			.build());
	}

	/** The password is never sent back to the page. */
	record JoinForm(String username, String password) {

		@Override
		public String toString() {
			return "JoinForm[username=" + this.username + "]";
		}

	}

}
