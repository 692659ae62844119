package org.hubben.connector.x;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
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
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.x.emulator.XAuthorisationRoutes;
import org.hubben.connector.x.emulator.XEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XAccountLinking} through the whole OAuth 2.0 PKCE flow against the
 * {@link XEmulator} over real HTTP: a person at the emulator's consent page, the code
 * exchange, the account lookup, refreshes that rotate.
 */
class XAccountLinkingTests {

	private static final Instant NOW = Instant.parse("2026-11-21T14:04:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private static final URI CALLBACK = URI.create("http://hubben.example/channels/callback/x");

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ConsentPage person = new ConsentPage();

	private EmulatorServer server;

	private XAccountLinking linking;

	private XConnector connector;

	@BeforeEach
	void start() {
		this.server = EmulatorServer.start(new XEmulator(this.tokens));
		PlatformEndpoints endpoints = this.server.endpoints(Platform.X, TIMEOUT);
		PlatformProperties properties = this.server.properties(Platform.X, TIMEOUT);
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		this.linking = new XAccountLinking(WebClient.builder(), endpoints, properties, clock);
		this.connector = new XConnector(WebClient.builder(), endpoints, properties, clock);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void sendsThePersonToAuthoriseWithAnS256ChallengeAndKeepsTheVerifierServerSide() {
		LinkStart started = this.linking.start(CALLBACK, "state-1").block();
		Map<String, String> query = query(started.authoriseUrl());
		assertThat(started.authoriseUrl().getPath()).isEqualTo("/emulator/x/i/oauth2/authorize");
		assertThat(query).containsEntry("response_type", "code")
			.containsEntry("client_id", "hubben-x")
			.containsEntry("redirect_uri", CALLBACK.toString())
			.containsEntry("state", "state-1")
			.containsEntry("scope", "tweet.read tweet.write tweet.moderate.write users.read media.write offline.access")
			.containsEntry("code_challenge_method", "S256");
		String verifier = started.secrets().get("code_verifier");
		assertThat(verifier).hasSize(43);
		assertThat(query).containsEntry("code_challenge", XAccountLinking.challenge(verifier));
		assertThat(started.authoriseUrl().toString()).doesNotContain(verifier);
		assertThat(started.toString()).doesNotContain(verifier);
	}

	@Test
	void connectsTheAccountThePersonAllowedWithTokensThatPublish() {
		LinkedAccount account = connect();
		assertThat(account.platform()).isEqualTo(Platform.X);
		assertThat(account.accountId()).isEqualTo(XAuthorisationRoutes.USER.id());
		assertThat(account.name()).isEqualTo("@hubben_demo");
		assertThat(account.refreshToken()).isNotBlank();
		assertThat(account.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
		assertThat(account.toString()).doesNotContain(account.accessToken()).doesNotContain(account.refreshToken());
		StepVerifier
			.create(this.connector.publish(new PublishRequest(UUID.randomUUID(), account.access(), "Connected", null,
					URI.create("https://home.example.org/"))))
			.assertNext((receipt) -> assertThat(receipt.remoteId()).isNotBlank())
			.verifyComplete();
	}

	@Test
	void refusesACodeWithAVerifierThatDoesNotMatchTheChallenge() {
		LinkStart started = this.linking.start(CALLBACK, "state-2").block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "allow");
		LinkStart tampered = new LinkStart(Platform.X, started.authoriseUrl(), started.state(),
				Map.of("code_verifier", "a".repeat(43)));
		StepVerifier.create(this.linking.finish(tampered, callback.parameters(), CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("code verifier did not match"))
			.verify();
	}

	@Test
	void refusesACodeSentWithAnotherCallback() {
		LinkStart started = this.linking.start(CALLBACK, "state-3").block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "allow");
		StepVerifier
			.create(this.linking.finish(started, callback.parameters(), URI.create("http://elsewhere.example/cb")))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("redirect uri"))
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
				.hasMessageContaining("authorization code was invalid"))
			.verify();
	}

	@Test
	void saysSoWhenThePersonDeclined() {
		LinkStart started = this.linking.start(CALLBACK, "state-5").block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "deny");
		assertThat(callback.location().toString()).startsWith(CALLBACK.toString());
		assertThat(callback.parameters()).containsEntry("error", "access_denied").containsEntry("state", "state-5");
		StepVerifier.create(this.linking.finish(started, callback.parameters(), CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessage("You declined on X, so Hubben was not given access to the account"))
			.verify();
	}

	@Test
	void refusesACallbackCarryingAnotherState() {
		LinkStart started = this.linking.start(CALLBACK, "state-6").block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "allow");
		Map<String, String> forged = new HashMap<>(callback.parameters());
		forged.put("state", "someone-elses");
		StepVerifier.create(this.linking.finish(started, forged, CALLBACK))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("state"))
			.verify();
	}

	@Test
	void refreshRotatesTheRefreshTokenAndTheOldOneStopsWorking() {
		LinkedAccount connected = connect();
		LinkedAccount refreshed = this.linking.refresh(connected).block();
		assertThat(refreshed.accountId()).isEqualTo(connected.accountId());
		assertThat(refreshed.name()).isEqualTo(connected.name());
		assertThat(refreshed.refreshToken()).isNotBlank().isNotEqualTo(connected.refreshToken());
		assertThat(refreshed.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
		StepVerifier.create(this.linking.refresh(connected))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("reconnect the channel")
				.hasMessageNotContaining(connected.refreshToken()))
			.verify();
		StepVerifier.create(this.linking.refresh(refreshed))
			.assertNext((again) -> assertThat(again.refreshToken()).isNotEqualTo(refreshed.refreshToken()))
			.verifyComplete();
	}

	@Test
	void refusesToRefreshWithoutARefreshToken() {
		LinkedAccount connected = connect();
		LinkedAccount withoutRefreshToken = new LinkedAccount(Platform.X, connected.accountId(), connected.name(),
				connected.accessToken(), null, null, connected.expiresAt());
		StepVerifier.create(this.linking.refresh(withoutRefreshToken)).expectError(AuthorisationFailed.class).verify();
	}

	@Test
	void usesXsOwnHostsAndTheConfiguredAppWhenNoEmulatorIsInTheWay() {
		PlatformProperties properties = new PlatformProperties(false, TIMEOUT, Map.of(), "v26.0",
				Map.of("x", new PlatformProperties.App("real-client", "real-secret")));
		XAccountLinking real = new XAccountLinking(WebClient.builder(),
				new PlatformEndpoints(properties, new StandardEnvironment()), properties);
		URI authorise = real.start(CALLBACK, "s").block().authoriseUrl();
		assertThat(authorise.getScheme() + "://" + authorise.getHost() + authorise.getPath())
			.isEqualTo("https://x.com/i/oauth2/authorize");
		assertThat(query(authorise)).containsEntry("client_id", "real-client").doesNotContainValue("real-secret");
	}

	@Test
	void saysXCannotBeReachedWhenNothingListens() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		PlatformProperties properties = new PlatformProperties(false, TIMEOUT,
				Map.of("x", URI.create("http://127.0.0.1:" + port)), "v26.0", Map.of());
		XAccountLinking unreachable = new XAccountLinking(WebClient.builder(),
				new PlatformEndpoints(properties, new StandardEnvironment()), properties);
		LinkedAccount account = new LinkedAccount(Platform.X, "1", "@someone", "token", null, "refresh", NOW);
		StepVerifier.create(unreachable.refresh(account))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.hasMessageContaining("X could not be reached"))
			.verify();
	}

	private LinkedAccount connect() {
		LinkStart started = this.linking.start(CALLBACK, "state-" + UUID.randomUUID()).block();
		ConsentPage.Callback callback = this.person.decide(started.authoriseUrl(), "allow");
		assertThat(callback.parameters()).containsKey("code").containsEntry("state", started.state());
		List<LinkedAccount> accounts = this.linking.finish(started, callback.parameters(), CALLBACK).block();
		assertThat(accounts).hasSize(1);
		return accounts.get(0);
	}

	private static Map<String, String> query(URI uri) {
		return ConsentPage.Callback.of(uri).parameters();
	}

}
