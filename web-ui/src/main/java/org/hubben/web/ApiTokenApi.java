package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.hubben.organisation.ApiToken;
import org.hubben.organisation.ApiTokenIssuer;
import org.hubben.organisation.IssuedApiToken;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code /api/tokens}: the caller's personal API tokens. A token's text is in the answer
 * that issued it and nowhere else, ever.
 */
@ApiController("/api/tokens")
@Tag(name = "API tokens", description = "Your personal API tokens, for `Authorization: Bearer`")
class ApiTokenApi {

	private final ApiTokenIssuer issuer;

	private final CurrentMember currentMember;

	private final Clock clock;

	ApiTokenApi(ApiTokenIssuer issuer, CurrentMember currentMember, Clock clock) {
		this.issuer = issuer;
		this.currentMember = currentMember;
		this.clock = clock;
	}

	@GetMapping
	@Operation(operationId = "listApiTokens", summary = "List your API tokens",
			description = "Revoked and expired ones too, newest first; never their text.")
	Flux<TokenJson> mine(Principal principal) {
		Instant now = this.clock.instant();
		return this.currentMember.of(principal)
			.flatMapMany((member) -> this.issuer.tokensOf(member.id()))
			.map((token) -> TokenJson.of(token, now));
	}

	@PostMapping
	@Operation(operationId = "createApiToken", summary = "Create an API token",
			description = "The answer carries the token's text in `token`, this once: Hubben keeps only its hash.")
	@ApiResponse(responseCode = "201", description = "The token, with its text")
	Mono<ResponseEntity<IssuedTokenJson>> issue(@RequestBody IssueJson body, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.issuer.issue(member.id(), body.name(), body.expiry()))
			.map((issued) -> ResponseEntity.created(URI.create("/api/tokens/" + issued.token().id()))
				.body(IssuedTokenJson.of(issued, this.clock.instant())));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "revokeApiToken", summary = "Revoke an API token",
			description = "Idempotent; the token authenticates nothing from then on.")
	Mono<TokenJson> revoke(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.issuer.revoke(member.id(), id))
			.map((token) -> TokenJson.of(token, this.clock.instant()));
	}

	/**
	 * @param name what the token is for, required
	 * @param expiresAt an ISO-8601 instant in the future ({@code 2027-01-01T00:00:00Z});
	 * absent for a token that does not expire
	 */
	record IssueJson(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100,
					example = "newsroom script") String name,
			@Schema(format = "date-time", description = "In the future; absent for a token that does not expire",
					example = "2027-01-01T00:00:00Z") String expiresAt) {

		Instant expiry() {
			if (this.expiresAt == null || this.expiresAt.isBlank()) {
				return null;
			}
			try {
				return OffsetDateTime.parse(this.expiresAt).toInstant();
			}
			catch (DateTimeParseException ex) {
				throw new InvalidRequest(Map.of("expiresAt",
						"'" + this.expiresAt + "' is not an ISO-8601 time such as 2027-01-01T00:00:00Z"));
			}
		}

	}

	/**
	 * A token without its text.
	 *
	 * @param hint the token's first characters, to tell it apart
	 * @param status {@code active}, {@code expired} or {@code revoked}
	 * @param lastUsedAt when it last authenticated a request, to the minute; {@code null}
	 * when never
	 * @param expiresAt {@code null} when it does not expire
	 * @param revokedAt {@code null} unless revoked
	 */
	record TokenJson(UUID id, String name, String hint, @Schema(allowableValues = {
			"active", "expired", "revoked" }) String status, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
			Instant revokedAt){

		static TokenJson of(ApiToken token, Instant now) {
			return new TokenJson(token.id(), token.name(), token.hint(),
					token.status(now).name().toLowerCase(Locale.ROOT), token.createdAt(), token.lastUsedAt(),
					token.expiresAt(), token.revokedAt());
		}

	}

	/**
	 * A token just issued, with its text: send it as
	 * {@code Authorization: Bearer <token>}. It is shown this once.
	 */
	record IssuedTokenJson(UUID id, String name, String hint, String status, Instant createdAt, Instant expiresAt,
			@Schema(description = "The token's text, shown this once: send it as Authorization: Bearer <token>",
					example = "hbn_3q2-7wXbQ1n1x9hG0aVZ5d2Yk4cS8mPpLr6tUeJfWoA") String token) {

		static IssuedTokenJson of(IssuedApiToken issued, Instant now) {
			ApiToken token = issued.token();
			return new IssuedTokenJson(token.id(), token.name(), token.hint(),
					token.status(now).name().toLowerCase(Locale.ROOT), token.createdAt(), token.expiresAt(),
					issued.secret());
		}

		@Override
		public String toString() {
			return "IssuedTokenJson[id=" + this.id + ", name=" + this.name + "]";
		}

	}

}
