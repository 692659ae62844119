package org.hubben.organisation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;

/**
 * Issues, lists, revokes and checks members' personal API tokens. A token is {@code hbn_}
 * followed by the URL-safe base64 of 32 random bytes; Hubben keeps only the SHA-256 of
 * its text, so the text is shown once, when it is issued, and a stolen database yields no
 * usable token. A token acts as its member, with the member's role.
 *
 * <p>
 * Every method is non-blocking and works across the nodes of a cluster (the database
 * decides).
 */
@Service
public class ApiTokenIssuer {

	/**
	 * What every Hubben token starts with, so that secret scanners and people spot one.
	 */
	public static final String PREFIX = "hbn_";

	static final int MAX_NAME_LENGTH = 100;

	/** How often a token's last use is written down. */
	static final Duration USE_PRECISION = Duration.ofMinutes(1);

	private static final Pattern TOKEN_SHAPE = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

	private static final int HINT_LENGTH = PREFIX.length() + 6;

	private final ApiTokens tokens;

	private final Members members;

	private final R2dbcEntityTemplate template;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ApiTokenIssuer(ApiTokens tokens, Members members, R2dbcEntityTemplate template, Clock clock) {
		this.tokens = tokens;
		this.members = members;
		this.template = template;
		this.clock = clock;
	}

	/**
	 * Issues a token for the member.
	 * @param memberId the member it will act as
	 * @param name what the member calls it; required, at most 100 characters, trimmed
	 * @param expiresAt when it stops working, in the future; {@code null} for never
	 * @return the token with its text, which is never available again; an
	 * {@link InvalidApiToken} error, saying why per field, when the name or expiry is not
	 * acceptable
	 */
	public Mono<IssuedApiToken> issue(UUID memberId, String name, Instant expiresAt) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			Map<String, String> errors = new LinkedHashMap<>();
			String trimmed = (name != null) ? name.strip() : "";
			if (trimmed.isEmpty()) {
				errors.put("name", "Give the token a name, so you know later what uses it");
			}
			else if (trimmed.length() > MAX_NAME_LENGTH) {
				errors.put("name", "A name has at most " + MAX_NAME_LENGTH + " characters");
			}
			if (expiresAt != null && !expiresAt.isAfter(now)) {
				errors.put("expiresAt", "The expiry must be in the future");
			}
			if (!errors.isEmpty()) {
				return Mono.error(new InvalidApiToken(errors));
			}
			byte[] bytes = new byte[32];
			this.random.nextBytes(bytes);
			String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			ApiToken token = new ApiToken(UUID.randomUUID(), memberId, trimmed, hash(secret),
					secret.substring(0, HINT_LENGTH), now, null, expiresAt, null);
			return this.template.insert(token).map((stored) -> new IssuedApiToken(stored, secret));
		});
	}

	/**
	 * @return the member's tokens, revoked and expired ones too, newest first
	 */
	public Flux<ApiToken> tokensOf(UUID memberId) {
		return this.tokens.findByMemberIdOrderByCreatedAtDesc(memberId);
	}

	/**
	 * Revokes one of the member's tokens; it authenticates nothing from then on, on every
	 * node. Idempotent: revoking a revoked token keeps its first revocation time.
	 * @return the token as revoked; an {@link ApiTokenNotFound} error when the member has
	 * no token with that id
	 */
	public Mono<ApiToken> revoke(UUID memberId, UUID tokenId) {
		return Mono.defer(() -> this.tokens.revoke(tokenId, memberId, this.clock.instant()))
			.then(this.tokens.findByIdAndMemberId(tokenId, memberId))
			.switchIfEmpty(Mono.error(() -> new ApiTokenNotFound(tokenId)));
	}

	/**
	 * Finds the member a presented token acts as, and records its use (to the minute).
	 * @param presented the token's text, as the request carried it
	 * @return the member; an {@link ApiTokenRefused} error when the token is not one
	 * Hubben issued (or its member was removed), was revoked, or has expired
	 */
	public Mono<Member> authenticate(String presented) {
		return Mono.defer(() -> {
			if (presented == null || !TOKEN_SHAPE.matcher(presented).matches()) {
				return Mono.error(unknown());
			}
			return this.tokens.findByTokenHash(hash(presented))
				.switchIfEmpty(Mono.error(ApiTokenIssuer::unknown))
				.flatMap((token) -> {
					Instant now = this.clock.instant();
					return switch (token.status(now)) {
						case REVOKED -> Mono
							.error(new ApiTokenRefused(ApiTokenRefused.Reason.REVOKED, "This API token was revoked on "
									+ when(token.revokedAt()) + "; create a new one under API tokens"));
						case EXPIRED ->
							Mono.error(new ApiTokenRefused(ApiTokenRefused.Reason.EXPIRED, "This API token expired on "
									+ when(token.expiresAt()) + "; create a new one under API tokens"));
						case ACTIVE -> this.members.findById(token.memberId())
							.switchIfEmpty(Mono.error(ApiTokenIssuer::unknown))
							.flatMap((member) -> this.tokens.recordUse(token.id(), now, now.minus(USE_PRECISION))
								.thenReturn(member));
					};
				});
		});
	}

	private static ApiTokenRefused unknown() {
		return new ApiTokenRefused(ApiTokenRefused.Reason.UNKNOWN, "Hubben does not know this API token");
	}

	private static String when(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant);
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
