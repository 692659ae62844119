package org.hubben.connector.facebook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ConsentPage;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.LinkStart;
import org.hubben.connector.LinkedAccount;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.facebook.emulator.FacebookEmulator;
import org.hubben.connector.facebook.emulator.FacebookLoginRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FacebookAccountLinking} through Facebook Login's code flow against the
 * {@link FacebookEmulator} over real HTTP: the login dialog, code to user token,
 * long-lived user token, and the Pages with their Page tokens.
 */
class FacebookAccountLinkingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private static final URI CALLBACK = URI.create("http://hubben.example/channels/callback/facebook");

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ConsentPage person = new ConsentPage();

	private FacebookEmulator emulator;

	private EmulatorServer server;

	private PlatformEndpoints endpoints;

	private PlatformProperties properties;

	private FacebookAccountLinking linking;

	@BeforeEach
	void start() {
		this.emulator = new FacebookEmulator(this.tokens);
		this.server = EmulatorServer.start(this.emulator);
		this.endpoints = this.server.endpoints(Platform.FACEBOOK, TIMEOUT);
		this.properties = this.server.properties(Platform.FACEBOOK, TIMEOUT);
		this.linking = new FacebookAccountLinking(WebClient.builder(), this.endpoints, this.properties);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void sendsThePersonToTheVersionedLoginDialogAskingForPagePermissions() {
		LinkStart started = this.linking.start(CALLBACK, "state-1").block();
		assertThat(started.authoriseUrl().getPath()).isEqualTo("/emulator/facebook/v26.0/dialog/oauth");
		assertThat(ConsentPage.Callback.of(started.authoriseUrl()).parameters())
			.containsEntry("client_id", "hubben-facebook")
			.containsEntry("redirect_uri", CALLBACK.toString())
			.containsEntry("state", "state-1")
			.containsEntry("scope", "pages_show_list,pages_manage_posts,pages_read_engagement,"
					+ "pages_manage_engagement,pages_read_user_engagement,publish_video");
		assertThat(started.secrets()).isEmpty();
	}

	@Test
	void offersEveryPageThePersonMayPublishOnWithAPageTokenThatNeverExpiresAndPublishes() {
		List<LinkedAccount> pages = connect(this.linking);
		assertThat(pages).extracting(LinkedAccount::accountId).containsExactly("104857600000001", "104857600000002");
		assertThat(pages).extracting(LinkedAccount::name).containsExactly("Hubben Demo", "Hubben Demo Nord");
		assertThat(pages).allSatisfy((page) -> {
			assertThat(page.expiresAt()).isNull();
			assertThat(page.refreshToken()).isNull();
			assertThat(this.tokens.check(Platform.FACEBOOK, page.accessToken()).accountId())
				.isEqualTo(page.accountId());
			assertThat(page.accessToken()).as("a Page token, not the user's")
				.doesNotContain(FacebookLoginRoutes.USER.id());
		});
		// The emulator's token reads emu.<platform>.<account>.<expiry>.<nonce>.<mac>; 0
		// is
		// no expiry.
		assertThat(pages.get(1).accessToken().split("\\.")).as("a token without expiry")
			.startsWith("emu", "facebook", "104857600000002", "0");
		assertThat(this.tokens.check(Platform.FACEBOOK, pages.get(1).accessToken()).valid()).isTrue();
		FacebookConnector connector = new FacebookConnector(WebClient.builder(), this.endpoints, this.properties);
		StepVerifier
			.create(connector.publish(new PublishRequest(UUID.randomUUID(), pages.get(1).access(),
					"From Nord " + UUID.randomUUID(), null, URI.create("https://home.example.org/nord"))))
			.assertNext((receipt) -> assertThat(receipt.remoteId()).startsWith("104857600000002_"))
			.verifyComplete();
	}

	@Test
	void followsThePagingOfTheListOfPages() {
		FacebookAccountLinking onePerRequest = new FacebookAccountLinking(WebClient.builder(), this.endpoints,
				this.properties, 1);
		assertThat(connect(onePerRequest)).extracting(LinkedAccount::accountId)
			.containsExactly("104857600000001", "104857600000002");
	}

	@Test
	void saysSoWhenThePersonDeclined() {
		LinkStart started = this.linking.start(CALLBACK, "state-2").block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "deny");
		assertThat(callback.parameters()).containsEntry("error", "access_denied")
			.containsEntry("error_reason", "user_denied")
			.containsEntry("state", "state-2");
		StepVerifier.create(this.linking.finish(started, callback.parameters(), CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessage("You declined on Facebook, so Hubben was not given access to your Pages"))
			.verify();
	}

	@Test
	void refusesACodeSentWithAnotherCallback() {
		LinkStart started = this.linking.start(CALLBACK, "state-3").block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "allow");
		StepVerifier
			.create(this.linking.finish(started, callback.parameters(), URI.create("http://elsewhere.example/cb")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("redirect_uri is identical"))
			.verify();
	}

	@Test
	void refusesACodeUsedTwice() {
		LinkStart started = this.linking.start(CALLBACK, "state-4").block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "allow");
		StepVerifier.create(this.linking.finish(started, callback.parameters(), CALLBACK))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(this.linking.finish(started, callback.parameters(), CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessage("Facebook refused the login: This authorization code has been used."))
			.verify();
	}

	@Test
	void refusesWhenTheAppSecretIsWrongWithoutSayingTheSecret() {
		PlatformProperties wrongSecret = new PlatformProperties(false, TIMEOUT,
				Map.of("facebook", this.server.baseUrl(Platform.FACEBOOK)), "v26.0",
				Map.of("facebook", new PlatformProperties.App("hubben-facebook", "not-the-secret")));
		FacebookAccountLinking misconfigured = new FacebookAccountLinking(WebClient.builder(),
				new PlatformEndpoints(wrongSecret, new StandardEnvironment()), wrongSecret);
		LinkStart started = misconfigured.start(CALLBACK, "state-5").block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "allow");
		StepVerifier.create(misconfigured.finish(started, callback.parameters(), CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessage("Facebook refused the login: Error validating client secret.")
				.hasMessageNotContaining("not-the-secret"))
			.verify();
	}

	@Test
	void refreshLeavesAPageTokenAsItIs() {
		LinkedAccount page = connect(this.linking).get(0);
		StepVerifier.create(this.linking.refresh(page)).expectNext(page).verifyComplete();
	}

	@Test
	void usesFacebooksOwnDialogHostWhenNoEmulatorIsInTheWay() {
		PlatformProperties real = new PlatformProperties(false, TIMEOUT, Map.of(), "v25.0",
				Map.of("facebook", new PlatformProperties.App("1234567890", "secret")));
		FacebookAccountLinking linking = new FacebookAccountLinking(WebClient.builder(),
				new PlatformEndpoints(real, new StandardEnvironment()), real);
		URI dialog = linking.start(CALLBACK, "s").block().authoriseUrl();
		assertThat(dialog.getScheme() + "://" + dialog.getHost() + dialog.getPath())
			.isEqualTo("https://www.facebook.com/v25.0/dialog/oauth");
		assertThat(dialog.toString()).doesNotContain("secret");
	}

	private List<LinkedAccount> connect(FacebookAccountLinking linking) {
		LinkStart started = linking.start(CALLBACK, "state-" + UUID.randomUUID()).block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "allow");
		assertThat(callback.parameters()).containsKey("code").containsEntry("state", started.state());
		return linking.finish(started, callback.parameters(), CALLBACK).block();
	}

}
