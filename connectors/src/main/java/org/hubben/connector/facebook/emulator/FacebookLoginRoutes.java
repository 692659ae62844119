package org.hubben.connector.facebook.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.hubben.connector.emulator.EmulatorTokens.Verdict;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Facebook Login for the {@link FacebookEmulator}, with or without a {@code /vNN.N}
 * prefix:
 * <ul>
 * <li>{@code GET /dialog/oauth} shows a consent page for the emulator's one signed-in
 * user, {@link #USER}; posting its form with {@code decision=allow} redirects to the
 * callback with {@code code} and {@code state}, {@code decision=deny} with Facebook's
 * {@code error=access_denied&error_reason=user_denied};</li>
 * <li>{@code GET /oauth/access_token} exchanges a code (single-use, ten minutes, same
 * {@code redirect_uri}, the app's secret) for a short-lived user token, and, with
 * {@code grant_type=fb_exchange_token}, a user token for a long-lived one (60 days);</li>
 * <li>{@code GET /me/accounts} lists the Pages the user manages ({@link #PAGES}) with
 * their Page tokens, paged by {@code limit} and {@code after}; a Page token got with a
 * long-lived user token never expires, one got with a short-lived token expires within
 * the hour.</li>
 * </ul>
 * Only {@link PlatformEndpoints#emulatorApp(Platform)} is a registered app; any http(s)
 * callback is accepted. Errors are Graph error JSON. Thread-safe.
 */
public final class FacebookLoginRoutes {

	/** The person signed in to the emulated facebook.com. */
	public static final Person USER = new Person("10160000000000001", "Hubben Demo Admin");

	/**
	 * The Pages {@link #USER} has a role on. The first is the demo organisation's Page;
	 * on the last the user may only see insights, so it cannot be published on.
	 */
	public static final List<Page> PAGES = List.of(
			new Page("104857600000001", "Hubben Demo",
					List.of("ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE")),
			new Page("104857600000002", "Hubben Demo Nord",
					List.of("ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE")),
			new Page("104857600000003", "Hubben Demo Syd", List.of("ANALYZE")));

	static final Duration SHORT_LIVED = Duration.ofHours(1);

	static final Duration LONG_LIVED = Duration.ofDays(60);

	static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

	private static final String VERSION = "/{version:v\\d+\\.\\d+}";

	private static final Map<String, String> PERMISSIONS = Map.of("pages_show_list",
			"show a list of the Pages you manage", "pages_manage_posts", "create, edit and delete your Page posts",
			"pages_read_engagement", "read content posted on your Pages", "pages_manage_engagement",
			"manage comments on your Pages", "pages_read_user_engagement", "read comments and reactions on your Pages",
			"publish_video", "publish videos on your Pages", "public_profile", "your name and profile picture");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final EmulatorTokens tokens;

	private final Clock clock;

	private final PlatformProperties.App app = PlatformEndpoints.emulatorApp(Platform.FACEBOOK);

	private final Map<String, Code> codes = new ConcurrentHashMap<>();

	/** Codes already exchanged, so that a second use gets Facebook's own answer. */
	private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();

	private final Set<String> longLivedTokens = ConcurrentHashMap.newKeySet();

	public FacebookLoginRoutes(EmulatorTokens tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(VERSION + "/dialog/oauth", this::consentPage)
			.GET("/dialog/oauth", this::consentPage)
			.POST(VERSION + "/dialog/oauth", this::decide)
			.POST("/dialog/oauth", this::decide)
			.GET(VERSION + "/oauth/access_token", this::accessToken)
			.GET("/oauth/access_token", this::accessToken)
			.GET(VERSION + "/me/accounts", this::accounts)
			.GET("/me/accounts", this::accounts)
			.build();
	}

	private Mono<ServerResponse> consentPage(ServerRequest request) {
		Map<String, String> params = request.queryParams().toSingleValueMap();
		Mono<ServerResponse> refusal = check(params);
		if (refusal != null) {
			return refusal;
		}
		List<EmulatorPages.Permission> permissions = permissions(params.get("scope")).stream()
			.map((permission) -> new EmulatorPages.Permission(permission,
					PERMISSIONS.getOrDefault(permission, "(unknown permission)")))
			.toList();
		Map<String, String> hidden = new LinkedHashMap<>();
		for (String name : List.of("client_id", "redirect_uri", "state", "scope", "response_type")) {
			if (params.get(name) != null) {
				hidden.put(name, params.get(name));
			}
		}
		return EmulatorPages.consent(Platform.FACEBOOK, request.requestPath().value(),
				new EmulatorPages.Consent(
						"Hubben is requesting access to your Pages", "You are logged in as " + USER.name()
								+ ". The app Hubben (app id " + this.app.clientId() + ") would like to:",
						permissions, hidden));
	}

	private Mono<ServerResponse> decide(ServerRequest request) {
		return request.formData().map(MultiValueMap::toSingleValueMap).flatMap((params) -> {
			Mono<ServerResponse> refusal = check(params);
			if (refusal != null) {
				return refusal;
			}
			String redirectUri = params.get("redirect_uri");
			Map<String, String> answer = new LinkedHashMap<>();
			if ("allow".equals(params.get("decision"))) {
				String code = random();
				this.codes.put(code, new Code(redirectUri, this.clock.instant().plus(CODE_LIFETIME)));
				answer.put("code", code);
			}
			else {
				answer.put("error_reason", "user_denied");
				answer.put("error", "access_denied");
				answer.put("error_description", "Permissions error.");
			}
			if (params.get("state") != null) {
				answer.put("state", params.get("state"));
			}
			return redirect(redirectUri, answer);
		});
	}

	/**
	 * @return the error page for a dialog request Facebook would not show, or
	 * {@code null}
	 */
	private Mono<ServerResponse> check(Map<String, String> params) {
		if (!this.app.clientId().equals(params.get("client_id"))) {
			return errorPage("Invalid App ID",
					"The provided app ID '" + params.get("client_id") + "' does not look like a valid app ID.");
		}
		if (!isHttpUrl(params.get("redirect_uri"))) {
			return errorPage("URL blocked",
					"This redirect failed because the redirect URI is not an absolute http(s) URL.");
		}
		String responseType = params.getOrDefault("response_type", "code");
		if (!"code".equals(responseType)) {
			return errorPage("Unsupported response type", "The emulator supports response_type=code only.");
		}
		return null;
	}

	private Mono<ServerResponse> accessToken(ServerRequest request) {
		Map<String, String> params = request.queryParams().toSingleValueMap();
		if (!this.app.clientId().equals(params.get("client_id"))) {
			return graphError(101, 0, "Error validating application. Invalid application ID.");
		}
		String secret = params.getOrDefault("client_secret", "");
		if (!MessageDigest.isEqual(this.app.clientSecret().getBytes(StandardCharsets.UTF_8),
				secret.getBytes(StandardCharsets.UTF_8))) {
			return graphError(1, 0, "Error validating client secret.");
		}
		if ("fb_exchange_token".equals(params.get("grant_type"))) {
			return exchangeForLongLived(params.get("fb_exchange_token"));
		}
		String code = params.get("code");
		if (code == null || code.isBlank()) {
			return graphError(100, 0, "Missing authorization code");
		}
		Code grant = this.codes.remove(code);
		if (grant == null) {
			return this.usedCodes.contains(code) ? graphError(100, 36009, "This authorization code has been used.")
					: graphError(100, 0, "Invalid verification code format.");
		}
		this.usedCodes.add(code);
		if (!this.clock.instant().isBefore(grant.expiresAt())) {
			return graphError(100, 36007, "This authorization code has expired.");
		}
		if (!grant.redirectUri().equals(params.get("redirect_uri"))) {
			return graphError(100, 36008, "Error validating verification code. Please make sure your redirect_uri is "
					+ "identical to the one you used in the OAuth dialog request");
		}
		return userToken(this.tokens.issue(Platform.FACEBOOK, USER.id(), SHORT_LIVED), SHORT_LIVED);
	}

	private Mono<ServerResponse> exchangeForLongLived(String userToken) {
		Verdict verdict = this.tokens.check(Platform.FACEBOOK, userToken);
		if (!verdict.valid() || !USER.id().equals(verdict.accountId())) {
			return graphError(190, 0, "Invalid OAuth access token.");
		}
		String longLived = this.tokens.issue(Platform.FACEBOOK, USER.id(), LONG_LIVED);
		this.longLivedTokens.add(longLived);
		return userToken(longLived, LONG_LIVED);
	}

	private static Mono<ServerResponse> userToken(String token, Duration validFor) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", token);
		body.put("token_type", "bearer");
		body.put("expires_in", validFor.toSeconds());
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private Mono<ServerResponse> accounts(ServerRequest request) {
		Map<String, String> params = request.queryParams().toSingleValueMap();
		String token = token(request, params);
		Verdict verdict = this.tokens.check(Platform.FACEBOOK, token);
		switch (verdict.kind()) {
			case MISSING, INVALID:
				return graphError(190, 0, "Invalid OAuth access token - Cannot parse access token");
			case EXPIRED:
				return graphError(190, 463, "Error validating access token: Session has expired.");
			default:
				break;
		}
		if (!USER.id().equals(verdict.accountId())) {
			return graphError(100, 0, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)");
		}
		int limit;
		int from;
		try {
			limit = Math.max(1, Math.min(100, Integer.parseInt(params.getOrDefault("limit", "25"))));
			from = (params.get("after") != null) ? Integer
				.parseInt(new String(Base64.getUrlDecoder().decode(params.get("after")), StandardCharsets.US_ASCII)) + 1
					: 0;
		}
		catch (IllegalArgumentException ex) {
			return graphError(100, 0, "(#100) Invalid paging parameters");
		}
		Duration pageTokenLife = this.longLivedTokens.contains(token) ? null : SHORT_LIVED;
		List<Map<String, Object>> data = new ArrayList<>();
		int to = Math.min(PAGES.size(), from + limit);
		for (int i = from; i < to; i++) {
			data.add(PAGES.get(i).json(this.tokens.issue(Platform.FACEBOOK, PAGES.get(i).id(), pageTokenLife)));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("data", data);
		if (!data.isEmpty()) {
			Map<String, Object> paging = new LinkedHashMap<>();
			paging.put("cursors", Map.of("before", cursor(from), "after", cursor(to - 1)));
			if (to < PAGES.size()) {
				paging.put("next",
						UriComponentsBuilder.fromUri(request.uri())
							.replaceQueryParam("after", cursor(to - 1))
							.build()
							.toUriString());
			}
			body.put("paging", paging);
		}
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static String cursor(int index) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Integer.toString(index).getBytes(StandardCharsets.US_ASCII));
	}

	private static String token(ServerRequest request, Map<String, String> params) {
		String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (header != null) {
			for (String scheme : List.of("Bearer ", "OAuth ")) {
				if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
					return header.substring(scheme.length()).trim();
				}
			}
		}
		return params.get("access_token");
	}

	private static List<String> permissions(String scope) {
		if (scope == null || scope.isBlank()) {
			return List.of("public_profile");
		}
		return List.of(scope.trim().split("\\s*[, ]\\s*"));
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

	private static Mono<ServerResponse> redirect(String redirectUri, Map<String, String> params) {
		return EmulatorPages.redirect(URI.create(redirectUri), params);
	}

	private static Mono<ServerResponse> errorPage(String title, String detail) {
		return EmulatorPages.message(HttpStatus.BAD_REQUEST, Platform.FACEBOOK, title, detail);
	}

	private static Mono<ServerResponse> graphError(int code, int subcode, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", "OAuthException");
		error.put("code", code);
		if (subcode != 0) {
			error.put("error_subcode", subcode);
		}
		error.put("fbtrace_id", "A" + random().substring(0, 22));
		ServerResponse.BodyBuilder builder = ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON);
		if (code == 190) {
			builder.header(HttpHeaders.WWW_AUTHENTICATE,
					"OAuth \"Facebook Platform\" \"invalid_token\" \"" + message.replace("\"", "'") + "\"");
		}
		return builder.bodyValue(Map.of("error", error));
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * A Facebook user.
	 *
	 * @param id the app-scoped user id
	 * @param name the name
	 */
	public record Person(String id, String name) {

	}

	/**
	 * A Page and what {@link #USER} may do on it.
	 *
	 * @param id the Page id
	 * @param name the Page's name
	 * @param tasks the user's tasks on the Page; publishing needs {@code CREATE_CONTENT}
	 */
	public record Page(String id, String name, List<String> tasks) {

		Map<String, Object> json(String accessToken) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("access_token", accessToken);
			json.put("category", "Political Organization");
			json.put("category_list", List.of(Map.of("id", "2612", "name", "Political Organization")));
			json.put("name", this.name);
			json.put("id", this.id);
			json.put("tasks", this.tasks);
			return json;
		}

	}

	private record Code(String redirectUri, Instant expiresAt) {

	}

}
