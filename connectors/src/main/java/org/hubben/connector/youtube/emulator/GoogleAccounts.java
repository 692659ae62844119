package org.hubben.connector.youtube.emulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.emulator.EmulatorPages;
import org.hubben.connector.emulator.EmulatorTokens;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriUtils;

/**
 * Google's OAuth 2.0 as the YouTube emulator serves it: the consent page of
 * {@code accounts.google.com/o/oauth2/v2/auth}, the {@code oauth2.googleapis.com/token}
 * and {@code /revoke} endpoints, and the check of the access tokens they issue.
 *
 * <p>
 * Access and refresh tokens are {@link EmulatorTokens}: self-describing and signed, so
 * they survive a restart. The account part of an access token is
 * {@code <channel>~<scope codes>}; a token whose account is a bare channel id (issued by
 * a test or the demo) may do everything. A refresh token's account is
 * {@code refresh~<channel>~<scope codes>~<nonce>} and it never works as an access token.
 * Authorisation codes and the memory of earlier consents live in memory only.
 */
final class GoogleAccounts {

	/** How long Google's access tokens last. */
	static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(3599);

	private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

	private static final String REFRESH = "refresh";

	private static final char SEPARATOR = '~';

	private static final Platform YOUTUBE = Platform.YOUTUBE;

	private final EmulatorTokens tokens;

	private final Clock clock;

	private final String channelId;

	private final Function<String, String> channelTitles;

	private final SecureRandom random = new SecureRandom();

	private final Object lock = new Object();

	// Guarded by lock.
	private final Map<String, Grant> codes = new HashMap<>();

	// Guarded by lock; keys are "<client>|<channel>": the scopes consented to, and
	// whether a refresh token was issued for them.
	private final Map<String, Consent> consents = new HashMap<>();

	/**
	 * @param tokens issues and checks tokens
	 * @param clock the time
	 * @param channelId the channel of the one Google account that signs in
	 * @param channelTitles the title of a channel by its id
	 */
	GoogleAccounts(EmulatorTokens tokens, Clock clock, String channelId, Function<String, String> channelTitles) {
		this.tokens = tokens;
		this.clock = clock;
		this.channelId = channelId;
		this.channelTitles = channelTitles;
	}

	/**
	 * Checks a bearer token presented to the YouTube Data API.
	 * @param authorization the {@code Authorization} header, may be {@code null}
	 * @return the caller, or the failure to answer
	 */
	Authentication authenticate(String authorization) {
		String token = null;
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = authorization.substring(7).trim();
		}
		EmulatorTokens.Verdict verdict = this.tokens.check(YOUTUBE, token);
		if (verdict.kind() == EmulatorTokens.Verdict.Kind.MISSING) {
			return new Authentication(null, GoogleError.loginRequired());
		}
		if (!verdict.valid()) {
			return new Authentication(null, GoogleError.invalidCredentials());
		}
		String[] parts = verdict.accountId().split(String.valueOf(SEPARATOR), -1);
		if (parts.length == 1 && !REFRESH.equals(parts[0])) {
			return new Authentication(new Caller(parts[0], GoogleScope.ALL), null);
		}
		Optional<Set<GoogleScope>> scopes = (parts.length == 2) ? GoogleScope.decode(parts[1]) : Optional.empty();
		if (scopes.isEmpty() || REFRESH.equals(parts[0])) {
			return new Authentication(null, GoogleError.invalidCredentials());
		}
		return new Authentication(new Caller(parts[0], scopes.get()), null);
	}

	void reset() {
		synchronized (this.lock) {
			this.codes.clear();
			this.consents.clear();
		}
	}

	/** {@code GET /o/oauth2/v2/auth}: the consent page, or an answer without one. */
	Mono<ServerResponse> authorise(ServerRequest request) {
		AuthorisationRequest authorisation;
		try {
			authorisation = AuthorisationRequest.read(request.queryParams());
		}
		catch (PageRefusal ex) {
			return ex.page();
		}
		catch (RedirectRefusal ex) {
			return redirect(ex.redirectUri, Map.of("error", ex.error), ex.state);
		}
		if (authorisation.prompt().contains("none")) {
			boolean consented;
			synchronized (this.lock) {
				Consent consent = this.consents.get(consentKey(authorisation.clientId(), this.channelId));
				consented = consent != null && consent.scopes().containsAll(authorisation.scopes());
			}
			return consented ? allow(authorisation)
					: redirect(authorisation.redirectUri(), Map.of("error", "consent_required"), authorisation.state());
		}
		return consentPage(request, authorisation);
	}

	/** {@code POST /o/oauth2/v2/auth}: the person's decision on the consent page. */
	Mono<ServerResponse> decide(ServerRequest request) {
		return request.formData().flatMap((form) -> {
			AuthorisationRequest authorisation;
			try {
				authorisation = AuthorisationRequest.read(form);
			}
			catch (PageRefusal ex) {
				return ex.page();
			}
			catch (RedirectRefusal ex) {
				return redirect(ex.redirectUri, Map.of("error", ex.error), ex.state);
			}
			String decision = form.getFirst("decision");
			if ("allow".equals(decision)) {
				return allow(authorisation);
			}
			if ("deny".equals(decision)) {
				return redirect(authorisation.redirectUri(), Map.of("error", "access_denied"), authorisation.state());
			}
			return errorPage(HttpStatus.BAD_REQUEST, "invalid_request", "Choose Allow or Deny.");
		});
	}

	/** {@code POST /token}: exchanges a code or a refresh token for tokens. */
	Mono<ServerResponse> token(ServerRequest request) {
		return request.formData().flatMap((form) -> {
			if (!clientAuthenticated(request.headers().firstHeader(HttpHeaders.AUTHORIZATION), form)) {
				return tokenError(HttpStatus.UNAUTHORIZED, "invalid_client", "Unauthorized");
			}
			String grantType = form.getFirst("grant_type");
			if (grantType == null || grantType.isBlank()) {
				return tokenError(HttpStatus.BAD_REQUEST, "invalid_request", "Missing required parameter: grant_type");
			}
			return switch (grantType) {
				case "authorization_code" -> exchangeCode(form);
				case "refresh_token" -> refresh(form);
				default ->
					tokenError(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "Invalid grant_type: " + grantType);
			};
		});
	}

	/** {@code POST /revoke}: revokes an access or refresh token. */
	Mono<ServerResponse> revoke(ServerRequest request) {
		Mono<MultiValueMap<String, String>> form = request.headers()
			.contentType()
			.filter(MediaType.APPLICATION_FORM_URLENCODED::isCompatibleWith)
			.isPresent() ? request.formData() : Mono.just(request.queryParams());
		return form.flatMap((params) -> {
			String token = params.getFirst("token");
			if (token == null) {
				token = request.queryParams().getFirst("token");
			}
			EmulatorTokens.Verdict verdict = this.tokens.check(YOUTUBE, token);
			if (!verdict.valid()) {
				return tokenError(HttpStatus.BAD_REQUEST, "invalid_token", "Token expired or revoked");
			}
			this.tokens.revoke(token);
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of());
		});
	}

	private Mono<ServerResponse> allow(AuthorisationRequest authorisation) {
		String code = "4/0A" + randomToken(48);
		synchronized (this.lock) {
			this.codes.put(code,
					new Grant(authorisation.clientId(), authorisation.redirectUri(), this.channelId,
							authorisation.scopes(), authorisation.offline(), authorisation.prompt().contains("consent"),
							this.clock.instant().plus(CODE_LIFETIME)));
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("code", code);
		parameters.put("scope", GoogleScope.join(authorisation.scopes()));
		parameters.put("authuser", "0");
		parameters.put("prompt", "consent");
		return redirect(authorisation.redirectUri(), parameters, authorisation.state());
	}

	private Mono<ServerResponse> exchangeCode(MultiValueMap<String, String> form) {
		String code = form.getFirst("code");
		if (code == null || code.isBlank()) {
			return tokenError(HttpStatus.BAD_REQUEST, "invalid_request", "Missing required parameter: code");
		}
		Grant grant;
		boolean refreshToken;
		synchronized (this.lock) {
			// A code works once, whatever the outcome of its first use.
			grant = this.codes.remove(code);
			if (grant == null || !this.clock.instant().isBefore(grant.expiresAt())) {
				return tokenError(HttpStatus.BAD_REQUEST, "invalid_grant", "Malformed auth code.");
			}
			if (!grant.redirectUri().toString().equals(form.getFirst("redirect_uri"))) {
				return tokenError(HttpStatus.BAD_REQUEST, "redirect_uri_mismatch", "Bad Request");
			}
			String key = consentKey(grant.clientId(), grant.channelId());
			Consent earlier = this.consents.get(key);
			// Google sends a refresh token on the first offline consent only, unless the
			// client asked to be shown the consent screen again.
			refreshToken = grant.offline() && (earlier == null || !earlier.refreshIssued() || grant.forcedConsent());
			Set<GoogleScope> scopes = EnumSet.copyOf(grant.scopes());
			if (earlier != null) {
				scopes.addAll(earlier.scopes());
			}
			this.consents.put(key, new Consent(scopes, refreshToken || (earlier != null && earlier.refreshIssued())));
		}
		return tokenAnswer(grant.channelId(), grant.scopes(), refreshToken);
	}

	private Mono<ServerResponse> refresh(MultiValueMap<String, String> form) {
		String refreshToken = form.getFirst("refresh_token");
		if (refreshToken == null || refreshToken.isBlank()) {
			return tokenError(HttpStatus.BAD_REQUEST, "invalid_request", "Missing required parameter: refresh_token");
		}
		EmulatorTokens.Verdict verdict = this.tokens.check(YOUTUBE, refreshToken);
		if (!verdict.valid()) {
			return tokenError(HttpStatus.BAD_REQUEST, "invalid_grant", "Token has been expired or revoked.");
		}
		String[] parts = verdict.accountId().split(String.valueOf(SEPARATOR), -1);
		Optional<Set<GoogleScope>> scopes = (parts.length == 4 && REFRESH.equals(parts[0]))
				? GoogleScope.decode(parts[2]) : Optional.empty();
		if (scopes.isEmpty()) {
			return tokenError(HttpStatus.BAD_REQUEST, "invalid_grant", "Bad Request");
		}
		return tokenAnswer(parts[1], scopes.get(), false);
	}

	private Mono<ServerResponse> tokenAnswer(String channel, Set<GoogleScope> scopes, boolean withRefreshToken) {
		String codes = GoogleScope.encode(scopes);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", this.tokens.issue(YOUTUBE, channel + SEPARATOR + codes, ACCESS_TOKEN_LIFETIME));
		body.put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds());
		if (withRefreshToken) {
			body.put("refresh_token", this.tokens.issue(YOUTUBE,
					REFRESH + SEPARATOR + channel + SEPARATOR + codes + SEPARATOR + randomToken(12), null));
		}
		body.put("scope", GoogleScope.join(scopes));
		body.put("token_type", "Bearer");
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate")
			.bodyValue(body);
	}

	private static boolean clientAuthenticated(String authorization, MultiValueMap<String, String> form) {
		PlatformProperties.App app = PlatformEndpoints.emulatorApp(YOUTUBE);
		String clientId = form.getFirst("client_id");
		String clientSecret = form.getFirst("client_secret");
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				if (colon > 0) {
					clientId = UriUtils.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
					clientSecret = UriUtils.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
				}
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		return app.clientId().equals(clientId) && app.clientSecret().equals(clientSecret);
	}

	private Mono<ServerResponse> consentPage(ServerRequest request, AuthorisationRequest authorisation) {
		List<EmulatorPages.Permission> permissions = new ArrayList<>();
		for (GoogleScope scope : GoogleScope.values()) {
			if (authorisation.scopes().contains(scope)) {
				permissions.add(new EmulatorPages.Permission(scope.uri(), scope.description()));
			}
		}
		Map<String, String> hidden = new LinkedHashMap<>();
		hidden.put("client_id", authorisation.clientId());
		hidden.put("redirect_uri", authorisation.redirectUri().toString());
		hidden.put("response_type", "code");
		hidden.put("scope", String.join(" ", authorisation.scopes().stream().map(GoogleScope::uri).toList()));
		if (authorisation.state() != null) {
			hidden.put("state", authorisation.state());
		}
		hidden.put("access_type", authorisation.offline() ? "offline" : "online");
		if (!authorisation.prompt().isEmpty()) {
			hidden.put("prompt", String.join(" ", authorisation.prompt()));
		}
		String app = appName(authorisation.clientId());
		return EmulatorPages.consent(Platform.YOUTUBE, request.path(),
				new EmulatorPages.Consent(app + " wants to access your Google Account",
						"Signed in as the channel " + this.channelTitles.apply(this.channelId) + " (" + this.channelId
								+ "). This will allow " + app + " to:",
						permissions, hidden));
	}

	private static String appName(String clientId) {
		return PlatformEndpoints.emulatorApp(YOUTUBE).clientId().equals(clientId) ? "Hubben" : clientId;
	}

	private static Mono<ServerResponse> redirect(URI redirectUri, Map<String, String> parameters, String state) {
		Map<String, String> all = new LinkedHashMap<>(parameters);
		if (state != null) {
			all.put("state", state);
		}
		return EmulatorPages.redirect(redirectUri, all);
	}

	private static Mono<ServerResponse> errorPage(HttpStatus status, String error, String detail) {
		return EmulatorPages.message(status, Platform.YOUTUBE, "Access blocked: Authorization Error",
				"Error " + status.value() + ": " + error, detail);
	}

	private static Mono<ServerResponse> tokenError(HttpStatus status, String error, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private String randomToken(int bytes) {
		byte[] value = new byte[bytes];
		this.random.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value).replace('-', 'x').replace('_', 'y');
	}

	private static String consentKey(String clientId, String channelId) {
		return clientId + "|" + channelId;
	}

	/**
	 * Who called the YouTube Data API.
	 *
	 * @param channelId the channel the token was issued for
	 * @param scopes what the token may do
	 */
	record Caller(String channelId, Set<GoogleScope> scopes) {

		boolean mayAny(Set<GoogleScope> wanted) {
			return this.scopes.stream().anyMatch(wanted::contains);
		}

	}

	/**
	 * The result of {@link #authenticate}: exactly one of the two is set.
	 *
	 * @param caller the caller, when the token is good
	 * @param refusal Google's answer, when it is not
	 */
	record Authentication(Caller caller, Mono<ServerResponse> refusal) {

	}

	private record Grant(String clientId, URI redirectUri, String channelId, Set<GoogleScope> scopes, boolean offline,
			boolean forcedConsent, Instant expiresAt) {

	}

	private record Consent(Set<GoogleScope> scopes, boolean refreshIssued) {

	}

	/** The parameters of an authorisation request, checked as Google checks them. */
	private record AuthorisationRequest(String clientId, URI redirectUri, Set<GoogleScope> scopes, String state,
			boolean offline, List<String> prompt) {

		static AuthorisationRequest read(MultiValueMap<String, String> params) {
			String clientId = params.getFirst("client_id");
			if (clientId == null || clientId.isBlank()) {
				throw new PageRefusal(HttpStatus.BAD_REQUEST, "invalid_request",
						"Missing required parameter: client_id");
			}
			if (!PlatformEndpoints.emulatorApp(YOUTUBE).clientId().equals(clientId)) {
				throw new PageRefusal(HttpStatus.UNAUTHORIZED, "invalid_client", "The OAuth client was not found.");
			}
			String redirect = params.getFirst("redirect_uri");
			if (redirect == null || redirect.isBlank()) {
				throw new PageRefusal(HttpStatus.BAD_REQUEST, "invalid_request",
						"Missing required parameter: redirect_uri");
			}
			URI redirectUri;
			try {
				redirectUri = new URI(redirect);
			}
			catch (URISyntaxException ex) {
				throw new PageRefusal(HttpStatus.BAD_REQUEST, "redirect_uri_mismatch",
						"The redirect URI in the request is not a valid URI.");
			}
			if (!redirectUri.isAbsolute()
					|| !("http".equals(redirectUri.getScheme()) || "https".equals(redirectUri.getScheme()))
					|| redirectUri.getFragment() != null) {
				throw new PageRefusal(HttpStatus.BAD_REQUEST, "redirect_uri_mismatch",
						"The redirect URI in the request, " + redirect + ", must be an absolute http(s) URI.");
			}
			String state = params.getFirst("state");
			if (!"code".equals(params.getFirst("response_type"))) {
				throw new RedirectRefusal(redirectUri, "unsupported_response_type", state);
			}
			String scope = params.getFirst("scope");
			if (scope == null || scope.isBlank()) {
				throw new PageRefusal(HttpStatus.BAD_REQUEST, "invalid_request", "Missing required parameter: scope");
			}
			Set<GoogleScope> scopes = EnumSet.noneOf(GoogleScope.class);
			List<String> invalid = new ArrayList<>();
			for (String each : scope.trim().split("\\s+")) {
				GoogleScope.byUri(each).ifPresentOrElse(scopes::add, () -> invalid.add(each));
			}
			if (!invalid.isEmpty()) {
				throw new PageRefusal(HttpStatus.BAD_REQUEST, "invalid_scope",
						"Some requested scopes were invalid. {invalid=" + invalid + "}");
			}
			String accessType = params.getFirst("access_type");
			if (accessType != null && !accessType.equals("online") && !accessType.equals("offline")) {
				throw new PageRefusal(HttpStatus.BAD_REQUEST, "invalid_request", "Invalid access_type: " + accessType);
			}
			String prompt = params.getFirst("prompt");
			List<String> prompts = (prompt == null || prompt.isBlank()) ? List.of()
					: List.of(prompt.trim().split("\\s+"));
			for (String each : prompts) {
				if (!Set.of("none", "consent", "select_account").contains(each)) {
					throw new PageRefusal(HttpStatus.BAD_REQUEST, "invalid_request", "Invalid prompt: " + prompt);
				}
			}
			return new AuthorisationRequest(clientId, redirectUri, scopes, state, "offline".equals(accessType),
					prompts);
		}

	}

	/** A request so broken that Google shows an error page instead of redirecting. */
	private static final class PageRefusal extends RuntimeException {

		private final HttpStatus status;

		private final String error;

		PageRefusal(HttpStatus status, String error, String detail) {
			super(detail, null, false, false);
			this.status = status;
			this.error = error;
		}

		Mono<ServerResponse> page() {
			return errorPage(this.status, this.error, getMessage());
		}

	}

	/** A request Google refuses by sending the person back with an error. */
	private static final class RedirectRefusal extends RuntimeException {

		private final URI redirectUri;

		private final String error;

		private final String state;

		RedirectRefusal(URI redirectUri, String error, String state) {
			super(error, null, false, false);
			this.redirectUri = redirectUri;
			this.error = error;
			this.state = state;
		}

	}

}
