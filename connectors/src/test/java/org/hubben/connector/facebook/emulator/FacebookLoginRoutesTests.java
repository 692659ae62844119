package org.hubben.connector.facebook.emulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.hubben.connector.ConsentPage;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Facebook emulator's login endpoints as a client on the wire sees them, beyond what
 * {@code FacebookAccountLinkingTests} drives.
 */
class FacebookLoginRoutesTests {

	private static final Instant NOW = Instant.parse("2026-11-21T14:04:00Z");

	private static final String CALLBACK = "http://hubben.example/callback";

	private final MutableClock clock = new MutableClock(NOW);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", this.clock);

	private EmulatorServer server;

	private WebTestClient client;

	@BeforeEach
	void start() {
		this.server = EmulatorServer.start(new FacebookEmulator(this.tokens, this.clock));
		this.client = WebTestClient.bindToServer()
			.baseUrl(this.server.baseUrl(Platform.FACEBOOK).toString())
			.responseTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void servesTheDialogWithAndWithoutAVersionAndNamesThePermissions() {
		for (String path : List.of("/v26.0/dialog/oauth", "/dialog/oauth")) {
			String page = this.client.get()
				.uri(dialog(path, "hubben-facebook"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(page).contains("Hubben", "hubben-facebook", "pages_manage_posts", "Hubben Demo Admin")
				.containsOnlyOnce("<form method=\"post\"");
		}
	}

	@Test
	void showsAnErrorPageForAnUnknownApp() {
		this.client.get()
			.uri(dialog("/v26.0/dialog/oauth", "999"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("Invalid App ID"));
	}

	@Test
	void givesPageTokensThatExpireWithinTheHourForAShortLivedUserToken() {
		String userToken = userToken();
		List<Map<String, Object>> pages = pages(userToken);
		assertThat(pages).hasSize(3);
		String pageToken = (String) pages.get(0).get("access_token");
		assertThat(this.tokens.check(Platform.FACEBOOK, pageToken).valid()).isTrue();
		this.clock.advance(Duration.ofMinutes(61));
		assertThat(this.tokens.check(Platform.FACEBOOK, pageToken).valid()).isFalse();
	}

	@Test
	void givesPageTokensThatNeverExpireForALongLivedUserToken() {
		Map<String, Object> longLived = this.client.get()
			.uri("/v26.0/oauth/access_token?grant_type=fb_exchange_token&client_id=hubben-facebook"
					+ "&client_secret=hubben-facebook-emulator-secret&fb_exchange_token={token}", userToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(longLived.get("expires_in")).isEqualTo(5184000);
		String pageToken = (String) pages((String) longLived.get("access_token")).get(0).get("access_token");
		this.clock.advance(Duration.ofDays(365));
		assertThat(this.tokens.check(Platform.FACEBOOK, pageToken).valid()).isTrue();
	}

	@Test
	void refusesToListAccountsForAPageToken() {
		String pageToken = this.tokens.issue(Platform.FACEBOOK, "104857600000001", null);
		this.client.get()
			.uri("/me/accounts?access_token={token}", pageToken)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(100)
			.jsonPath("$.error.fbtrace_id")
			.isNotEmpty();
		this.client.get()
			.uri("/me/accounts?access_token=garbage")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(190);
	}

	@Test
	void refusesAnUnknownCodeAndAWrongSecretWithGraphErrors() {
		this.client.get()
			.uri("/v26.0/oauth/access_token?client_id=hubben-facebook&client_secret=hubben-facebook-emulator-secret"
					+ "&redirect_uri=" + CALLBACK + "&code=made-up")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(100)
			.jsonPath("$.error.type")
			.isEqualTo("OAuthException");
		this.client.get()
			.uri("/v26.0/oauth/access_token?client_id=hubben-facebook&client_secret=wrong&code=x")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(1)
			.jsonPath("$.error.message")
			.isEqualTo("Error validating client secret.");
	}

	private String userToken() {
		URI dialog = UriComponentsBuilder.fromUri(this.server.baseUrl(Platform.FACEBOOK))
			.path("/v26.0/dialog/oauth")
			.queryParam("client_id", "hubben-facebook")
			.queryParam("redirect_uri", CALLBACK)
			.queryParam("state", "st")
			.queryParam("scope", "pages_show_list")
			.build()
			.toUri();
		String code = new ConsentPage().decide(dialog, "allow").parameters().get("code");
		Map<String, Object> token = this.client.get()
			.uri("/v26.0/oauth/access_token?client_id=hubben-facebook&client_secret=hubben-facebook-emulator-secret"
					+ "&redirect_uri={callback}&code={code}", CALLBACK, code)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(token.get("token_type")).isEqualTo("bearer");
		assertThat(token.get("expires_in")).isEqualTo(3600);
		return (String) token.get("access_token");
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> pages(String userToken) {
		Map<String, Object> body = this.client.get()
			.uri("/v26.0/me/accounts")
			.headers((headers) -> headers.setBearerAuth(userToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).containsKey("paging");
		return (List<Map<String, Object>>) body.get("data");
	}

	private static String dialog(String path, String clientId) {
		return path + "?client_id=" + clientId + "&redirect_uri=" + CALLBACK + "&state=st&scope=pages_manage_posts";
	}

	/** A clock a test moves forward. */
	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
