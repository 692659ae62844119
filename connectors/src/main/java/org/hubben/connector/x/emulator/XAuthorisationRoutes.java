package org.hubben.connector.x.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * X's OAuth 2.0 Authorization Code flow with PKCE, for the {@link XEmulator}:
 * <ul>
 * <li>{@code GET /i/oauth2/authorize} checks the request and shows a consent page for the
 * emulator's one signed-in user, {@link #USER}; posting its form with
 * {@code decision=allow} redirects to the client's callback with {@code code} and
 * {@code state}, {@code decision=deny} with {@code error=access_denied};</li>
 * <li>{@code POST /2/oauth2/token} takes a confidential client's
 * {@code Authorization: Basic} and exchanges a code (checking {@code redirect_uri} and
 * the S256 {@code code_verifier}) or a refresh token for a 2-hour access token; a refresh
 * token comes only with {@code offline.access}, and it rotates: once used it is
 * invalid;</li>
 * <li>{@code POST /2/oauth2/revoke} revokes an access or refresh token;</li>
 * <li>{@code GET /2/users/me} answers who a bearer token belongs to.</li>
 * </ul>
 * Only {@link PlatformEndpoints#emulatorApp(Platform)} is a registered client; any
 * http(s) callback is accepted, since Hubben's port is not known in advance. The
 * {@code plain} challenge method is refused. Codes are single-use and valid for ten
 * minutes. Token errors are X's OAuth JSON
 * ({@code {"error":"invalid_request","error_description":…}}). In-memory and thread-safe;
 * refresh tokens do not survive a restart, access tokens do.
 */
public final class XAuthorisationRoutes {

	/** The person signed in to the emulated x.com. */
	public static final User USER = new User("1580000000000000001", "Hubben Demo", "hubben_demo");

	/** How long an access token is valid, as on X. */
	public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(2);

	static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

	private static final String AUTHORIZE = "/i/oauth2/authorize";

	private static final List<String> AUTHORISE_PARAMETERS = List.of("response_type", "client_id", "redirect_uri",
			"scope", "state", "code_challenge", "code_challenge_method");

	private static final Map<String, String> SCOPES = scopes();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final EmulatorTokens tokens;

	private final Clock clock;

	private final PlatformProperties.App app = PlatformEndpoints.emulatorApp(Platform.X);

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();

	// The scopes of access tokens issued through the flow since this emulator started.
	private final Map<String, Set<String>> grantedScopes = new ConcurrentHashMap<>();

	public XAuthorisationRoutes(EmulatorTokens tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(AUTHORIZE, this::consentPage)
			.POST(AUTHORIZE, this::decide)
			.POST("/2/oauth2/token", this::token)
			.POST("/2/oauth2/revoke", this::revoke)
			.GET("/2/users/me", this::me)
			.build();
	}

	private Mono<ServerResponse> consentPage(ServerRequest request) {
		Map<String, String> params = request.queryParams().toSingleValueMap();
		Mono<ServerResponse> refusal = check(params);
		if (refusal != null) {
			return refusal;
		}
		List<EmulatorPages.Permission> permissions = Arrays.stream(params.get("scope").split(" "))
			.map((scope) -> new EmulatorPages.Permission(scope, SCOPES.get(scope)))
			.toList();
		Map<String, String> hidden = new LinkedHashMap<>();
		AUTHORISE_PARAMETERS.forEach((name) -> hidden.put(name, params.get(name)));
		return EmulatorPages.consent(Platform.X, request.requestPath().value(), new EmulatorPages.Consent(
				"Hubben wants to access your X account", "The app Hubben (client " + this.app.clientId()
						+ ") asks for access as " + USER.name() + " @" + USER.username() + ". It will be able to:",
				permissions, hidden));
	}

	private Mono<ServerResponse> decide(ServerRequest request) {
		return request.formData().map(MultiValueMap::toSingleValueMap).flatMap((params) -> {
			Mono<ServerResponse> refusal = check(params);
			if (refusal != null) {
				return refusal;
			}
			String redirectUri = params.get("redirect_uri");
			if (!"allow".equals(params.get("decision"))) {
				return redirect(redirectUri, Map.of("error", "access_denied", "state", params.get("state")));
			}
			String code = random();
			this.codes.put(code, new Grant(params.get("client_id"), redirectUri, params.get("scope"),
					params.get("code_challenge"), USER.id(), now().plus(CODE_LIFETIME)));
			return redirect(redirectUri, Map.of("state", params.get("state"), "code", code));
		});
	}

	/**
	 * Checks an authorisation request the way X does: a wrong client or callback gets an
	 * error page (the callback cannot be trusted), anything else an error redirect.
	 * @return the refusal, or {@code null} when the request is acceptable
	 */
	private Mono<ServerResponse> check(Map<String, String> params) {
		if (!this.app.clientId().equals(params.get("client_id"))) {
			return errorPage("This app is not registered: client_id '" + params.get("client_id") + "' is unknown.");
		}
		String redirectUri = params.get("redirect_uri");
		if (!isHttpUrl(redirectUri)) {
			return errorPage("redirect_uri must be an absolute http(s) URL.");
		}
		String state = params.getOrDefault("state", "");
		if (!"code".equals(params.get("response_type"))) {
			return redirectError(redirectUri, state, "unsupported_response_type", "response_type must be code");
		}
		if (state.isEmpty()) {
			return redirectError(redirectUri, state, "invalid_request", "state is required");
		}
		String scope = params.get("scope");
		if (scope == null || scope.isBlank()) {
			return redirectError(redirectUri, state, "invalid_request", "scope is required");
		}
		for (String each : scope.split(" ")) {
			if (!SCOPES.containsKey(each)) {
				return redirectError(redirectUri, state, "invalid_scope", "Unknown scope " + each);
			}
		}
		String challenge = params.get("code_challenge");
		if (challenge == null || challenge.isBlank()) {
			return redirectError(redirectUri, state, "invalid_request", "code_challenge is required");
		}
		if (!"S256".equals(params.get("code_challenge_method"))) {
			return redirectError(redirectUri, state, "invalid_request",
					"code_challenge_method must be S256; plain is not accepted");
		}
		return null;
	}

	private Mono<ServerResponse> token(ServerRequest request) {
		if (!clientAuthenticated(request)) {
			return oauthError(HttpStatus.UNAUTHORIZED, "unauthorized_client", "Missing valid authorization header");
		}
		return request.formData().map(MultiValueMap::toSingleValueMap).flatMap((params) -> {
			String grantType = params.getOrDefault("grant_type", "");
			return switch (grantType) {
				case "authorization_code" -> exchangeCode(params);
				case "refresh_token" -> exchangeRefreshToken(params);
				default -> oauthError(HttpStatus.BAD_REQUEST, "invalid_request",
						"Value passed for the grant type was invalid.");
			};
		});
	}

	private Mono<ServerResponse> exchangeCode(Map<String, String> params) {
		String code = params.get("code");
		// Single use: the code is gone whether or not the rest of the request is right.
		Grant grant = (code != null) ? this.codes.remove(code) : null;
		if (grant == null || !now().isBefore(grant.expiresAt())) {
			return oauthError(HttpStatus.BAD_REQUEST, "invalid_request",
					"Value passed for the authorization code was invalid.");
		}
		if (!grant.redirectUri().equals(params.get("redirect_uri"))) {
			return oauthError(HttpStatus.BAD_REQUEST, "invalid_request",
					"Value passed for the redirect uri did not match the uri of the authorization code.");
		}
		String verifier = params.get("code_verifier");
		if (verifier == null || !s256(verifier).equals(grant.codeChallenge())) {
			return oauthError(HttpStatus.BAD_REQUEST, "invalid_request",
					"Value passed for the code verifier did not match the code challenge.");
		}
		return issue(grant);
	}

	private Mono<ServerResponse> exchangeRefreshToken(Map<String, String> params) {
		String refreshToken = params.get("refresh_token");
		// Rotation: a refresh token works once.
		Grant grant = (refreshToken != null) ? this.refreshTokens.remove(refreshToken) : null;
		if (grant == null) {
			return oauthError(HttpStatus.BAD_REQUEST, "invalid_request", "Value passed for the token was invalid.");
		}
		return issue(grant);
	}

	private Mono<ServerResponse> issue(Grant grant) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token_type", "bearer");
		body.put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds());
		String accessToken = this.tokens.issue(Platform.X, grant.userId(), ACCESS_TOKEN_LIFETIME);
		this.grantedScopes.put(accessToken, Set.of(grant.scope().split(" ")));
		body.put("access_token", accessToken);
		body.put("scope", grant.scope());
		if (Set.of(grant.scope().split(" ")).contains("offline.access")) {
			String refreshToken = random();
			this.refreshTokens.put(refreshToken, grant);
			body.put("refresh_token", refreshToken);
		}
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private Mono<ServerResponse> revoke(ServerRequest request) {
		if (!clientAuthenticated(request)) {
			return oauthError(HttpStatus.UNAUTHORIZED, "unauthorized_client", "Missing valid authorization header");
		}
		return request.formData().map(MultiValueMap::toSingleValueMap).flatMap((params) -> {
			String token = params.get("token");
			if (token == null || token.isBlank()) {
				return oauthError(HttpStatus.BAD_REQUEST, "invalid_request", "Missing required parameter [token].");
			}
			if (this.refreshTokens.remove(token) == null) {
				this.tokens.revoke(token);
			}
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("revoked", true));
		});
	}

	private Mono<ServerResponse> me(ServerRequest request) {
		String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		String token = (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
				? authorization.substring(7).trim() : null;
		EmulatorTokens.Verdict verdict = this.tokens.check(Platform.X, token);
		if (!verdict.valid()) {
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("title", "Unauthorized");
			problem.put("type", "about:blank");
			problem.put("status", 401);
			problem.put("detail", "Unauthorized");
			return ServerResponse.status(HttpStatus.UNAUTHORIZED)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyValue(problem);
		}
		User user = user(verdict.accountId());
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("data", Map.of("id", user.id(), "name", user.name(), "username", user.username())));
	}

	/**
	 * Whether a bearer token was granted a scope. Only tokens issued through the flow
	 * since this emulator started are known; any other valid token (issued straight by
	 * {@link EmulatorTokens}, or before a restart) counts as granted every scope.
	 * @param token the bearer token
	 * @param scope the scope, such as {@code tweet.moderate.write}
	 * @return {@code false} only for a known token issued without the scope
	 */
	boolean granted(String token, String scope) {
		Set<String> scopes = (token != null) ? this.grantedScopes.get(token) : null;
		return scopes == null || scopes.contains(scope);
	}

	/**
	 * @param id an account id
	 * @return the emulator's signed-in user for its id, else a user named after the id
	 */
	static User user(String id) {
		return USER.id().equals(id) ? USER : new User(id, "User " + id, "user" + id);
	}

	private boolean clientAuthenticated(ServerRequest request) {
		String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return false;
		}
		String expected = this.app.clientId() + ":" + this.app.clientSecret();
		try {
			String presented = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
					presented.getBytes(StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private Instant now() {
		return this.clock.instant();
	}

	static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static boolean isHttpUrl(String value) {
		if (value == null) {
			return false;
		}
		try {
			URI uri = URI.create(value);
			return uri.isAbsolute() && uri.getHost() != null
					&& ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static Mono<ServerResponse> redirectError(String redirectUri, String state, String error,
			String description) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("error", error);
		params.put("error_description", description);
		if (!state.isEmpty()) {
			params.put("state", state);
		}
		return redirect(redirectUri, params);
	}

	/** Appends the parameters to the callback, which may already have a query. */
	static Mono<ServerResponse> redirect(String redirectUri, Map<String, String> params) {
		return EmulatorPages.redirect(URI.create(redirectUri), params);
	}

	private static Mono<ServerResponse> errorPage(String detail) {
		return EmulatorPages.message(HttpStatus.BAD_REQUEST, Platform.X, "Something went wrong",
				"You weren't able to give access to the App. " + detail);
	}

	private static Mono<ServerResponse> oauthError(HttpStatus status, String error, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static Map<String, String> scopes() {
		Map<String, String> scopes = new LinkedHashMap<>();
		scopes.put("tweet.read", "read posts you can see");
		scopes.put("tweet.write", "post and delete posts for you");
		scopes.put("tweet.moderate.write", "hide and unhide replies to your posts");
		scopes.put("users.read", "read your profile");
		scopes.put("users.email", "read your email address");
		scopes.put("media.write", "upload images and videos for you");
		scopes.put("offline.access", "stay connected until you revoke access");
		for (String area : List.of("follows", "mute", "like", "list", "block", "bookmark", "dm")) {
			scopes.put(area + ".read", "read your " + area + " data");
			scopes.put(area + ".write", "change your " + area + " data");
		}
		scopes.put("space.read", "read Spaces you can see");
		return Map.copyOf(scopes);
	}

	/**
	 * An X user.
	 *
	 * @param id the numeric user id
	 * @param name the display name
	 * @param username the handle, without {@code @}
	 */
	public record User(String id, String name, String username) {

	}

	private record Grant(String clientId, String redirectUri, String scope, String codeChallenge, String userId,
			Instant expiresAt) {

	}

}
