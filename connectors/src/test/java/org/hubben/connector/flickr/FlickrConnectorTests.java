package org.hubben.connector.flickr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.hubben.connector.EmulatorServer;
import org.hubben.connector.MediaKind;
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
import org.hubben.connector.flickr.emulator.FlickrEmulator;
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
 * {@link FlickrConnector} against {@link FlickrEmulator} and, for answers the emulator
 * never gives (bare HTTP errors), against a scripted HTTP server; always over real HTTP.
 */
class FlickrConnectorTests {

	private static final Instant NOW = Instant.parse("2026-11-21T14:04:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String NSID = FlickrEmulator.DEFAULT_USER.nsid();

	private final EmulatorTokens tokens = FlickrFixtures.tokens();

	private FlickrEmulator emulator;

	private EmulatorServer server;

	private DisposableServer scripted;

	@TempDir
	Path files;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
		if (this.scripted != null) {
			this.scripted.disposeNow();
		}
	}

	private FlickrConnector connectorToEmulator(FlickrEmulator.Settings settings, String album,
			FlickrConnector.TicketPolling polling) {
		this.emulator = new FlickrEmulator(this.tokens, FlickrFixtures.KEY, Clock.systemUTC(), settings);
		this.server = EmulatorServer.start(this.emulator);
		return connector(album, polling);
	}

	private FlickrConnector connector(String album, FlickrConnector.TicketPolling polling) {
		return new FlickrConnector(WebClient.builder(), this.server.endpoints(Platform.FLICKR, TIMEOUT),
				this.server.properties(Platform.FLICKR, TIMEOUT), album, Clock.fixed(NOW, ZoneOffset.UTC), polling);
	}

	private FlickrConnector connectorToEmulator() {
		return connectorToEmulator(FlickrEmulator.Settings.DEFAULT.withTickets(1, Duration.ofMinutes(5)), "Hubben",
				FlickrFixtures.QUICK_POLLING);
	}

	/** A server that answers every request with the given status and body. */
	private FlickrConnector connectorToScripted(int status, String contentType, String body) {
		this.scripted = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.then(response.status(HttpResponseStatus.valueOf(status))
					.header("content-type", contentType)
					.sendString(Mono.just(body))
					.then()))
			.bindNow();
		PlatformProperties properties = new PlatformProperties(false, TIMEOUT,
				Map.of("flickr", URI.create("http://127.0.0.1:" + this.scripted.port())), "v26.0", Map.of());
		return new FlickrConnector(WebClient.builder(), new PlatformEndpoints(properties, new StandardEnvironment()),
				properties, "Hubben", Clock.fixed(NOW, ZoneOffset.UTC), FlickrFixtures.QUICK_POLLING);
	}

	private ChannelAccess channel(String perms) {
		FlickrEmulator.AccessToken access = this.emulator.issueAccessToken(NSID, perms);
		return new ChannelAccess(NSID, access.token(), access.secret());
	}

	private ChannelAccess writer() {
		return channel("write");
	}

	private PublishMedia media(String contentType, byte[] bytes) {
		try {
			Path file = Files.write(this.files.resolve(UUID.randomUUID() + ".bin"), bytes);
			MediaKind kind = contentType.startsWith("video/") ? MediaKind.VIDEO : MediaKind.IMAGE;
			return new PublishMedia(UUID.randomUUID(), kind, contentType, bytes.length, "holiday.png", file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private PublishRequest request(ChannelAccess channel, List<PublishMedia> media, List<String> tags) {
		return new PublishRequest(UUID.randomUUID(), channel, "Spring meeting\n\nhttps://home.example.org/p/1",
				"Spring meeting", URI.create("https://home.example.org/p/1"), media, tags);
	}

	private PublishRequest photoPost(ChannelAccess channel) {
		return request(channel, List.of(media("image/png", FlickrFixtures.png())), List.of("hubben"));
	}

	@Test
	void declaresOnePhotoOrOneVideoWithTheLinkInTheDescription() {
		FlickrConnector connector = connectorToEmulator();
		assertThat(connector.capabilities().textLimit()).isEqualTo(10_000);
		assertThat(connector.capabilities().titleLimit()).isEqualTo(255);
		assertThat(connector.capabilities().media().required())
			.isEqualTo(org.hubben.connector.MediaRules.Required.IMAGE_OR_VIDEO);
		assertThat(connector.capabilities().media().maxImages()).isEqualTo(1);
		assertThat(connector.capabilities().media().maxVideos()).isEqualTo(1);
		assertThat(connector.capabilities().media().mixes()).isFalse();
		assertThat(connector.capabilities().media().imageMaxBytes()).isEqualTo(200L * 1024 * 1024);
		assertThat(connector.capabilities().media().videoMaxBytes()).isEqualTo(1024L * 1024 * 1024);
	}

	@Test
	void publishesOncePollingFindsTheTicketDone() {
		FlickrConnector connector = connectorToEmulator(
				FlickrEmulator.Settings.DEFAULT.withTickets(4, Duration.ofMinutes(5)), "Hubben",
				FlickrFixtures.QUICK_POLLING);
		PublishReceipt receipt = connector
			.publish(request(writer(), List.of(media("image/png", FlickrFixtures.png())),
					List.of("hubben", "spring meeting")))
			.block(WAIT);
		assertThat(receipt.remoteUrl()).isEqualTo(
				URI.create(this.server.baseUrl(Platform.FLICKR) + "/photos/" + NSID + "/" + receipt.remoteId() + "/"));
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(receipt.remoteId());
			assertThat(post.title()).isEqualTo("Spring meeting");
			assertThat(post.text()).isEqualTo("Spring meeting\n\nhttps://home.example.org/p/1");
			assertThat(post.link()).isEqualTo("https://home.example.org/p/1");
			assertThat(post.tags()).containsExactly("hubben", "spring meeting");
		});
		String page = WebClient.create().get().uri(receipt.remoteUrl()).retrieve().bodyToMono(String.class).block(WAIT);
		assertThat(page).contains("Spring meeting");
	}

	@Test
	void createsTheAlbumWithTheFirstPhotoThenAddsTheNextToIt() {
		FlickrConnector connector = connectorToEmulator();
		String first = connector.publish(photoPost(writer())).block(WAIT).remoteId();
		String second = connector.publish(photoPost(writer())).block(WAIT).remoteId();
		assertThat(this.emulator.photosets()).singleElement().satisfies((album) -> {
			assertThat(album.title()).isEqualTo("Hubben");
			assertThat(album.owner()).isEqualTo(NSID);
			assertThat(album.photoIds()).containsExactly(first, second);
		});
	}

	@Test
	void usesTheConfiguredAlbumTitle() {
		FlickrConnector connector = connectorToEmulator(
				FlickrEmulator.Settings.DEFAULT.withTickets(0, Duration.ofMinutes(5)), "Region Nord",
				FlickrFixtures.QUICK_POLLING);
		connector.publish(photoPost(writer())).block(WAIT);
		assertThat(this.emulator.photosets()).extracting(FlickrEmulator.PhotosetView::title)
			.containsExactly("Region Nord");
	}

	@Test
	void publishesEvenWhenTheAlbumCannotBeCreated() {
		FlickrConnector other = connectorToEmulator(
				FlickrEmulator.Settings.DEFAULT.withTickets(0, Duration.ofMinutes(5)).withAlbumLimits(1, 100), "Other",
				FlickrFixtures.QUICK_POLLING);
		other.publish(photoPost(writer())).block(WAIT);
		StepVerifier.create(connector("Hubben", FlickrFixtures.QUICK_POLLING).publish(photoPost(writer())))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.emulator.received()).hasSize(2);
		assertThat(this.emulator.photosets()).extracting(FlickrEmulator.PhotosetView::title).containsExactly("Other");
	}

	@Test
	void refusesAnUploadWhoseProcessingFailed() {
		FlickrConnector connector = connectorToEmulator();
		this.emulator.failProcessing(1);
		StepVerifier.create(connector.publish(photoPost(writer())))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("could not process"))
			.verify(WAIT);
		assertThat(this.emulator.received()).isEmpty();
		assertThat(this.emulator.photosets()).isEmpty();
	}

	@Test
	void reportsATicketStillPendingAfterTheLastPollAsUnknown() {
		FlickrConnector connector = connectorToEmulator(
				FlickrEmulator.Settings.DEFAULT.withTickets(100, Duration.ofMinutes(5)), "Hubben",
				new FlickrConnector.TicketPolling(Duration.ofMillis(1), Duration.ofMillis(5), 3));
		StepVerifier.create(connector.publish(photoPost(writer())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(OutcomeUnknown.class)
				.hasMessageContaining("ticket")
				.hasMessageContaining("still processing"))
			.verify(WAIT);
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void refusesAFileFlickrDoesNotRecogniseWithAReason() {
		FlickrConnector connector = connectorToEmulator();
		StepVerifier
			.create(connector
				.publish(request(writer(), List.of(media("image/jpeg", "not an image at all".getBytes())), List.of())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageContaining("did not recognise holiday.png (image/jpeg)")
				.hasMessageContaining("JPEG, PNG, GIF or TIFF"))
			.verify(WAIT);
	}

	@Test
	void refusesAFileTooLargeForFlickrWithAReason() {
		FlickrConnector connector = connectorToEmulator(
				FlickrEmulator.Settings.DEFAULT.withTickets(0, Duration.ZERO).withFileLimits(10, 10), "Hubben",
				FlickrFixtures.QUICK_POLLING);
		StepVerifier.create(connector.publish(photoPost(writer())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageContaining("too large for Flickr")
				.hasMessageContaining("200 MB"))
			.verify(WAIT);
	}

	@Test
	void refusesAPostWithoutExactlyOneMedium() {
		FlickrConnector connector = connectorToEmulator();
		StepVerifier.create(connector.publish(request(writer(), List.of(), List.of())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageContaining("exactly one photo or video"))
			.verify(WAIT);
		PublishMedia png = media("image/png", FlickrFixtures.png());
		StepVerifier.create(connector.publish(request(writer(), List.of(png, png), List.of())))
			.expectError(PublishRefused.class)
			.verify(WAIT);
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsAReadOnlyTokenAndAWrongSecretAsLostAuthorisation() {
		FlickrConnector connector = connectorToEmulator();
		StepVerifier.create(connector.publish(photoPost(channel("read"))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("99")
				.hasMessageContaining("reconnect"))
			.verify(WAIT);
		ChannelAccess wrongSecret = new ChannelAccess(NSID, writer().accessToken(), "0000000000000000");
		StepVerifier.create(connector.publish(photoPost(wrongSecret)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("96 Invalid signature")
				.hasMessageNotContaining(wrongSecret.accessToken()))
			.verify(WAIT);
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void waitsAnHourAfterARateLimitSinceFlickrNamesNoTime() {
		FlickrConnector connector = connectorToEmulator();
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(connector.publish(photoPost(writer())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.retryAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.APP);
			}))
			.verify(WAIT);
	}

	@Test
	void reportsServiceUnavailableAsRetryable() {
		FlickrConnector connector = connectorToEmulator();
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		StepVerifier.create(connector.publish(photoPost(writer())))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class).hasMessageContaining("105"))
			.verify(WAIT);
	}

	@Test
	void honoursRetryAfterWhenFlickrSendsOne() {
		this.scripted = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.then(response.status(HttpResponseStatus.TOO_MANY_REQUESTS).header("Retry-After", "120").send()))
			.bindNow();
		PlatformProperties properties = new PlatformProperties(false, TIMEOUT,
				Map.of("flickr", URI.create("http://127.0.0.1:" + this.scripted.port())), "v26.0", Map.of());
		FlickrConnector connector = new FlickrConnector(WebClient.builder(),
				new PlatformEndpoints(properties, new StandardEnvironment()), properties, "Hubben",
				Clock.fixed(NOW, ZoneOffset.UTC), FlickrFixtures.QUICK_POLLING);
		StepVerifier.create(connector.publish(photoPost(new ChannelAccess(NSID, "token", "secret"))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.retryAt()).isEqualTo(NOW.plusSeconds(120))))
			.verify(WAIT);
	}

	@Test
	void reportsABareServerErrorOnTheUploadAsUnknownAnd503AsUnavailable() {
		ChannelAccess channel = new ChannelAccess(NSID, "token", "secret");
		FlickrConnector failing = connectorToScripted(500, "text/html", "<h1>Internal Server Error</h1>");
		StepVerifier.create(failing.publish(photoPost(channel))).expectError(OutcomeUnknown.class).verify(WAIT);
		this.scripted.disposeNow();
		FlickrConnector unavailable = connectorToScripted(503, "text/html", "<h1>Service Unavailable</h1>");
		StepVerifier.create(unavailable.publish(photoPost(channel)))
			.expectError(PlatformUnavailable.class)
			.verify(WAIT);
	}

	@Test
	void looksUpAPhotoAndFindsNoneForAnUnknownId() {
		FlickrConnector connector = connectorToEmulator();
		ChannelAccess channel = writer();
		PublishReceipt receipt = connector.publish(photoPost(channel)).block(WAIT);
		StepVerifier.create(connector.lookup(channel, receipt.remoteId())).expectNext(receipt).verifyComplete();
		StepVerifier.create(connector.lookup(channel, "1")).verifyComplete();
	}

	@Test
	void linksReceiptsToFlickrsPhotoPages() {
		FlickrConnector.Site flickr = new FlickrConnector.Site(URI.create("https://api.flickr.com"),
				URI.create("https://up.flickr.com"), URI.create("https://www.flickr.com"),
				PlatformEndpoints.emulatorApp(Platform.FLICKR));
		assertThat(FlickrConnector.receipt(flickr, new ChannelAccess("21207597@N07", "t", "s"), "2995").remoteUrl())
			.isEqualTo(URI.create("https://www.flickr.com/photos/21207597@N07/2995/"));
	}

	@Test
	void quotesTagsOfSeveralWords() {
		assertThat(FlickrConnector.tags(List.of("hubben", "spring meeting", "#news", "say \"hi\"")))
			.isEqualTo("hubben \"spring meeting\" news \"say hi\"");
	}

	@Test
	void asksToLookAgainLaterWhileFlickrMayStillBeProcessingTheUploadThenFindsIt() throws InterruptedException {
		Duration processing = Duration.ofMillis(800);
		FlickrConnector connector = connectorToEmulator(FlickrEmulator.Settings.DEFAULT.withTickets(100, processing),
				"Hubben", new FlickrConnector.TicketPolling(Duration.ofMillis(1), Duration.ofMillis(5), 3));
		PublishRequest request = photoPost(writer());
		StepVerifier.create(connector.publish(request)).expectError(OutcomeUnknown.class).verify(WAIT);
		Instant uploaded = this.emulator.received().get(0).receivedAt();
		StepVerifier.create(connector.find(request, NOW.minusSeconds(1)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(PlatformUnavailable.class,
					(unavailable) -> assertThat(unavailable.retryable()).isTrue()))
			.verify(WAIT);
		while (Instant.now().isBefore(uploaded.plus(processing))) {
			Thread.sleep(20);
		}
		String photoId = this.emulator.received().get(0).remoteId();
		StepVerifier.create(connector.find(request, NOW.minusSeconds(1)))
			.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(photoId))
			.verifyComplete();
	}

	@Test
	void findsNothingOnceTheProcessingHorizonHasPassed() {
		FlickrConnector connector = connectorToEmulator(
				FlickrEmulator.Settings.DEFAULT.withTickets(100, Duration.ofMinutes(5)), "Hubben",
				new FlickrConnector.TicketPolling(Duration.ofMillis(1), Duration.ofMillis(5), 3));
		PublishRequest request = photoPost(writer());
		StepVerifier.create(connector.publish(request)).expectError(OutcomeUnknown.class).verify(WAIT);
		StepVerifier
			.create(connector.find(request, NOW.minus(FlickrConnector.DEFAULT_PROCESSING_HORIZON).minusSeconds(1)))
			.verifyComplete();
	}

	@Test
	void findsAPhotoByTitleAndDescriptionIgnoringTheMarkupFlickrAdds() {
		assertThat(FlickrConnector
			.comparable("Spring &amp; summer <a href=\"https://x.org\" rel=\"nofollow\">" + "https://x.org</a>\n\n"))
			.isEqualTo(FlickrConnector.comparable("Spring & summer https://x.org"));
		FlickrConnector connector = connectorToEmulator(FlickrEmulator.Settings.DEFAULT.withTickets(0, Duration.ZERO),
				"Hubben", FlickrFixtures.QUICK_POLLING);
		PublishRequest request = photoPost(writer());
		PublishReceipt receipt = connector.publish(request).block(WAIT);
		StepVerifier.create(connector.find(request, NOW.minusSeconds(1)))
			.assertNext((found) -> assertThat(found).isEqualTo(receipt))
			.verifyComplete();
		PublishRequest retitled = new PublishRequest(UUID.randomUUID(), request.channel(), request.text(), "Autumn",
				request.link(), request.media(), request.tags());
		StepVerifier.create(connector.find(retitled, NOW.minus(Duration.ofHours(2)))).verifyComplete();
	}

}
