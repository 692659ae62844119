package org.hubben.connector.facebook;

import org.hubben.connector.facebook.emulator.FacebookEmulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.netty.handler.codec.http.HttpResponseStatus;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.Targeting;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.facebook.emulator.FacebookEmulator.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The connector against the emulator over real HTTP, for what is Facebook's own. */
class FacebookConnectorTests {

	private static final String PAGE = "1000001";

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ChannelAccess channel = ChannelAccess.bearer(PAGE, this.tokens.issue(Platform.FACEBOOK, PAGE, null));

	private FacebookEmulator emulator;

	private EmulatorServer server;

	private FacebookConnector connector;

	private void start(FacebookEmulator emulator) {
		this.emulator = emulator;
		this.server = EmulatorServer.start(emulator);
		this.connector = new FacebookConnector(WebClient.builder(), this.server.endpoints(Platform.FACEBOOK, TIMEOUT),
				this.server.properties(Platform.FACEBOOK, TIMEOUT));
	}

	private void start() {
		start(new FacebookEmulator(this.tokens));
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private PublishRequest request(ChannelAccess channel, String text) {
		return new PublishRequest(UUID.randomUUID(), channel, text, null,
				URI.create("https://home.example.org/p/news?utm_source=facebook"));
	}

	private PublishRequest request(String text) {
		return request(this.channel, text);
	}

	@Test
	void sendsTheLinkAsASeparateFieldAndTheTextUnchanged() {
		start();
		StepVerifier.create(this.connector.publish(request("Our news, in our words")))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.text()).isEqualTo("Our news, in our words");
			assertThat(post.link()).isEqualTo("https://home.example.org/p/news?utm_source=facebook");
			assertThat(post.accountId()).isEqualTo(PAGE);
		});
	}

	@Test
	void answersWithAReceiptWhoseUrlShowsThePost() {
		start();
		PublishReceipt receipt = this.connector.publish(request("Read <this> & that")).block(TIMEOUT);
		assertThat(receipt.remoteId()).startsWith(PAGE + "_");
		assertThat(receipt.remoteUrl())
			.isEqualTo(URI.create(this.server.baseUrl(Platform.FACEBOOK) + "/posts/" + receipt.remoteId()));
		StepVerifier.create(WebClient.create().get().uri(receipt.remoteUrl()).retrieve().bodyToMono(String.class))
			.assertNext((html) -> assertThat(html).contains("Read &lt;this&gt; &amp; that"))
			.verifyComplete();
	}

	@Test
	void looksAPostUpWithThePermalinkFacebookNames() {
		start();
		PublishReceipt receipt = this.connector.publish(request("Look me up")).block(TIMEOUT);
		StepVerifier.create(this.connector.lookup(this.channel, receipt.remoteId()))
			.assertNext((found) -> assertThat(found).isEqualTo(receipt))
			.verifyComplete();
	}

	@Test
	void pointsReceiptsAtFacebookComWhenTalkingToTheRealGraphApi() {
		assertThat(FacebookConnector.remoteUrl(URI.create("https://graph.facebook.com"), "1_2"))
			.isEqualTo(URI.create("https://www.facebook.com/1_2"));
		assertThat(FacebookConnector.remoteUrl(URI.create("http://127.0.0.1:8080/emulator/facebook"), "1_2"))
			.isEqualTo(URI.create("http://127.0.0.1:8080/emulator/facebook/posts/1_2"));
	}

	@Test
	void waitsAsLongAsTheBusinessUseCaseUsageHeaderSaysOnCode32() {
		start();
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		Instant before = Instant.now();
		StepVerifier.create(this.connector.publish(request("Throttled")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.retryAt()).isCloseTo(before.plus(Duration.ofMinutes(5)),
						within(Duration.ofSeconds(10)));
				assertThat(limited).hasMessageStartingWith("Facebook rate limit reached (code 32): waiting until");
				assertThat(limited.retryable()).isTrue();
			}))
			.verify();
	}

	@Test
	void waitsUntilThePagesHourlyBudgetRecovers() {
		Instant now = Instant.now();
		start(new FacebookEmulator(this.tokens, Clock.fixed(now, ZoneOffset.UTC),
				new Limits(1, Duration.ofMinutes(10), Duration.ofDays(30))));
		StepVerifier.create(this.connector.publish(request("Within budget"))).expectNextCount(1).verifyComplete();
		StepVerifier.create(this.connector.publish(request("Over budget")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.retryAt()).isCloseTo(now.plus(Duration.ofHours(1)),
							within(Duration.ofSeconds(10)))))
			.verify();
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void reportsAServerErrorAfterCreationAsUnknownWhileThePlatformHasThePost() {
		start();
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		StepVerifier.create(this.connector.publish(request("Created despite the error")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(OutcomeUnknown.class)
				.hasMessage("Facebook answered with a server error; the post may exist"))
			.verify();
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> StepVerifier.create(this.connector.lookup(this.channel, post.remoteId()))
				.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(post.remoteId()))
				.verifyComplete());
	}

	@Test
	void reportsEveryServerErrorAsUnknownBecauseFacebookMayHaveCreatedThePost() {
		start();
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		StepVerifier.create(this.connector.publish(request("Maybe"))).expectError(OutcomeUnknown.class).verify();
	}

	@Test
	void reportsATokenIssuedForAnotherPageAsAMissingPermission() {
		start();
		ChannelAccess otherPage = ChannelAccess.bearer(PAGE, this.tokens.issue(Platform.FACEBOOK, "2000002", null));
		StepVerifier.create(this.connector.publish(request(otherPage, "Not my page")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageStartingWith("Facebook: the page token lacks a permission ((#200)")
				.hasMessageEndingWith("reconnect the channel")
				.message()
				.doesNotContain(otherPage.accessToken()))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsARevokedTokenOnLookupAsLostAuthorisation() {
		start();
		PublishReceipt receipt = this.connector.publish(request("Before revocation")).block(TIMEOUT);
		this.tokens.revoke(this.channel.accessToken());
		StepVerifier.create(this.connector.lookup(this.channel, receipt.remoteId()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessage("Facebook refused the page token (expired or revoked): reconnect the channel"))
			.verify();
	}

	@Test
	void reportsAnUnreachablePlatformAsUnavailableBeforeAnythingWasSent() {
		start();
		PlatformProperties properties = this.server.properties(Platform.FACEBOOK, TIMEOUT);
		FacebookConnector unreachable = new FacebookConnector(WebClient.builder(),
				this.server.endpoints(Platform.FACEBOOK, TIMEOUT), properties);
		this.server.close();
		this.server = null;
		StepVerifier.create(unreachable.publish(request("Nobody listens")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(PlatformUnavailable.class,
					(unavailable) -> assertThat(unavailable.retryable()).isTrue()))
			.verify(TIMEOUT.multipliedBy(3));
		StepVerifier.create(unreachable.lookup(this.channel, PAGE + "_1"))
			.expectError(PlatformUnavailable.class)
			.verify(TIMEOUT.multipliedBy(3));
	}

	@Test
	void reportsAnUnansweredLookupAsUnavailableRatherThanUnknown() {
		start();
		this.emulator.faults().latency(TIMEOUT.multipliedBy(2));
		StepVerifier.create(this.connector.lookup(this.channel, PAGE + "_1"))
			.expectError(PlatformUnavailable.class)
			.verify(TIMEOUT.multipliedBy(4));
	}

	@Test
	void holdsBackThePageUntilTheRegainTimeItsUsageHeaderNames() {
		Instant now = Instant.parse("2026-11-21T14:04:00Z");
		Clock clock = Clock.fixed(now, ZoneOffset.UTC);
		start(new FacebookEmulator(this.tokens, clock));
		FacebookConnector connector = new FacebookConnector(WebClient.builder(),
				this.server.endpoints(Platform.FACEBOOK, TIMEOUT), this.server.properties(Platform.FACEBOOK, TIMEOUT),
				clock);
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(connector.publish(request("Throttled page")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.CHANNEL);
				assertThat(limited.retryAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
			}))
			.verify();
	}

	@Test
	void holdsBackEveryChannelForAnHourWhenTheAppIsThrottled() {
		Instant now = Instant.parse("2026-11-21T14:04:00Z");
		DisposableServer scripted = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.then(response.status(HttpResponseStatus.FORBIDDEN)
					.header("content-type", "application/json")
					.header("X-App-Usage", "{\"call_count\":100,\"total_time\":20,\"total_cputime\":20}")
					.sendString(Mono.just("{\"error\":{\"message\":\"(#4) Application request limit reached\","
							+ "\"type\":\"OAuthException\",\"code\":4,\"fbtrace_id\":\"Abc\"}}"))
					.then()))
			.bindNow();
		try {
			PlatformProperties properties = new PlatformProperties(false, TIMEOUT,
					Map.of("facebook", URI.create("http://127.0.0.1:" + scripted.port())), "v26.0", Map.of());
			FacebookConnector connector = new FacebookConnector(WebClient.builder(),
					new PlatformEndpoints(properties, new StandardEnvironment()), properties,
					Clock.fixed(now, ZoneOffset.UTC));
			StepVerifier.create(connector.publish(request("Throttled app")))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
					assertThat(limited.scope()).isEqualTo(RateLimited.Scope.APP);
					assertThat(limited.retryAt()).isEqualTo(now.plus(Duration.ofHours(1)));
				}))
				.verify();
		}
		finally {
			scripted.disposeNow();
		}
	}

	@Test
	void findsAPostOnALaterPageOfThePagesPosts() {
		start();
		Instant sentBefore = Instant.now();
		PublishRequest first = request("The first of many");
		this.connector.publish(first).block(TIMEOUT);
		for (int i = 0; i < 100; i++) {
			this.connector.publish(request("Later post " + i)).block(TIMEOUT);
		}
		String firstId = this.emulator.received().get(0).remoteId();
		StepVerifier.create(this.connector.find(first, sentBefore))
			.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(firstId))
			.verifyComplete();
	}

	@Test
	void findsNeitherScheduledNorUnpublishedPosts() {
		start();
		Instant sentBefore = Instant.now();
		StepVerifier
			.create(WebClient.create(this.server.baseUrl(Platform.FACEBOOK).toString())
				.post()
				.uri("/v26.0/{page}/feed", PAGE)
				.body(BodyInserters.fromFormData("message", "Dark post")
					.with("published", "false")
					.with("access_token", this.channel.accessToken()))
				.retrieve()
				.bodyToMono(String.class))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(this.connector.find(request("Dark post"), sentBefore)).verifyComplete();
	}

	@Test
	void sendsATargetedPostUnpublishedWithItsTargetingAndKeepsItOffThePage() {
		start();
		PublishRequest open = request("Open and dark alike");
		PublishRequest dark = new PublishRequest(UUID.randomUUID(), this.channel, "Open and dark alike", null,
				URI.create("https://www.facebook.com/1000001_1"), List.of(), List.of(),
				new Targeting(List.of("se", "NO"), 18, 35, List.of()));
		PublishReceipt openReceipt = this.connector.publish(open).block(TIMEOUT);
		PublishReceipt darkReceipt = this.connector.publish(dark).block(TIMEOUT);
		WebClient graph = WebClient.create(this.server.baseUrl(Platform.FACEBOOK).toString());
		StepVerifier
			.create(graph.get()
				.uri("/v26.0/{post}?fields=is_published,targeting,link&access_token={token}", darkReceipt.remoteId(),
						this.channel.accessToken())
				.retrieve()
				.bodyToMono(Map.class))
			.assertNext((post) -> {
				assertThat(post).containsEntry("is_published", false)
					.containsEntry("link", "https://www.facebook.com/1000001_1")
					.containsEntry("targeting", Map.of("geo_locations", Map.of("countries", List.of("SE", "NO")),
							"age_min", 18, "age_max", 35));
			})
			.verifyComplete();
		StepVerifier
			.create(graph.get()
				.uri("/v26.0/{page}/feed?fields=id&access_token={token}", PAGE, this.channel.accessToken())
				.retrieve()
				.bodyToMono(String.class))
			.assertNext(
					(feed) -> assertThat(feed).contains(openReceipt.remoteId()).doesNotContain(darkReceipt.remoteId()))
			.verifyComplete();
		StepVerifier
			.create(graph.get()
				.uri("/v26.0/{page}/promotable_posts?fields=id&access_token={token}", PAGE, this.channel.accessToken())
				.retrieve()
				.bodyToMono(String.class))
			.assertNext((listed) -> assertThat(listed).contains(openReceipt.remoteId(), darkReceipt.remoteId()))
			.verifyComplete();
	}

	@Test
	void sendsAnOpenPostWithoutPublishedOrTargeting() {
		start();
		PublishReceipt receipt = this.connector.publish(request("Simply open")).block(TIMEOUT);
		StepVerifier
			.create(WebClient.create(this.server.baseUrl(Platform.FACEBOOK).toString())
				.get()
				.uri("/v26.0/{post}?fields=is_published,targeting&access_token={token}", receipt.remoteId(),
						this.channel.accessToken())
				.retrieve()
				.bodyToMono(Map.class))
			.assertNext((post) -> assertThat(post).containsEntry("is_published", true).doesNotContainKey("targeting"))
			.verifyComplete();
	}

	@Test
	void findsATargetedPostAmongThePromotablePostsAndNotTheOpenOne() {
		start();
		Instant sentBefore = Instant.now();
		PublishReceipt open = this.connector.publish(request("Found in the dark")).block(TIMEOUT);
		PublishRequest dark = new PublishRequest(UUID.randomUUID(), this.channel, "Found in the dark", null,
				open.remoteUrl(), List.of(), List.of(), new Targeting(List.of("SE"), 18, 65, List.of()));
		StepVerifier.create(this.connector.find(dark, sentBefore)).verifyComplete();
		PublishReceipt sent = this.connector.publish(dark).block(TIMEOUT);
		StepVerifier.create(this.connector.find(dark, sentBefore))
			.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(sent.remoteId()))
			.verifyComplete();
	}

}
