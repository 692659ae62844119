package org.hubben.connector.x.emulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.hubben.connector.ConsentPage;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The X emulator's OAuth 2.0 endpoints as a client on the wire sees them, beyond what
 * {@code XAccountLinkingTests} drives.
 */
class XAuthorisationRoutesTests {

	private static final String CALLBACK = "http://hubben.example/callback";

	private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final XEmulator emulator = new XEmulator(this.tokens);

	private EmulatorServer server;

	private WebTestClient client;

	@BeforeEach
	void start() {
		this.server = EmulatorServer.start(this.emulator);
		this.client = WebTestClient.bindToServer()
			.baseUrl(this.server.baseUrl(Platform.X).toString())
			.responseTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void showsAConsentPageNamingTheAppAndEachPermission() {
		String page = this.client.get()
			.uri(authorise("tweet.read offline.access", "S256"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("Hubben", "hubben-x", "tweet.read", "offline.access", "@hubben_demo")
			.containsOnlyOnce("<form method=\"post\"")
			.contains("<button name=\"decision\" value=\"allow\">Allow</button>",
					"<button name=\"decision\" value=\"deny\">Deny</button>");
	}

	@Test
	void refusesThePlainChallengeMethodWithAnErrorRedirect() {
		URI location = this.client.get()
			.uri(authorise("tweet.read", "plain"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.FOUND)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation();
		assertThat(ConsentPage.Callback.of(location).parameters()).containsEntry("error", "invalid_request")
			.containsEntry("state", "st")
			.containsKey("error_description");
	}

	@Test
	void showsAnErrorPageRatherThanRedirectingForAnUnknownClient() {
		URI uri = URI
			.create(authorise("tweet.read", "S256").toString().replace("client_id=hubben-x", "client_id=stranger"));
		String page = this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("Something went wrong", "stranger");
	}

	@Test
	void givesNoRefreshTokenWithoutOfflineAccess() {
		String code = code("tweet.read users.read");
		this.client.post()
			.uri("/2/oauth2/token")
			.headers((headers) -> headers.setBasicAuth("hubben-x", "hubben-x-emulator-secret"))
			.body(BodyInserters.fromFormData(exchange(code)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.access_token")
			.isNotEmpty()
			.jsonPath("$.expires_in")
			.isEqualTo(7200)
			.jsonPath("$.token_type")
			.isEqualTo("bearer")
			.jsonPath("$.refresh_token")
			.doesNotExist();
	}

	@Test
	void refusesATokenRequestWithoutTheClientsBasicCredentials() {
		String code = code("tweet.read offline.access");
		this.client.post()
			.uri("/2/oauth2/token")
			.body(BodyInserters.fromFormData(exchange(code)))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthorized_client");
		this.client.post()
			.uri("/2/oauth2/token")
			.headers((headers) -> headers.setBasicAuth("hubben-x", "wrong"))
			.body(BodyInserters.fromFormData(exchange(code)))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void answersWhoATokenBelongsToAndRefusesARevokedOne() {
		String code = code("tweet.read users.read offline.access");
		String token = this.client.post()
			.uri("/2/oauth2/token")
			.headers((headers) -> headers.setBasicAuth("hubben-x", "hubben-x-emulator-secret"))
			.body(BodyInserters.fromFormData(exchange(code)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("access_token")
			.toString();
		this.client.get()
			.uri("/2/users/me")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"data\":{\"id\":\"1580000000000000001\",\"name\":\"Hubben Demo\",\"username\":\"hubben_demo\"}}");
		MultiValueMap<String, String> revoke = new LinkedMultiValueMap<>();
		revoke.add("token", token);
		this.client.post()
			.uri("/2/oauth2/revoke")
			.headers((headers) -> headers.setBasicAuth("hubben-x", "hubben-x-emulator-secret"))
			.body(BodyInserters.fromFormData(revoke))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/2/users/me")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void hidesRepliesOnlyWithATokenGrantedTheModerationScope() {
		String withoutScope = accessToken("tweet.read tweet.write users.read");
		Map<?, ?> created = this.client.post()
			.uri("/2/tweets")
			.headers((headers) -> headers.setBearerAuth(withoutScope))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "Välkomna på möte"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String postId = ((Map<?, ?>) created.get("data")).get("id").toString();
		String replyId = this.emulator
			.comment(new org.hubben.connector.emulator.PersonComment(postId, null, "77", "Troll", "Ful kommentar"))
			.id();
		this.client.put()
			.uri("/2/tweets/{id}/hidden", replyId)
			.headers((headers) -> headers.setBearerAuth(withoutScope))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("hidden", true))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("tweet.moderate.write"));
		String withScope = accessToken("tweet.read tweet.write tweet.moderate.write users.read");
		this.client.put()
			.uri("/2/tweets/{id}/hidden", replyId)
			.headers((headers) -> headers.setBearerAuth(withScope))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("hidden", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"data\":{\"hidden\":true}}");
		assertThat(this.emulator.comments()).singleElement().satisfies((reply) -> assertThat(reply.hidden()).isTrue());
	}

	private String accessToken(String scope) {
		return this.client.post()
			.uri("/2/oauth2/token")
			.headers((headers) -> headers.setBasicAuth("hubben-x", "hubben-x-emulator-secret"))
			.body(BodyInserters.fromFormData(exchange(code(scope))))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("access_token")
			.toString();
	}

	private String code(String scope) {
		ConsentPage.Callback callback = new ConsentPage().decide(authorise(scope, "S256"), "allow");
		return callback.parameters().get("code");
	}

	private static MultiValueMap<String, String> exchange(String code) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", CALLBACK);
		form.add("code_verifier", VERIFIER);
		form.add("client_id", "hubben-x");
		return form;
	}

	private URI authorise(String scope, String method) {
		return UriComponentsBuilder.fromUri(this.server.baseUrl(Platform.X))
			.path("/i/oauth2/authorize")
			.queryParam("response_type", "code")
			.queryParam("client_id", "hubben-x")
			.queryParam("redirect_uri", CALLBACK)
			.queryParam("scope", scope)
			.queryParam("state", "st")
			.queryParam("code_challenge", XAuthorisationRoutes.s256(VERIFIER))
			.queryParam("code_challenge_method", method)
			.encode()
			.build()
			.toUri();
	}

}
