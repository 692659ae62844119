package org.hubben.connector.youtube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.EmulatorServer;
import org.hubben.connector.MediaKind;
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
import org.hubben.connector.youtube.emulator.YouTubeEmulator;
import org.hubben.connector.youtube.emulator.YouTubeQuota;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link YouTubeConnector} against {@link YouTubeEmulator} over real HTTP: chunked and
 * resumed uploads, and how YouTube's refusals reach the caller.
 */
class YouTubeConnectorTests {

	private static final Logger logger = LoggerFactory.getLogger(YouTubeConnectorTests.class);

	private static final Instant NOW = Instant.parse("2026-11-21T14:04:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final long CHUNK = YouTubeConnector.CHUNK_GRANULARITY;

	private static final String CHANNEL = "UCconnector0000000000001";

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ChannelAccess channel = ChannelAccess.bearer(CHANNEL,
			this.tokens.issue(Platform.YOUTUBE, CHANNEL, null));

	@TempDir
	Path directory;

	private YouTubeEmulator emulator;

	private EmulatorServer server;

	private YouTubeConnector connector;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private void start(YouTubeEmulator.Settings settings) {
		this.emulator = new YouTubeEmulator(this.tokens, this.clock, settings);
		this.server = EmulatorServer.start(this.emulator);
		this.connector = connector(this.server.endpoints(Platform.YOUTUBE, TIMEOUT),
				this.server.properties(Platform.YOUTUBE, TIMEOUT));
	}

	private void start() {
		start(YouTubeEmulator.Settings.DEFAULT);
	}

	private YouTubeConnector connector(PlatformEndpoints endpoints, PlatformProperties properties) {
		return new YouTubeConnector(WebClient.builder(), endpoints, properties,
				new YouTubeConnector.Resumption(CHUNK, 3, Duration.ofMillis(10)), this.clock);
	}

	private PublishMedia video(int size) {
		try {
			Path file = Files.write(this.directory.resolve(UUID.randomUUID() + ".mp4"), SampleVideos.mp4(size));
			return new PublishMedia(UUID.randomUUID(), MediaKind.VIDEO, "video/mp4", size, "clip.mp4", file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private PublishRequest request(String title, List<PublishMedia> media) {
		return request(title, media, this.channel);
	}

	private PublishRequest request(String title, List<PublishMedia> media, ChannelAccess channel) {
		URI link = URI.create("https://home.example.org/p/news?utm_source=youtube");
		return new PublishRequest(UUID.randomUUID(), channel, "What we did this week.\n\n" + link, title, link, media,
				List.of("hubben", "news"));
	}

	@Test
	void uploadsAVideoInChunksOfTheConfiguredSize() {
		start();
		PublishMedia video = video((int) (4 * CHUNK + 1000));
		StepVerifier.create(this.connector.publish(request("This week", List.of(video)))).assertNext((receipt) -> {
			assertThat(receipt.remoteId()).hasSize(11);
			assertThat(receipt.remoteUrl().toString()).startsWith(this.server.baseUrl(Platform.YOUTUBE) + "/watch?v=")
				.endsWith(receipt.remoteId());
		}).verifyComplete();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.title()).isEqualTo("This week");
			assertThat(post.text()).startsWith("What we did this week.");
			assertThat(post.link()).isEqualTo("https://home.example.org/p/news?utm_source=youtube");
			assertThat(post.tags()).containsExactly("hubben", "news");
			assertThat(post.accountId()).isEqualTo(CHANNEL);
			assertThat(post.media()).singleElement().satisfies((media) -> {
				assertThat(media.contentType()).isEqualTo("video/mp4");
				assertThat(media.size()).isEqualTo(video.size());
				assertThat(media.sha256()).isEqualTo(sha256(video.file()));
			});
		});
		assertThat(this.emulator.uploads()).singleElement().satisfies((upload) -> {
			assertThat(upload.bytesKept()).isEqualTo(video.size());
			assertThat(upload.bytesReceived()).as("no byte sent twice").isEqualTo(video.size());
		});
	}

	@Test
	void resumesAnInterruptedUploadWithoutResendingAnAcknowledgedByte() {
		start();
		PublishMedia video = video((int) (4 * CHUNK));
		// The chunk holding the middle byte (the third) loses its second half.
		this.emulator.faults().inject(Fault.DROP_DURING_UPLOAD, 1);
		StepVerifier.create(this.connector.publish(request("Resumed", List.of(video))))
			.assertNext((receipt) -> assertThat(receipt.remoteId()).isNotBlank())
			.verifyComplete();
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.media().get(0).sha256()).isEqualTo(sha256(video.file())));
		YouTubeEmulator.Upload upload = this.emulator.uploads().get(0);
		long unacknowledged = CHUNK / 2;
		logger.info(
				"Interrupted upload: file {} bytes, received {} bytes = file + {} bytes of the dropped chunk that"
						+ " were never acknowledged (chunk {} bytes)",
				video.size(), upload.bytesReceived(), upload.bytesReceived() - video.size(), CHUNK);
		assertThat(upload.bytesKept()).isEqualTo(video.size());
		assertThat(upload.bytesReceived()).as("the file once, plus only the unacknowledged half of the dropped chunk")
			.isEqualTo(video.size() + unacknowledged);
	}

	@Test
	void resumesAfterAServerErrorDuringAChunk() {
		start();
		PublishMedia video = video((int) (2 * CHUNK + 10));
		this.emulator.chunkFaults().inject(Fault.SERVER_ERROR, 1);
		StepVerifier.create(this.connector.publish(request("After a 503", List.of(video))))
			.assertNext((receipt) -> assertThat(receipt.remoteId()).isNotBlank())
			.verifyComplete();
		assertThat(this.emulator.received()).hasSize(1);
		// The 503 chunk kept nothing, so it alone is sent again.
		assertThat(this.emulator.uploads().get(0).bytesReceived()).isEqualTo(video.size() + CHUNK);
	}

	@Test
	void recoversTheVideoWhenTheLastChunkIsAnsweredWithAServerError() {
		start();
		PublishMedia video = video((int) (CHUNK + 10));
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		StepVerifier.create(this.connector.publish(request("Kept after a 503", List.of(video))))
			.assertNext(
					(receipt) -> assertThat(receipt.remoteId()).isEqualTo(this.emulator.received().get(0).remoteId()))
			.verifyComplete();
		assertThat(this.emulator.received()).hasSize(1);
		assertThat(this.emulator.uploads().get(0).bytesReceived()).isEqualTo(video.size());
	}

	@Test
	void followsASessionThatMovesToANewUri() {
		start();
		this.emulator.relocateSessions(true);
		PublishMedia video = video((int) (3 * CHUNK + 10));
		StepVerifier.create(this.connector.publish(request("Moved", List.of(video))))
			.assertNext((receipt) -> assertThat(receipt.remoteId()).isNotBlank())
			.verifyComplete();
		assertThat(this.emulator.received()).hasSize(1);
		assertThat(this.emulator.uploads().get(0).bytesReceived()).isEqualTo(video.size());
	}

	@Test
	void givesUpAfterRepeatedServerErrorsWithNothingPublished() {
		start();
		this.emulator.chunkFaults().inject(Fault.SERVER_ERROR, 10);
		StepVerifier.create(this.connector.publish(request("Never", List.of(video((int) (2 * CHUNK))))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.hasMessageContaining("nothing was published"))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void waitsUntilMidnightPacificWhenTheDailyQuotaIsUsedUp() {
		start(YouTubeEmulator.Settings.DEFAULT.withQuota(YouTubeQuota.Limits.units(2000)));
		StepVerifier.create(this.connector.publish(request("First", List.of(video(1000)))))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(this.connector.publish(request("Second", List.of(video(1000)))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				// 14:04 UTC on 21 November is 06:04 PST; the next Pacific midnight is
				// 08:00 UTC.
				assertThat(limited.retryAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.APP);
				assertThat(limited).hasMessageContaining("daily quota").hasMessageContaining("midnight Pacific");
			}))
			.verify();
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void waitsADayWhenTheChannelReachedItsUploadLimit() {
		start(YouTubeEmulator.Settings.DEFAULT.withUploadsPerChannelPerDay(1));
		this.connector.publish(request("First", List.of(video(1000)))).block(TIMEOUT);
		StepVerifier.create(this.connector.publish(request("Second", List.of(video(1000)))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.retryAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.CHANNEL);
				assertThat(limited).hasMessageContaining("as many videos as it may");
			}))
			.verify();
	}

	@Test
	void refusesATitleYouTubeDoesNotTake() {
		start();
		StepVerifier.create(this.connector.publish(request("Less <than> nothing", List.of(video(1000)))))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("invalidTitle"))
			.verify();
		assertThat(this.emulator.uploads()).isEmpty();
	}

	@Test
	void refusesAPostWithoutExactlyOneVideoBeforeCallingYouTube() {
		start();
		StepVerifier.create(this.connector.publish(request("No video", List.of())))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("exactly one video"))
			.verify();
		StepVerifier.create(this.connector.publish(request("Two videos", List.of(video(1000), video(2000)))))
			.expectError(PublishRefused.class)
			.verify();
		StepVerifier.create(this.connector.publish(request(null, List.of(video(1000)))))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("title"))
			.verify();
		assertThat(this.emulator.uploads()).isEmpty();
	}

	@Test
	void reportsATokenWithoutTheUploadScopeAsLostAuthorisation() {
		start();
		// A token granted youtube.readonly only.
		ChannelAccess readOnly = ChannelAccess.bearer(CHANNEL,
				this.tokens.issue(Platform.YOUTUBE, CHANNEL + "~r", null));
		StepVerifier.create(this.connector.publish(request("Read only", List.of(video(1000)), readOnly)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("permission to upload")
				.hasMessageContaining("reconnect"))
			.verify();
	}

	@Test
	void reportsAnUnreachableYouTubeAsUnavailable() {
		start();
		URI base = this.server.baseUrl(Platform.YOUTUBE);
		this.server.close();
		this.server = null;
		PlatformProperties properties = new PlatformProperties(false, TIMEOUT, Map.of("youtube", base), "v26.0",
				Map.of());
		YouTubeConnector unreachable = connector(new PlatformEndpoints(properties, new StandardEnvironment()),
				properties);
		StepVerifier.create(unreachable.publish(request("Nobody there", List.of(video(1000)))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.hasMessageContaining("nothing was published"))
			.verify();
	}

	@Test
	void linksToYouTubeWatchPagesForTheRealPlatform() {
		assertThat(YouTubeConnector.receipt(URI.create("https://www.googleapis.com"), "dQw4w9WgXcQ").remoteUrl())
			.isEqualTo(URI.create("https://www.youtube.com/watch?v=dQw4w9WgXcQ"));
	}

	@Test
	void takesOnlyChunkSizesYouTubeAccepts() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new YouTubeConnector.Resumption(CHUNK + 1, 3, Duration.ZERO))
			.withMessageContaining("256 KiB");
	}

	private static String sha256(Path file) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void findsAVideoByItsTitleAndDescriptionForTwoUnitsOfQuota() {
		start();
		for (String title : List.of("First", "Second", "Third")) {
			this.connector.publish(request(title, List.of(video(1000)))).block(TIMEOUT);
		}
		String second = this.emulator.received().get(1).remoteId();
		long unitsBefore = this.emulator.quota().usage().unitsUsed();
		StepVerifier.create(this.connector.find(request("Second", List.of(video(1000))), NOW)).assertNext((found) -> {
			assertThat(found.remoteId()).isEqualTo(second);
			assertThat(found.remoteUrl().toString()).endsWith("/watch?v=" + second);
		}).verifyComplete();
		assertThat(this.emulator.quota().usage().unitsUsed()).isEqualTo(unitsBefore + 2);
		StepVerifier.create(this.connector.find(request("Fourth", List.of(video(1000))), NOW)).verifyComplete();
	}

	@Test
	void findsAVideoOnALaterPageOfTheUploadsPlaylist() {
		start(YouTubeEmulator.Settings.DEFAULT.withUploadsPerChannelPerDay(60));
		this.connector.publish(request("The first of many", List.of(video(1000)))).block(TIMEOUT);
		for (int i = 0; i < 50; i++) {
			this.connector.publish(request("Later video " + i, List.of(video(1000)))).block(TIMEOUT);
		}
		String first = this.emulator.received().get(0).remoteId();
		StepVerifier.create(this.connector.find(request("The first of many", List.of(video(1000))), NOW))
			.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(first))
			.verifyComplete();
	}

	@Test
	void reportsAFindWithoutQuotaLeftAsAnAppWideWaitUntilMidnightPacific() {
		start(YouTubeEmulator.Settings.DEFAULT.withQuota(YouTubeQuota.Limits.buckets(1, 100)));
		StepVerifier.create(this.connector.find(request("Any", List.of(video(1000))), NOW))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.APP);
				assertThat(limited.retryAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
			}))
			.verify();
	}

}
