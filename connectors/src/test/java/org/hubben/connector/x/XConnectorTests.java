package org.hubben.connector.x;

import org.hubben.connector.x.emulator.XEmulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.EmulatorServer;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XConnector} against {@link XEmulator} and, for answers the emulator never gives
 * (X's legacy error shape), against a scripted HTTP server; always over real HTTP.
 */
class XConnectorTests {

	private static final Instant NOW = Instant.parse("2026-11-21T14:04:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ChannelAccess channel = ChannelAccess.bearer("1234", this.tokens.issue(Platform.X, "1234", null));

	private XEmulator emulator;

	private EmulatorServer server;

	private DisposableServer scripted;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
		if (this.scripted != null) {
			this.scripted.disposeNow();
		}
	}

	private XConnector connectorToEmulator(XEmulator.Limits limits, Duration timeout) {
		this.emulator = new XEmulator(this.tokens, this.clock, limits);
		this.server = EmulatorServer.start(this.emulator);
		return new XConnector(WebClient.builder(), this.server.endpoints(Platform.X, timeout),
				this.server.properties(Platform.X, timeout), this.clock);
	}

	private XConnector connectorToEmulator() {
		return connectorToEmulator(XEmulator.Limits.DEFAULT, TIMEOUT);
	}

	private XConnector connectorTo(URI base) {
		PlatformProperties properties = new PlatformProperties(false, TIMEOUT, Map.of("x", base), "v26.0", Map.of());
		return new XConnector(WebClient.builder(), new PlatformEndpoints(properties, new StandardEnvironment()),
				properties, this.clock);
	}

	/** A server that answers every request with the given status, headers and body. */
	private XConnector connectorToScripted(int status, Map<String, String> headers, String body) {
		this.scripted = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			headers.forEach(response::header);
			return response.status(HttpResponseStatus.valueOf(status))
				.header("content-type", "application/json")
				.sendString(Mono.just(body))
				.then();
		}).bindNow();
		return connectorTo(URI.create("http://127.0.0.1:" + this.scripted.port()));
	}

	private PublishRequest request(String text) {
		return new PublishRequest(UUID.randomUUID(), this.channel, text, null,
				URI.create("https://home.example.org/p/news?utm_source=x"));
	}

	@Test
	void declaresXWeightedLengthWithTheLinkInTheText() {
		XConnector connector = connectorTo(URI.create("https://api.x.com"));
		assertThat(connector.capabilities().textLimit()).isEqualTo(280);
		assertThat(connector.capabilities().titleLimit()).isZero();
	}

	@Test
	void postsTheTextAsItIsWhenItAlreadyHoldsTheLink() {
		XConnector connector = connectorToEmulator();
		String text = "News https://home.example.org/p/news?utm_source=x today";
		StepVerifier.create(connector.publish(request(text))).expectNextCount(1).verifyComplete();
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.text()).isEqualTo(text));
	}

	@Test
	void postsTheTextExactlyAsComposedWithoutAddingTheLinkAgain() {
		XConnector connector = connectorToEmulator();
		StepVerifier.create(connector.publish(request("News"))).expectNextCount(1).verifyComplete();
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.text()).isEqualTo("News"));
	}

	@Test
	void linksTheReceiptToTheEmulatorsStatusPage() {
		XConnector connector = connectorToEmulator();
		PublishReceipt receipt = connector.publish(request("Seen on a page")).block(TIMEOUT);
		assertThat(receipt.remoteUrl())
			.isEqualTo(URI.create(this.server.baseUrl(Platform.X) + "/i/web/status/" + receipt.remoteId()));
		String html = WebClient.create()
			.get()
			.uri(receipt.remoteUrl())
			.retrieve()
			.bodyToMono(String.class)
			.block(TIMEOUT);
		assertThat(html).contains("Seen on a page");
	}

	@Test
	void linksTheReceiptToXComForTheRealApi() {
		assertThat(XConnector.receipt(URI.create("https://api.x.com"), "1880028106020515840").remoteUrl())
			.isEqualTo(URI.create("https://x.com/i/web/status/1880028106020515840"));
	}

	@Test
	void refusesAPostOverTheWeightedLimitWithXsReason() {
		XConnector connector = connectorToEmulator();
		PublishRequest request = new PublishRequest(UUID.randomUUID(), this.channel,
				"漢".repeat(141) + " https://home.example.org/", null, URI.create("https://home.example.org/"));
		StepVerifier.create(connector.publish(request))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageStartingWith("X refused: ")
				.hasMessageContaining("too long"))
			.verify();
	}

	@Test
	void waitsUntilTheFifteenMinuteResetXNamed() {
		XConnector connector = connectorToEmulator();
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(connector.publish(request("limited")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.retryAt()).isEqualTo(Instant.parse("2026-11-21T14:05:00Z"));
				assertThat(limited).hasMessage("X rate limit reached: waiting until 14:05:00Z");
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.CHANNEL);
				assertThat(limited.retryable()).isTrue();
			}))
			.verify();
	}

	@Test
	void waitsUntilTheDailyResetWhenTheDailyLimitIsUsedUp() {
		XConnector connector = connectorToEmulator(new XEmulator.Limits(100, 1), TIMEOUT);
		connector.publish(request("first")).block(TIMEOUT);
		StepVerifier.create(connector.publish(request("second")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.retryAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.APP);
				assertThat(limited)
					.hasMessage("X's daily limit for Hubben's app reached: waiting until 2026-11-22T14:04:00Z");
			}))
			.verify();
	}

	@Test
	void readsTheLegacyRateLimitAnswerAndWaitsFifteenMinutesWithoutHeaders() {
		XConnector connector = connectorToScripted(429, Map.of(),
				"{\"errors\":[{\"code\":88,\"message\":\"Rate limit exceeded\"}]}");
		StepVerifier.create(connector.publish(request("limited")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.retryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)))))
			.verify();
	}

	@Test
	void takesTheLatestResetAmongTheExhaustedWindows() {
		long window = NOW.plusSeconds(300).getEpochSecond();
		long userDay = NOW.plusSeconds(3600).getEpochSecond();
		long appDay = NOW.plusSeconds(7200).getEpochSecond();
		XConnector connector = connectorToScripted(429,
				Map.of("x-rate-limit-reset", String.valueOf(window), "x-rate-limit-remaining", "0",
						"x-user-limit-24hour-reset", String.valueOf(userDay), "x-user-limit-24hour-remaining", "0",
						"x-app-limit-24hour-reset", String.valueOf(appDay), "x-app-limit-24hour-remaining", "12"),
				"{\"title\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}");
		StepVerifier.create(connector.publish(request("limited")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.retryAt()).isEqualTo(Instant.ofEpochSecond(userDay));
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.CHANNEL);
			}))
			.verify();
	}

	@Test
	void readsTheLegacyDuplicateAnswerAsADuplicate() {
		XConnector connector = connectorToScripted(403, Map.of(),
				"{\"errors\":[{\"code\":187,\"message\":\"Status is a duplicate.\"}]}");
		StepVerifier.create(connector.publish(request("again")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessage("X refused: duplicate content"))
			.verify();
	}

	@Test
	void refusesWithXsDetailForOtherForbiddenAnswers() {
		XConnector connector = connectorToScripted(403, Map.of(),
				"{\"title\":\"Client Forbidden\",\"detail\":\"This app is not enrolled.\",\"reason\":\"client-not-enrolled\","
						+ "\"type\":\"https://api.x.com/2/problems/client-forbidden\"}");
		StepVerifier.create(connector.publish(request("hello")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessage("X refused: This app is not enrolled."))
			.verify();
	}

	@Test
	void reportsAnUnauthorizedAnswerAsLostAuthorisationWithoutTheToken() {
		XConnector connector = connectorToScripted(401, Map.of(),
				"{\"title\":\"Unauthorized\",\"detail\":\"Bad token " + this.channel.accessToken() + "\"}");
		StepVerifier.create(connector.publish(request("hello")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessage("X refused the channel's token: reconnect the channel"))
			.verify();
	}

	@Test
	void keepsTheTokenOutOfARefusalThatEchoesIt() {
		XConnector connector = connectorToScripted(400, Map.of(),
				"{\"title\":\"Invalid Request\",\"detail\":\"Bad header Bearer " + this.channel.accessToken() + "\"}");
		StepVerifier.create(connector.publish(request("hello")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageNotContaining(this.channel.accessToken()))
			.verify();
	}

	@Test
	void reportsA503AsARetryableOutage() {
		XConnector connector = connectorToEmulator();
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		StepVerifier.create(connector.publish(request("hello")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(PlatformUnavailable.class,
					(unavailable) -> assertThat(unavailable.retryable()).isTrue()))
			.verify();
	}

	@Test
	void reportsA500AfterAcceptanceAsUnknownAndTheLookupFindsThePost() {
		XConnector connector = connectorToEmulator();
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		StepVerifier.create(connector.publish(request("maybe")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(OutcomeUnknown.class,
					(unknown) -> assertThat(unknown.retryable()).isFalse()))
			.verify();
		String remoteId = this.emulator.received().get(0).remoteId();
		StepVerifier.create(connector.lookup(this.channel, remoteId))
			.assertNext((receipt) -> assertThat(receipt.remoteId()).isEqualTo(remoteId))
			.verifyComplete();
	}

	@Test
	void reportsA502AsUnknown() {
		XConnector connector = connectorToScripted(502, Map.of(), "<html>Bad Gateway</html>");
		StepVerifier.create(connector.publish(request("hello"))).expectError(OutcomeUnknown.class).verify();
	}

	@Test
	void reportsADroppedConnectionAsUnknownWithoutWaitingForTheTimeout() {
		XConnector connector = connectorToEmulator(XEmulator.Limits.DEFAULT, Duration.ofSeconds(30));
		this.emulator.faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		AtomicReference<Throwable> error = new AtomicReference<>();
		StepVerifier.create(connector.publish(request("dropped")))
			.expectErrorSatisfies(error::set)
			.verify(Duration.ofSeconds(5));
		assertThat(error.get()).isInstanceOf(OutcomeUnknown.class)
			.hasMessage("X did not answer; the post may exist")
			.hasRootCauseInstanceOf(PrematureCloseException.class);
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void reportsAnUnansweredRequestAsUnknownAfterTheTimeout() {
		XConnector connector = connectorToEmulator(XEmulator.Limits.DEFAULT, Duration.ofMillis(500));
		this.emulator.faults().inject(Fault.TIMEOUT, 1);
		StepVerifier.create(connector.publish(request("unanswered")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(OutcomeUnknown.class)
				.hasMessage("X did not answer; the post may exist"))
			.verify(Duration.ofSeconds(3));
	}

	@Test
	void reportsARefusedConnectionAsUnavailable() {
		XConnector connector = connectorToEmulator();
		this.server.close();
		StepVerifier.create(connector.publish(request("nobody listens")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.hasMessageStartingWith("X could not be reached"))
			.verify(Duration.ofSeconds(5));
		this.server = null;
	}

	@Test
	void reportsAnUnknownHostAsUnavailable() {
		XConnector connector = connectorTo(URI.create("http://x-emulator.invalid"));
		StepVerifier.create(connector.publish(request("nobody there")))
			.expectError(PlatformUnavailable.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void looksUpAnUnknownPostAsEmpty() {
		XConnector connector = connectorToEmulator();
		StepVerifier.create(connector.lookup(this.channel, "424242")).verifyComplete();
	}

	@Test
	void looksUpAPostXWillNotShowAsUnknown() {
		XConnector connector = connectorToScripted(200, Map.of(),
				"{\"errors\":[{\"detail\":\"Sorry, you are not authorized to see the Tweet with id: [42].\","
						+ "\"title\":\"Authorization Error\",\"type\":\"https://api.twitter.com/2/problems/not-authorized-for-resource\"}]}");
		StepVerifier.create(connector.lookup(this.channel, "42")).expectError(OutcomeUnknown.class).verify();
	}

	@Test
	void looksUpWithAForgedTokenAsLostAuthorisation() {
		XConnector connector = connectorToEmulator();
		StepVerifier.create(connector.lookup(ChannelAccess.bearer("1234", "forged"), "42"))
			.expectError(AuthorisationFailed.class)
			.verify();
	}

	@Test
	void findsAPostOnALaterPageOfTheChannelsTimeline() {
		XConnector connector = connectorToEmulator(new XEmulator.Limits(200, 10_000), TIMEOUT);
		PublishRequest first = request("The first of many");
		connector.publish(first).block(TIMEOUT);
		for (int i = 0; i < 100; i++) {
			connector.publish(request("Later post " + i)).block(TIMEOUT);
		}
		String firstId = this.emulator.received().get(0).remoteId();
		StepVerifier.create(connector.find(first, NOW))
			.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(firstId))
			.verifyComplete();
	}

	@Test
	void comparesTextsWithEveryUrlAlikeAndXsEscapesUndone() {
		String sent = XConnector.comparable("Fish & <chips>\n\nhttps://home.example.org/p/1?utm_source=x");
		assertThat(XConnector.matches("Fish &amp; &lt;chips&gt;\n\nhttps://t.co/AbCdEfGhIj", sent, false)).isTrue();
		assertThat(XConnector.matches("Fish &amp; &lt;chips&gt; https://t.co/AbCdEfGhIj https://t.co/media0000", sent,
				true))
			.isTrue();
		assertThat(XConnector.matches("Fish &amp; &lt;chips&gt; https://t.co/AbCdEfGhIj https://t.co/media0000", sent,
				false))
			.isFalse();
		assertThat(XConnector.matches("Fish &amp; chips https://t.co/AbCdEfGhIj", sent, false)).isFalse();
	}

	@Test
	void reportsATimelineServerErrorAsRetryable() {
		XConnector connector = connectorToScripted(500, Map.of(), "{\"title\":\"Internal Server Error\"}");
		StepVerifier.create(connector.find(request("anything"), NOW))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.satisfies((unavailable) -> assertThat(((PlatformUnavailable) unavailable).retryable()).isTrue()))
			.verify();
	}

}
