package org.hubben.connector.youtube.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.emulator.EmulatorTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Google's OAuth 2.0 as {@link YouTubeEmulator} serves it: the consent page, the
 * redirects, and the token endpoint's rules for codes and refresh tokens.
 */
class YouTubeEmulatorOAuthTests {

	private static final String CALLBACK = "https://hubben.example.org/channels/youtube/callback";

	private static final String UPLOAD = "https://www.googleapis.com/auth/youtube.upload";

	private static final String READONLY = "https://www.googleapis.com/auth/youtube.readonly";

	private static final Pattern FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\">");

	private static final Pattern HIDDEN = Pattern
		.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T14:04:00Z"));

	private final PlatformProperties.App app = PlatformEndpoints.emulatorApp(Platform.YOUTUBE);

	private EmulatorServer server;

	private WebTestClient client;

	@BeforeEach
	void start() {
		this.server = EmulatorServer.start(new YouTubeEmulator(new EmulatorTokens("test-key", Clock.systemUTC()),
				this.clock, YouTubeEmulator.Settings.DEFAULT));
		this.client = WebTestClient.bindToServer()
			.baseUrl(this.server.baseUrl(Platform.YOUTUBE).toString())
			.responseTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private URI authorisePath(String clientId, String scope, String accessType, String prompt) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(this.server.baseUrl(Platform.YOUTUBE))
			.path("/o/oauth2/v2/auth")
			.queryParam("client_id", clientId)
			.queryParam("redirect_uri", CALLBACK)
			.queryParam("response_type", "code")
			.queryParam("scope", scope)
			.queryParam("state", "s t&a=te")
			.queryParam("access_type", accessType);
		if (prompt != null) {
			uri.queryParam("prompt", prompt);
		}
		return uri.encode().build().toUri();
	}

	private String consentPage(String scope, String accessType, String prompt) {
		return this.client.get()
			.uri(authorisePath(this.app.clientId(), scope, accessType, prompt))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/** Submits the consent page's one form as a browser would. */
	private URI decide(String page, String decision) {
		Matcher form = FORM.matcher(page);
		assertThat(form.find()).as("the page has a form").isTrue();
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		Matcher hidden = HIDDEN.matcher(page);
		while (hidden.find()) {
			fields.add(hidden.group(1), HtmlUtils.htmlUnescape(hidden.group(2)));
		}
		fields.add("decision", decision);
		URI action = this.server.baseUrl(Platform.YOUTUBE).resolve(HtmlUtils.htmlUnescape(form.group(1)));
		return this.client.post()
			.uri(action)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(fields))
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation();
	}

	private static Map<String, String> parameters(URI location) {
		Map<String, String> parameters = new LinkedHashMap<>();
		UriComponentsBuilder.fromUri(location)
			.build()
			.getQueryParams()
			.forEach((name, values) -> parameters.put(name, UriUtils.decode(values.get(0), StandardCharsets.UTF_8)));
		return parameters;
	}

	private String code(String scope, String accessType, String prompt) {
		return parameters(decide(consentPage(scope, accessType, prompt), "allow")).get("code");
	}

	private WebTestClient.BodyContentSpec token(MultiValueMap<String, String> form, int status) {
		return this.client.post()
			.uri("/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody();
	}

	private MultiValueMap<String, String> exchange(String code) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", CALLBACK);
		form.add("client_id", this.app.clientId());
		form.add("client_secret", this.app.clientSecret());
		return form;
	}

	private MultiValueMap<String, String> refresh(String refreshToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refreshToken);
		form.add("client_id", this.app.clientId());
		form.add("client_secret", this.app.clientSecret());
		return form;
	}

	private String tokenField(MultiValueMap<String, String> form, String field) {
		byte[] body = token(form, 200).returnResult().getResponseBody();
		String json = new String(body, StandardCharsets.UTF_8);
		Matcher matcher = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(json);
		return matcher.find() ? matcher.group(1) : null;
	}

	@Test
	void showsAConsentPageNamingTheAppAndTheScopesWithOneFormAndTwoButtons() {
		String page = consentPage(UPLOAD + " " + READONLY, "offline", "consent");
		assertThat(page).contains("Hubben wants to access your Google Account")
			.contains("Manage your YouTube videos")
			.contains(UPLOAD)
			.contains("View your YouTube account")
			.contains(YouTubeEmulator.DEFAULT_CHANNEL_TITLE)
			.contains("<button name=\"decision\" value=\"allow\">Allow</button>")
			.contains("<button name=\"decision\" value=\"deny\">Deny</button>");
		assertThat(page.split("<form ", -1)).hasSize(2);
		assertThat(page).contains("<form method=\"post\"");
	}

	@Test
	void sendsThePersonBackWithACodeOrWithAccessDenied() {
		String page = consentPage(UPLOAD, "offline", null);
		Map<String, String> allowed = parameters(decide(page, "allow"));
		assertThat(allowed.get("code")).startsWith("4/");
		assertThat(allowed.get("state")).isEqualTo("s t&a=te");
		assertThat(allowed.get("scope")).isEqualTo(UPLOAD);
		URI denied = decide(page, "deny");
		assertThat(denied.toString()).startsWith(CALLBACK + "?");
		assertThat(parameters(denied)).containsEntry("error", "access_denied")
			.containsEntry("state", "s t&a=te")
			.doesNotContainKey("code");
	}

	@Test
	void showsAnErrorPageForRequestsItCannotRedirect() {
		this.client.get()
			.uri(authorisePath("someone-else", UPLOAD, "offline", null))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("invalid_client"));
		this.client.get()
			.uri(authorisePath(this.app.clientId(), "https://www.googleapis.com/auth/drive", "offline", null))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("invalid_scope"));
		URI implicit = URI.create(authorisePath(this.app.clientId(), UPLOAD, "offline", null).toString()
			.replace("response_type=code", "response_type=token"));
		URI location = this.client.get()
			.uri(implicit)
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation();
		assertThat(parameters(location)).containsEntry("error", "unsupported_response_type");
	}

	@Test
	void exchangesACodeOnceForTokensThatWorkOnTheApi() {
		String code = code(UPLOAD + " " + READONLY, "offline", null);
		token(exchange(code), 200).jsonPath("$.access_token")
			.isNotEmpty()
			.jsonPath("$.refresh_token")
			.isNotEmpty()
			.jsonPath("$.expires_in")
			.isEqualTo(3599)
			.jsonPath("$.token_type")
			.isEqualTo("Bearer")
			.jsonPath("$.scope")
			.isEqualTo(UPLOAD + " " + READONLY);
		token(exchange(code), 400).jsonPath("$.error").isEqualTo("invalid_grant");
		String accessToken = tokenField(exchange(code(UPLOAD + " " + READONLY, "offline", null)), "access_token");
		this.client.get()
			.uri("/youtube/v3/channels?part=snippet&mine=true")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].id")
			.isEqualTo(YouTubeEmulator.DEFAULT_CHANNEL_ID);
	}

	@Test
	void sendsARefreshTokenOnTheFirstOfflineConsentOnlyUnlessConsentIsPromptedAgain() {
		assertThat(tokenField(exchange(code(UPLOAD, "online", null)), "refresh_token")).isNull();
		assertThat(tokenField(exchange(code(UPLOAD, "offline", null)), "refresh_token")).isNotNull();
		assertThat(tokenField(exchange(code(UPLOAD, "offline", null)), "refresh_token")).isNull();
		assertThat(tokenField(exchange(code(UPLOAD, "offline", "consent")), "refresh_token")).isNotNull();
	}

	@Test
	void refreshesWithoutSendingTheRefreshTokenAgainUntilItIsRevoked() {
		String refreshToken = tokenField(exchange(code(UPLOAD + " " + READONLY, "offline", "consent")),
				"refresh_token");
		token(refresh(refreshToken), 200).jsonPath("$.access_token")
			.isNotEmpty()
			.jsonPath("$.expires_in")
			.isEqualTo(3599)
			.jsonPath("$.scope")
			.isEqualTo(UPLOAD + " " + READONLY)
			.jsonPath("$.refresh_token")
			.doesNotExist();
		// A refresh token is not an access token.
		this.client.get()
			.uri("/youtube/v3/channels?part=snippet&mine=true")
			.headers((headers) -> headers.setBearerAuth(refreshToken))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.post().uri("/revoke?token=" + refreshToken).exchange().expectStatus().isOk();
		token(refresh(refreshToken), 400).jsonPath("$.error")
			.isEqualTo("invalid_grant")
			.jsonPath("$.error_description")
			.isEqualTo("Token has been expired or revoked.");
		token(refresh("not-a-token"), 400).jsonPath("$.error").isEqualTo("invalid_grant");
	}

	@Test
	void checksTheClientTheRedirectUriAndTheCodesAge() {
		MultiValueMap<String, String> wrongSecret = exchange(code(UPLOAD, "offline", null));
		wrongSecret.set("client_secret", "guess");
		token(wrongSecret, 401).jsonPath("$.error").isEqualTo("invalid_client");
		MultiValueMap<String, String> wrongRedirect = exchange(code(UPLOAD, "offline", null));
		wrongRedirect.set("redirect_uri", "https://elsewhere.example.org/");
		token(wrongRedirect, 400).jsonPath("$.error").isEqualTo("redirect_uri_mismatch");
		MultiValueMap<String, String> late = exchange(code(UPLOAD, "offline", null));
		this.clock.advance(Duration.ofMinutes(11));
		token(late, 400).jsonPath("$.error").isEqualTo("invalid_grant");
		MultiValueMap<String, String> basic = exchange(code(UPLOAD, "offline", null));
		basic.remove("client_id");
		basic.remove("client_secret");
		this.client.post()
			.uri("/token")
			.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
				.encodeToString((this.app.clientId() + ":" + this.app.clientSecret()).getBytes(StandardCharsets.UTF_8)))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(basic))
			.exchange()
			.expectStatus()
			.isOk();
		MultiValueMap<String, String> password = exchange("x");
		password.set("grant_type", "password");
		token(password, 400).jsonPath("$.error").isEqualTo("unsupported_grant_type");
	}

	@Test
	void grantsOnlyTheScopesConsentedTo() {
		String uploadOnly = tokenField(exchange(code(UPLOAD, "online", null)), "access_token");
		this.client.get()
			.uri("/youtube/v3/channels?part=snippet&mine=true")
			.headers((headers) -> headers.setBearerAuth(uploadOnly))
			.exchange()
			.expectStatus()
			.isForbidden();
		String readOnly = tokenField(exchange(code(READONLY, "online", null)), "access_token");
		this.client.post()
			.uri("/upload/youtube/v3/videos?uploadType=resumable&part=snippet")
			.headers((headers) -> headers.setBearerAuth(readOnly))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("snippet", Map.of("title", "No")))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("insufficientPermissions");
	}

}
