package org.hubben.connector.x;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.EmulatorServer;
import org.hubben.connector.MediaKind;
import org.hubben.connector.MediaSamples;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import org.hubben.connector.x.emulator.XEmulator;
import org.hubben.connector.x.emulator.XMediaUploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XConnector} posting images and videos to {@link XEmulator} over real HTTP. The
 * connector's pauses between STATUS checks advance the emulator's clock instead of
 * sleeping, so processing takes no real time and every wait can be checked.
 */
class XConnectorMediaTests {

	private static final Instant NOW = Instant.parse("2026-11-21T14:04:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final URI LINK = URI.create("https://home.example.org/p/news?utm_source=x");

	private static final int MIB = 1024 * 1024;

	private final SteppingClock clock = new SteppingClock(NOW);

	private final List<Duration> pauses = new CopyOnWriteArrayList<>();

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ChannelAccess channel = ChannelAccess.bearer("1234", this.tokens.issue(Platform.X, "1234", null));

	@TempDir
	Path directory;

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

	private XConnector connectorToEmulator(XMediaUploads.Limits limits, Duration timeout) {
		this.emulator = new XEmulator(this.tokens, this.clock, XEmulator.Limits.DEFAULT, limits);
		this.server = EmulatorServer.start(this.emulator);
		return connectorTo(this.server.baseUrl(Platform.X), timeout);
	}

	private XConnector connectorToEmulator() {
		return connectorToEmulator(XMediaUploads.Limits.DEFAULT, TIMEOUT);
	}

	private XConnector connectorTo(URI base, Duration timeout) {
		PlatformProperties properties = new PlatformProperties(false, timeout, Map.of("x", base), "v26.0", Map.of());
		return new XConnector(WebClient.builder(), new PlatformEndpoints(properties, new StandardEnvironment()),
				properties, this.clock, (wait) -> Mono.fromRunnable(() -> {
					this.pauses.add(wait);
					this.clock.advance(wait);
				}));
	}

	/** A server that answers every request with the given status and body. */
	private XConnector connectorToScripted(int status, String body) {
		this.scripted = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.then(response.status(HttpResponseStatus.valueOf(status))
					.header("content-type", "application/problem+json")
					.sendString(Mono.just(body))
					.then()))
			.bindNow();
		return connectorTo(URI.create("http://127.0.0.1:" + this.scripted.port()), TIMEOUT);
	}

	private PublishMedia media(MediaKind kind, String contentType, String filename, byte[] bytes) {
		try {
			Path file = Files.write(this.directory.resolve(UUID.randomUUID() + "-" + filename), bytes);
			return new PublishMedia(UUID.randomUUID(), kind, contentType, bytes.length, filename, file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private PublishMedia image(int seed) {
		return media(MediaKind.IMAGE, "image/png", "picture-" + seed + ".png", MediaSamples.image("png", seed));
	}

	private PublishRequest request(String text, PublishMedia... media) {
		return new PublishRequest(UUID.randomUUID(), this.channel, text + "\n\n" + LINK, null, LINK, List.of(media),
				List.of());
	}

	private static ReceivedMedia receivedAs(PublishMedia media) {
		try {
			return new ReceivedMedia(media.contentType(), media.size(),
					MediaSamples.sha256(Files.readAllBytes(media.file())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void postsAnImageAndXReceivesExactlyTheFilesBytesWithTheLink() {
		XConnector connector = connectorToEmulator();
		PublishMedia image = image(1);
		StepVerifier.create(connector.publish(request("One picture", image)))
			.assertNext((receipt) -> assertThat(receipt.remoteId()).containsOnlyDigits())
			.verifyComplete();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.text()).isEqualTo("One picture\n\n" + LINK);
			assertThat(post.link()).isEqualTo(LINK.toString());
			assertThat(post.media()).containsExactly(receivedAs(image));
		});
		assertThat(this.pauses).as("images are ready when finalized").isEmpty();
	}

	@Test
	void postsFourImagesInTheAuthorsOrder() {
		XConnector connector = connectorToEmulator();
		List<PublishMedia> images = List.of(image(1), image(2), image(3),
				media(MediaKind.IMAGE, "image/jpeg", "photo.jpg", MediaSamples.image("jpeg", 4)));
		StepVerifier.create(connector.publish(request("Four pictures", images.toArray(PublishMedia[]::new))))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.media())
				.containsExactlyElementsOf(images.stream().map(XConnectorMediaTests::receivedAs).toList()));
	}

	@Test
	void uploadsAVideoInFourMegabyteSegmentsAndWaitsAsLongAsXSaysWhileItIsProcessed() {
		XConnector connector = connectorToEmulator();
		PublishMedia video = media(MediaKind.VIDEO, "video/mp4", "clip.mp4", MediaSamples.mp4(9 * MIB + 123));
		PublishReceipt receipt = connector.publish(request("A film", video)).block(TIMEOUT.multipliedBy(10));
		assertThat(receipt).isNotNull();
		assertThat(this.pauses).as("pending for 1 s, then in progress for 2 s")
			.containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.media()).containsExactly(receivedAs(video));
			assertThat(post.link()).isEqualTo(LINK.toString());
		});
	}

	@Test
	void postsAnAnimatedGifAfterItWasProcessed() {
		XConnector connector = connectorToEmulator();
		PublishMedia gif = media(MediaKind.IMAGE, "image/gif", "moving.gif", MediaSamples.image("gif", 7));
		StepVerifier.create(connector.publish(request("It moves", gif))).expectNextCount(1).verifyComplete();
		assertThat(this.pauses).isNotEmpty();
		assertThat(this.emulator.received().get(0).media()).containsExactly(receivedAs(gif));
	}

	@Test
	void refusesAVideoXCouldNotProcessWithXsOwnWordsAndPostsNothing() {
		XConnector connector = connectorToEmulator();
		PublishMedia broken = media(MediaKind.VIDEO, "video/mp4", "broken.mp4", MediaSamples.noise(5000));
		StepVerifier.create(connector.publish(request("Broken film", broken)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessage("X refused the video \"broken.mp4\": Unsupported video format (InvalidMedia)"))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesAnImageOverFiveMegabytesWithXsReason() {
		XConnector connector = connectorToEmulator();
		PublishMedia large = media(MediaKind.IMAGE, "image/jpeg", "large.jpg",
				MediaSamples.noise(5 * MIB + 1, 0xFF, 0xD8, 0xFF));
		StepVerifier.create(connector.publish(request("Too large", large)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageStartingWith("X refused the image \"large.jpg\": total_bytes: 5242881 is larger than"))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void givesUpOnProcessingThatOutlastsFiveMinutesAsAnOutageWithoutPosting() {
		XConnector connector = connectorToEmulator(new XMediaUploads.Limits(5 * MIB, 15 * MIB, 512L * MIB, 5 * MIB, 500,
				Duration.ofSeconds(1), Duration.ofMinutes(30), Duration.ofHours(24)), TIMEOUT);
		PublishMedia video = media(MediaKind.VIDEO, "video/mp4", "slow.mp4", MediaSamples.mp4(4000));
		StepVerifier.create(connector.publish(request("Slow film", video)))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOfSatisfying(PlatformUnavailable.class, (unavailable) -> {
						assertThat(unavailable)
							.hasMessage("X did not finish processing the video \"slow.mp4\" within 5 minutes;"
									+ " nothing was posted");
						assertThat(unavailable.retryable()).isTrue();
					}))
			.verify();
		assertThat(this.pauses).allSatisfy((wait) -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMinutes(1)));
		assertThat(this.pauses.stream().reduce(Duration.ZERO, Duration::plus))
			.isLessThanOrEqualTo(Duration.ofMinutes(5));
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsARateLimitDuringTheUploadWithTheTimeXNamed() {
		XConnector connector = connectorToEmulator();
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(connector.publish(request("Limited", image(1))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.retryAt()).isEqualTo(NOW.plusSeconds(60))))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsAnExpiredTokenDuringTheUploadAsLostAuthorisation() {
		XConnector connector = connectorToEmulator();
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		StepVerifier.create(connector.publish(request("Expired", image(1))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("reconnect")
				.message()
				.doesNotContain(this.channel.accessToken()))
			.verify();
	}

	@Test
	void reportsFailuresBeforeThePostAsRetryableOutagesNeverAsUnknown() {
		XConnector connector = connectorToEmulator();
		for (Fault fault : List.of(Fault.SERVER_ERROR, Fault.ACCEPT_THEN_ERROR, Fault.ACCEPT_THEN_DROP)) {
			this.emulator.faults().inject(fault, 1);
			StepVerifier.create(connector.publish(request("Not posted " + fault, image(1))))
				.expectErrorSatisfies((ex) -> assertThat(ex).as(fault.name())
					.isInstanceOfSatisfying(PlatformUnavailable.class, (unavailable) -> {
						assertThat(unavailable.retryable()).isTrue();
						assertThat(unavailable).hasMessageEndingWith("nothing was posted");
					}))
				.verify(TIMEOUT.multipliedBy(3));
		}
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsAnUnansweredUploadAsAnOutage() {
		XConnector connector = connectorToEmulator(XMediaUploads.Limits.DEFAULT, Duration.ofMillis(500));
		this.emulator.faults().inject(Fault.TIMEOUT, 1);
		StepVerifier.create(connector.publish(request("Unanswered", image(1))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.hasMessage("X did not answer while taking the image \"picture-1.png\"; nothing was posted"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void reportsAForbiddenUploadAsMissingPermissionToUploadMedia() {
		XConnector connector = connectorToScripted(403,
				"{\"title\":\"Forbidden\",\"type\":\"about:blank\",\"status\":403,\"detail\":\"Forbidden\"}");
		StepVerifier.create(connector.publish(request("Forbidden", image(1))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessage("X refused to take media from the channel (Forbidden): reconnect the channel"
						+ " and allow media uploads"))
			.verify();
	}

	@Test
	void reportsABadGatewayDuringTheUploadAsAnOutage() {
		XConnector connector = connectorToScripted(502, "{\"title\":\"Bad Gateway\"}");
		StepVerifier.create(connector.publish(request("Gateway", image(1))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.hasMessage("X failed while taking the image \"picture-1.png\" (502: Bad Gateway); nothing was posted"))
			.verify();
	}

	@Test
	void postsTextOnlyWhenThereAreNoMedia() {
		XConnector connector = connectorToEmulator();
		StepVerifier.create(connector.publish(request("Just words"))).expectNextCount(1).verifyComplete();
		assertThat(this.emulator.received()).extracting(ReceivedPost::media).containsExactly(List.of());
	}

	/** A clock that moves only when told to. */
	@Test
	void findsAPostWithImagesWhoseAnswerWasLostThoughXShowsItsTextWithRewrittenLinks() {
		XConnector connector = connectorToEmulator();
		PublishRequest request = request("Fish & <chips>, on https://home.example.org/menu", image(1), image(2));
		// Two images: INIT, APPEND and FINALIZE each; the post itself is the seventh.
		this.emulator.faults().pass(6);
		this.emulator.faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		StepVerifier.create(connector.publish(request))
			.expectError(OutcomeUnknown.class)
			.verify(TIMEOUT.multipliedBy(3));
		ReceivedPost post = this.emulator.received().get(0);
		assertThat(post.media()).hasSize(2);
		StepVerifier.create(connector.find(request, NOW.minusSeconds(1)))
			.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(post.remoteId()))
			.verifyComplete();
	}

	private static final class SteppingClock extends Clock {

		private volatile Instant now;

		SteppingClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
