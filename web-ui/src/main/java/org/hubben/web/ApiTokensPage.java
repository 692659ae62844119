package org.hubben.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.hubben.organisation.ApiToken;
import org.hubben.organisation.ApiTokenIssuer;
import org.hubben.organisation.ApiTokenNotFound;
import org.hubben.organisation.InvalidApiToken;
import org.hubben.organisation.IssuedApiToken;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /account/tokens}: the member's personal API tokens. Creating one shows its text
 * on the answering page, once; the page is never cached (Spring Security's default
 * headers) and the text is not kept anywhere to show again.
 */
@Controller
class ApiTokensPage {

	/** The expiries the form offers, in days; {@code never} is the other choice. */
	static final List<Integer> EXPIRY_DAYS = List.of(7, 30, 90, 365);

	static final String NEVER = "never";

	private final ApiTokenIssuer issuer;

	private final CurrentMember currentMember;

	private final Organisations organisations;

	private final Clock clock;

	ApiTokensPage(ApiTokenIssuer issuer, CurrentMember currentMember, Organisations organisations, Clock clock) {
		this.issuer = issuer;
		this.currentMember = currentMember;
		this.organisations = organisations;
		this.clock = clock;
	}

	@GetMapping("/account/tokens")
	Mono<Rendering> tokens(Principal principal, ServerWebExchange exchange) {
		boolean revoked = exchange.getRequest().getQueryParams().containsKey("revoked");
		return this.currentMember.of(principal)
			.flatMap((member) -> page(member, new TokenForm("", "90"), Map.of(), null,
					revoked ? "Revoked the token. Requests that send it are refused from now on." : null,
					HttpStatus.OK));
	}

	@PostMapping("/account/tokens")
	Mono<Rendering> create(@ModelAttribute("form") TokenForm form, Principal principal) {
		return this.currentMember.of(principal).flatMap((member) -> {
			Instant expiry;
			try {
				expiry = form.expiry(this.clock.instant());
			}
			catch (InvalidApiToken ex) {
				return page(member, form, ex.errors(), null, null, HttpStatus.BAD_REQUEST);
			}
			return this.issuer.issue(member.id(), form.name(), expiry)
				.flatMap((issued) -> page(member, new TokenForm("", form.expiresIn()), Map.of(), issued, null,
						HttpStatus.CREATED))
				.onErrorResume(InvalidApiToken.class,
						(ex) -> page(member, form, ex.errors(), null, null, HttpStatus.BAD_REQUEST));
		});
	}

	@PostMapping("/account/tokens/{id}/revoke")
	Mono<Rendering> revoke(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.issuer.revoke(member.id(), id)
				.map((revoked) -> Rendering.redirectTo("/account/tokens?revoked").build())
				.onErrorResume(ApiTokenNotFound.class, (ex) -> page(member, new TokenForm("", "90"), Map.of(), null,
						ex.getMessage(), HttpStatus.NOT_FOUND)));
	}

	private Mono<Rendering> page(Member member, TokenForm form, Map<String, String> errors, IssuedApiToken issued,
			String notice, HttpStatus status) {
		Instant now = this.clock.instant();
		return this.organisations.findById(member.organisationId())
			.flatMap((organisation) -> this.issuer.tokensOf(member.id())
				.map((token) -> Row.of(token, now, organisation.zoneId()))
				.collectList()
				.map((rows) -> Rendering.view("api-tokens")
					.modelAttribute("member", member)
					.modelAttribute("form", form)
					.modelAttribute("errors", errors)
					.modelAttribute("issued", issued)
					.modelAttribute("notice", notice)
					.modelAttribute("rows", rows)
					.modelAttribute("expiries", expiries())
					.status(status)
					.build()));
	}

	private static Map<String, String> expiries() {
		Map<String, String> choices = new LinkedHashMap<>();
		for (int days : EXPIRY_DAYS) {
			choices.put(Integer.toString(days), (days == 365) ? "In a year" : "In " + days + " days");
		}
		choices.put(NEVER, "Never");
		return choices;
	}

	/**
	 * @param name what the token is for
	 * @param expiresIn days from now, one of {@link #EXPIRY_DAYS}, or {@link #NEVER}
	 */
	record TokenForm(String name, String expiresIn) {

		Instant expiry(Instant now) {
			if (NEVER.equals(this.expiresIn)) {
				return null;
			}
			try {
				int days = Integer.parseInt((this.expiresIn != null) ? this.expiresIn : "");
				if (EXPIRY_DAYS.contains(days)) {
					return now.plus(Duration.ofDays(days));
				}
			}
			catch (NumberFormatException ex) {
				// Falls through to the same answer as an unlisted number.
			}
			throw new InvalidApiToken(Map.of("expiresIn", "Choose when the token expires from the list"));
		}

	}

	/**
	 * One token, as the page lists it.
	 *
	 * @param status {@code active}, {@code expired} or {@code revoked}
	 */
	record Row(UUID id, String name, String hint, String status, String created, String lastUsed, String expires,
			boolean revocable) {

		static Row of(ApiToken token, Instant now, String zone) {
			ApiToken.Status status = token.status(now);
			return new Row(token.id(), token.name(), token.hint(), status.name().toLowerCase(Locale.ROOT),
					DueTimeText.of(token.createdAt(), zone),
					(token.lastUsedAt() != null) ? DueTimeText.of(token.lastUsedAt(), zone) : "never",
					(token.revokedAt() != null) ? "revoked " + DueTimeText.of(token.revokedAt(), zone)
							: (token.expiresAt() != null) ? DueTimeText.of(token.expiresAt(), zone) : "never",
					status != ApiToken.Status.REVOKED);
		}

	}

}
