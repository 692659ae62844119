package org.hubben.connector.facebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.EmulatorServer;
import org.hubben.connector.MediaKind;
import org.hubben.connector.MediaSamples;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import org.hubben.connector.facebook.emulator.FacebookEmulator;
import org.hubben.connector.facebook.emulator.FacebookMediaUploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FacebookConnector} publishing photos, multi-photo posts and videos to
 * {@link FacebookEmulator} over real HTTP.
 */
class FacebookConnectorMediaTests {

	private static final String PAGE = "1000001";

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final URI LINK = URI.create("https://home.example.org/p/news?utm_source=facebook");

	private static final int MIB = 1024 * 1024;

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ChannelAccess channel = ChannelAccess.bearer(PAGE, this.tokens.issue(Platform.FACEBOOK, PAGE, null));

	@TempDir
	Path directory;

	private FacebookEmulator emulator;

	private EmulatorServer server;

	private FacebookConnector connector;

	private void start(FacebookMediaUploads.Limits limits, Duration timeout) {
		this.emulator = new FacebookEmulator(this.tokens, Clock.systemUTC(), FacebookEmulator.Limits.DEFAULTS, limits);
		this.server = EmulatorServer.start(this.emulator);
		this.connector = new FacebookConnector(WebClient.builder(), this.server.endpoints(Platform.FACEBOOK, timeout),
				this.server.properties(Platform.FACEBOOK, timeout));
	}

	private void start() {
		start(FacebookMediaUploads.Limits.DEFAULTS, TIMEOUT);
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
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

	private PublishMedia photo(int seed) {
		return media(MediaKind.IMAGE, "image/jpeg", "photo-" + seed + ".jpg", MediaSamples.image("jpeg", seed));
	}

	private PublishMedia video(String filename, byte[] bytes) {
		return media(MediaKind.VIDEO, "video/mp4", filename, bytes);
	}

	private PublishRequest request(String text, PublishMedia... media) {
		return new PublishRequest(UUID.randomUUID(), this.channel, text, null, LINK, List.of(media), List.of());
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

	private void looksUp(PublishReceipt receipt) {
		StepVerifier.create(this.connector.lookup(this.channel, receipt.remoteId()))
			.assertNext((found) -> assertThat(found).isEqualTo(receipt))
			.verifyComplete();
	}

	@Test
	void postsOnePhotoWithTheLinkAtTheEndOfItsCaption() {
		start();
		PublishMedia photo = photo(1);
		PublishReceipt receipt = this.connector.publish(request("Our new centre", photo)).block(TIMEOUT);
		assertThat(receipt.remoteId()).startsWith(PAGE + "_");
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(receipt.remoteId());
			assertThat(post.text()).isEqualTo("Our new centre\n\n" + LINK);
			assertThat(post.link()).isEqualTo(LINK.toString());
			assertThat(post.media()).containsExactly(receivedAs(photo));
		});
		looksUp(receipt);
	}

	@Test
	void leavesTheCaptionAloneWhenTheTextAlreadyHoldsTheLink() {
		start();
		this.connector.publish(request("Read " + LINK + " today", photo(2))).block(TIMEOUT);
		assertThat(this.emulator.received().get(0).text()).isEqualTo("Read " + LINK + " today");
	}

	@Test
	void postsSeveralPhotosAsOnePostInTheAuthorsOrder() {
		start();
		List<PublishMedia> photos = List.of(photo(1), photo(2),
				media(MediaKind.IMAGE, "image/png", "plan.png", MediaSamples.image("png", 3)));
		PublishReceipt receipt = this.connector.publish(request("Three views", photos.toArray(PublishMedia[]::new)))
			.block(TIMEOUT);
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(receipt.remoteId());
			assertThat(post.link()).isEqualTo(LINK.toString());
			assertThat(post.media())
				.containsExactlyElementsOf(photos.stream().map(FacebookConnectorMediaTests::receivedAs).toList());
		});
		looksUp(receipt);
	}

	@Test
	void uploadsAVideoInTheChunksFacebookAsksForAndPublishesItWithItsTitle() {
		start(new FacebookMediaUploads.Limits(4 * MIB, 1024, 2048L * MIB, MIB), TIMEOUT);
		PublishMedia video = video("film.mp4", MediaSamples.mp4(2 * MIB + 4321));
		PublishRequest request = new PublishRequest(UUID.randomUUID(), this.channel, "Our film", "The film", LINK,
				List.of(video), List.of());
		PublishReceipt receipt = this.connector.publish(request).block(TIMEOUT.multipliedBy(5));
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(receipt.remoteId());
			assertThat(post.title()).isEqualTo("The film");
			assertThat(post.text()).isEqualTo("Our film\n\n" + LINK);
			assertThat(post.link()).isEqualTo(LINK.toString());
			assertThat(post.media()).containsExactly(receivedAs(video));
		});
		assertThat(receipt.remoteUrl())
			.isEqualTo(URI.create(this.server.baseUrl(Platform.FACEBOOK) + "/posts/" + receipt.remoteId()));
		looksUp(receipt);
		String page = WebClient.create().get().uri(receipt.remoteUrl()).retrieve().bodyToMono(String.class).block();
		assertThat(page).contains("The film").contains(receivedAs(video).sha256());
	}

	@Test
	void refusesAVideoInAFormatFacebookDoesNotTake() {
		start();
		StepVerifier.create(this.connector.publish(request("Not a film", video("notes.mp4", MediaSamples.noise(5000)))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageContaining("(#352) Sorry, the video file you selected is in a format that we don't support"))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesAVideoTooSmallForFacebookNamingTheFile() {
		start();
		StepVerifier.create(this.connector.publish(request("Tiny", video("tiny.mp4", MediaSamples.mp4(100)))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageStartingWith(
						"Facebook refused the video \"tiny.mp4\": The video you tried to upload is too small"))
			.verify();
	}

	@Test
	void refusesAPhotoFacebookCannotRead() {
		start();
		PublishMedia notAPhoto = media(MediaKind.IMAGE, "image/jpeg", "broken.jpg", MediaSamples.noise(3000));
		StepVerifier.create(this.connector.publish(request("Broken", notAPhoto)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessage("Facebook refused: (#324) Missing or invalid image file"))
			.verify();
		StepVerifier.create(this.connector.publish(request("Broken among others", photo(1), notAPhoto)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessage("Facebook refused the photo \"broken.jpg\": (#324) Missing or invalid image file"))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsFailuresBeforeThePostIsVisibleAsOutagesNeverAsUnknown() {
		start();
		for (Fault fault : List.of(Fault.SERVER_ERROR, Fault.ACCEPT_THEN_ERROR, Fault.ACCEPT_THEN_DROP)) {
			this.emulator.faults().inject(fault, 1);
			StepVerifier.create(this.connector.publish(request("Two photos " + fault, photo(1), photo(2))))
				.expectErrorSatisfies((ex) -> assertThat(ex).as(fault.name())
					.isInstanceOfSatisfying(PlatformUnavailable.class, (unavailable) -> {
						assertThat(unavailable).hasMessageEndingWith("nothing was posted");
						assertThat(unavailable.retryable()).isTrue();
					}))
				.verify(TIMEOUT.multipliedBy(3));
			this.emulator.faults().inject(fault, 1);
			StepVerifier
				.create(this.connector.publish(request("A film " + fault, video("film.mp4", MediaSamples.mp4(5000)))))
				.expectErrorSatisfies((ex) -> assertThat(ex).as(fault.name()).isInstanceOf(PlatformUnavailable.class))
				.verify(TIMEOUT.multipliedBy(3));
		}
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsAServerErrorOnASinglePhotoAsUnknownBecauseItIsThePost() {
		start();
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		StepVerifier.create(this.connector.publish(request("Maybe posted", photo(1))))
			.expectError(OutcomeUnknown.class)
			.verify();
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> StepVerifier.create(this.connector.lookup(this.channel, post.remoteId()))
				.expectNextCount(1)
				.verifyComplete());
	}

	@Test
	void reportsAnUnansweredUploadBeforeThePostAsAnOutage() {
		start(FacebookMediaUploads.Limits.DEFAULTS, Duration.ofMillis(500));
		this.emulator.faults().inject(Fault.TIMEOUT, 1);
		StepVerifier.create(this.connector.publish(request("Slow", video("film.mp4", MediaSamples.mp4(5000)))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.hasMessage("Facebook did not answer while taking the video \"film.mp4\"; nothing was posted"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void reportsAnExpiredTokenOrAThrottledPageDuringTheUpload() {
		start();
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		StepVerifier.create(this.connector.publish(request("Expired", photo(1), photo(2))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("reconnect the channel")
				.message()
				.doesNotContain(this.channel.accessToken()))
			.verify();
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(this.connector.publish(request("Throttled", video("film.mp4", MediaSamples.mp4(5000)))))
			.expectError(RateLimited.class)
			.verify();
	}

	@Test
	void refusesAPostWithBothPhotosAndAVideo() {
		start();
		StepVerifier
			.create(this.connector.publish(request("Both", photo(1), video("film.mp4", MediaSamples.mp4(5000)))))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("not both"))
			.verify();
	}

	@Test
	void sendsVideosToGraphVideoOnTheRealPlatform() {
		assertThat(FacebookMediaPublisher.videoBase()).isEqualTo(URI.create("https://graph-video.facebook.com"));
	}

	/**
	 * Lets {@code before} requests through, drops the connection after the next one is
	 * carried out, and checks that {@code find} names the post the emulator recorded.
	 */
	private void findsAfterALostAnswer(PublishRequest request, int before) {
		Instant sentBefore = Instant.now();
		if (before > 0) {
			this.emulator.faults().pass(before);
		}
		this.emulator.faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		StepVerifier.create(this.connector.publish(request))
			.expectError(OutcomeUnknown.class)
			.verify(TIMEOUT.multipliedBy(3));
		String recorded = this.emulator.received().get(0).remoteId();
		StepVerifier.create(this.connector.find(request, sentBefore))
			.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(recorded))
			.verifyComplete();
		StepVerifier.create(this.connector.find(request(request.text() + " (another)", photo(9)), sentBefore))
			.verifyComplete();
	}

	@Test
	void findsAPhotoPostWhoseAnswerWasLost() {
		start();
		findsAfterALostAnswer(request("One photo, answer lost", photo(1)), 0);
	}

	@Test
	void findsAMultiPhotoPostWhoseAnswerWasLost() {
		start();
		// Two unpublished photos, then the post on /feed.
		findsAfterALostAnswer(request("Two photos, answer lost", photo(1), photo(2)), 2);
	}

	@Test
	void findsAVideoWhoseFinishWasLostByItsDescriptionAndTitle() {
		start();
		PublishRequest request = new PublishRequest(UUID.randomUUID(), this.channel, "Our film, answer lost",
				"The film", LINK, List.of(video("film.mp4", MediaSamples.mp4(40_000))), List.of());
		// start and one transfer, then finish.
		findsAfterALostAnswer(request, 2);
		PublishRequest retitled = new PublishRequest(UUID.randomUUID(), this.channel, request.text(), "Another film",
				LINK, request.media(), List.of());
		StepVerifier.create(this.connector.find(retitled, Instant.now().minusSeconds(60))).verifyComplete();
	}

}
