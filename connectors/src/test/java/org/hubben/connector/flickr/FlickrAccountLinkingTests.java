package org.hubben.connector.flickr;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.LinkStart;
import org.hubben.connector.LinkedAccount;
import org.hubben.connector.MediaKind;
import org.hubben.connector.Platform;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.flickr.emulator.FlickrEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OAuth 1.0a flow of {@link FlickrAccountLinking} end to end over HTTP against
 * {@link FlickrEmulator}: request token, the consent page, the callback, the access
 * token, and a publication with the account it connected.
 */
class FlickrAccountLinkingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final URI CALLBACK = URI.create("https://hubben.example.org/channels/flickr/callback");

	private final FlickrEmulator emulator = FlickrFixtures.emulator(FlickrFixtures.tokens());

	private final WebClient browser = WebClient.create();

	private EmulatorServer server;

	private FlickrAccountLinking linking;

	@TempDir
	java.nio.file.Path files;

	@BeforeEach
	void start() {
		this.server = EmulatorServer.start(this.emulator);
		this.linking = new FlickrAccountLinking(WebClient.builder(), this.server.endpoints(Platform.FLICKR, TIMEOUT),
				this.server.properties(Platform.FLICKR, TIMEOUT), Clock.systemUTC());
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void connectsAnAccountAndPublishesWithIt() throws Exception {
		this.emulator.signIn(new FlickrEmulator.User("87654321@N02", "centre", "Centre Communications"));
		LinkStart started = this.linking.start(CALLBACK, "state-1").block(TIMEOUT);
		assertThat(started.authoriseUrl().toString())
			.startsWith(this.server.baseUrl(Platform.FLICKR) + "/services/oauth/authorize?oauth_token=")
			.endsWith("&perms=write");
		assertThat(started.secrets()).containsKeys(FlickrAccountLinking.REQUEST_TOKEN,
				FlickrAccountLinking.REQUEST_TOKEN_SECRET);
		assertThat(started.toString()).doesNotContain(started.secrets().get(FlickrAccountLinking.REQUEST_TOKEN_SECRET));

		URI back = decide(started, "allow");
		assertThat(back.toString()).startsWith(CALLBACK + "?state=state-1&oauth_token=");
		List<LinkedAccount> accounts = this.linking.finish(started, parameters(back), CALLBACK).block(TIMEOUT);
		assertThat(accounts).singleElement().satisfies((account) -> {
			assertThat(account.platform()).isEqualTo(Platform.FLICKR);
			assertThat(account.accountId()).isEqualTo("87654321@N02");
			assertThat(account.name()).isEqualTo("Centre Communications");
			assertThat(account.tokenSecret()).isNotBlank();
			assertThat(account.expiresAt()).isNull();
		});

		LinkedAccount account = accounts.get(0);
		FlickrConnector connector = new FlickrConnector(WebClient.builder(),
				this.server.endpoints(Platform.FLICKR, TIMEOUT), this.server.properties(Platform.FLICKR, TIMEOUT),
				"Hubben", Clock.systemUTC(), FlickrFixtures.QUICK_POLLING);
		java.nio.file.Path photo = java.nio.file.Files.write(this.files.resolve("photo.png"), FlickrFixtures.png());
		PublishRequest request = new PublishRequest(UUID.randomUUID(), account.access(), "Connected and posting",
				"First", URI.create("https://home.example.org/"), List.of(new PublishMedia(UUID.randomUUID(),
						MediaKind.IMAGE, "image/png", java.nio.file.Files.size(photo), "photo.png", photo)),
				List.of());
		PublishReceipt receipt = connector.publish(request).block(Duration.ofSeconds(10));
		assertThat(receipt.remoteUrl().toString()).contains("/photos/87654321@N02/" + receipt.remoteId() + "/");
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.accountId()).isEqualTo("87654321@N02"));
	}

	@Test
	void namesTheAccountByItsScreenNameWhenItHasNoFullName() {
		this.emulator.signIn(new FlickrEmulator.User("11111111@N03", "screen_name", ""));
		LinkStart started = this.linking.start(CALLBACK, "s").block(TIMEOUT);
		StepVerifier.create(this.linking.finish(started, parameters(decide(started, "allow")), CALLBACK))
			.assertNext((accounts) -> assertThat(accounts.get(0).name()).isEqualTo("screen_name"))
			.verifyComplete();
	}

	@Test
	void reportsARefusalOnFlickrAsLostAuthorisation() {
		LinkStart started = this.linking.start(CALLBACK, "s").block(TIMEOUT);
		URI back = decide(started, "deny");
		assertThat(back.getQuery()).contains("oauth_problem=user_refused").doesNotContain("oauth_verifier");
		StepVerifier.create(this.linking.finish(started, parameters(back), CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("permission was not given"))
			.verify();
	}

	@Test
	void refusesAWrongVerifierAndAVerifierUsedTwice() {
		LinkStart started = this.linking.start(CALLBACK, "s").block(TIMEOUT);
		Map<String, String> back = parameters(decide(started, "allow"));
		Map<String, String> wrong = new java.util.HashMap<>(back);
		wrong.put("oauth_verifier", "0000000000000000");
		StepVerifier.create(this.linking.finish(started, wrong, CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("parameter_rejected"))
			.verify();
		StepVerifier.create(this.linking.finish(started, back, CALLBACK)).expectNextCount(1).verifyComplete();
		StepVerifier.create(this.linking.finish(started, back, CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("token_rejected"))
			.verify();
	}

	@Test
	void refusesACallbackForAnotherRequestOrState() {
		LinkStart started = this.linking.start(CALLBACK, "mine").block(TIMEOUT);
		Map<String, String> back = new java.util.HashMap<>(parameters(decide(started, "allow")));
		back.put("state", "theirs");
		StepVerifier.create(this.linking.finish(started, back, CALLBACK))
			.expectError(AuthorisationFailed.class)
			.verify();
		back.put("state", "mine");
		back.put("oauth_token", "another-request-token");
		StepVerifier.create(this.linking.finish(started, back, CALLBACK))
			.expectError(AuthorisationFailed.class)
			.verify();
	}

	@Test
	void reportsAnAppTheEmulatorDoesNotKnow() {
		FlickrAccountLinking stranger = new FlickrAccountLinking(WebClient.builder(),
				new org.hubben.connector.PlatformEndpoints(
						new org.hubben.connector.PlatformProperties(false, TIMEOUT,
								Map.of("flickr", this.server.baseUrl(Platform.FLICKR)), "v26.0",
								Map.of("flickr", new org.hubben.connector.PlatformProperties.App("someone", "else"))),
						new org.springframework.core.env.StandardEnvironment()),
				this.server.properties(Platform.FLICKR, TIMEOUT), Clock.systemUTC());
		StepVerifier.create(stranger.start(CALLBACK, "s"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("consumer_key_unknown")
				.hasMessageContaining("hubben.platforms.apps.flickr"))
			.verify();
	}

	@Test
	void keepsTheAccountAsItIsOnRefresh() {
		LinkedAccount account = new LinkedAccount(Platform.FLICKR, "12345678@N01", "Hubben Demo", "token", "secret",
				null, null);
		StepVerifier.create(this.linking.refresh(account)).expectNext(account).verifyComplete();
	}

	/** Opens the consent page and presses a button, as the person would. */
	private URI decide(LinkStart started, String decision) {
		String page = this.browser.get().uri(started.authoriseUrl()).retrieve().bodyToMono(String.class).block(TIMEOUT);
		assertThat(page).contains("Hubben").contains("write").contains("<form method=\"post\"");
		String token = started.secrets().get(FlickrAccountLinking.REQUEST_TOKEN);
		return this.browser.post()
			.uri(URI.create(this.server.baseUrl(Platform.FLICKR) + "/services/oauth/authorize"))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("oauth_token", token).with("perms", "write").with("decision", decision))
			.exchangeToMono((response) -> {
				assertThat(response.statusCode()).isEqualTo(HttpStatus.FOUND);
				return response.releaseBody().thenReturn(response.headers().asHttpHeaders().getLocation());
			})
			.block(TIMEOUT);
	}

	private static Map<String, String> parameters(URI back) {
		return UriComponentsBuilder.fromUri(back).build().getQueryParams().toSingleValueMap();
	}

}
