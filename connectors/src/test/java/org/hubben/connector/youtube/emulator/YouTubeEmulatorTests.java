package org.hubben.connector.youtube.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.youtube.SampleVideos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link YouTubeEmulator} speaks the YouTube Data API v3 and its resumable upload
 * protocol as a client on the wire sees them.
 */
class YouTubeEmulatorTests {

	/** 06:04 in Los Angeles. */
	private static final Instant START = Instant.parse("2026-11-21T14:04:00Z");

	private static final int KIB_256 = 256 * 1024;

	private static final String CHANNEL = "UCemulator00000000000001";

	private static final String OTHER_CHANNEL = "UCemulator00000000000002";

	private final MutableClock clock = new MutableClock(START);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.YOUTUBE, CHANNEL, null);

	private YouTubeEmulator emulator;

	private EmulatorServer server;

	private WebTestClient client;

	@BeforeEach
	void start() {
		startWith(YouTubeEmulator.Settings.DEFAULT);
	}

	private void startWith(YouTubeEmulator.Settings settings) {
		if (this.server != null) {
			this.server.close();
		}
		this.emulator = new YouTubeEmulator(this.tokens, this.clock, settings);
		this.server = EmulatorServer.start(this.emulator);
		this.client = WebTestClient.bindToServer()
			.baseUrl(this.server.baseUrl(Platform.YOUTUBE).toString())
			.responseTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private static Map<String, Object> metadata(String title, String description) {
		return metadata(title, description, "public", null);
	}

	private static Map<String, Object> metadata(String title, String description, String privacy, String publishAt) {
		Map<String, Object> snippet = new LinkedHashMap<>();
		snippet.put("title", title);
		snippet.put("description", description);
		snippet.put("tags", List.of("hubben"));
		snippet.put("categoryId", "22");
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("privacyStatus", privacy);
		if (publishAt != null) {
			status.put("publishAt", publishAt);
		}
		return Map.of("snippet", snippet, "status", status);
	}

	private WebTestClient.ResponseSpec begin(String bearer, Object metadata, long size, String contentType) {
		return this.client.post()
			.uri("/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status")
			.headers((headers) -> {
				if (bearer != null) {
					headers.setBearerAuth(bearer);
				}
				headers.set("X-Upload-Content-Length", String.valueOf(size));
				headers.set("X-Upload-Content-Type", contentType);
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(metadata)
			.exchange();
	}

	private URI session(long size) {
		return session(metadata("A title", "A description https://home.example.org/x?utm_source=youtube."), size);
	}

	private URI session(Object metadata, long size) {
		return begin(this.token, metadata, size, "video/mp4").expectStatus()
			.isOk()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation();
	}

	private WebTestClient.ResponseSpec chunk(URI session, byte[] file, int first, int last) {
		return this.client.put()
			.uri(session)
			.header("Content-Range", "bytes " + first + "-" + last + "/" + file.length)
			.contentType(MediaType.parseMediaType("video/mp4"))
			.bodyValue(Arrays.copyOfRange(file, first, last + 1))
			.exchange();
	}

	private WebTestClient.ResponseSpec status(URI session, long total) {
		return this.client.put().uri(session).header("Content-Range", "bytes */" + total).exchange();
	}

	private String upload(Object metadata, byte[] file) {
		URI session = session(metadata, file.length);
		return new String(chunk(session, file, 0, file.length - 1).expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBodyContent(), StandardCharsets.UTF_8);
	}

	private WebTestClient.ResponseSpec list(String path) {
		return this.client.get().uri(path).headers((headers) -> headers.setBearerAuth(this.token)).exchange();
	}

	@Test
	void startsAResumableSessionAndNamesItsUriInLocation() {
		URI session = begin(this.token, metadata("A title", ""), 1000, "video/mp4").expectStatus()
			.isOk()
			.expectHeader()
			.exists("X-GUploader-UploadID")
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation();
		assertThat(session.toString()).startsWith(this.server.baseUrl(Platform.YOUTUBE) + "/upload/youtube/v3/videos?")
			.contains("uploadType=resumable")
			.contains("upload_id=");
		assertThat(this.emulator.uploads()).singleElement().satisfies((upload) -> {
			assertThat(upload.totalBytes()).isEqualTo(1000);
			assertThat(upload.bytesReceived()).isZero();
		});
	}

	@Test
	void answersEachChunkWith308AndTheRangeItHoldsThenTheVideo() {
		byte[] file = SampleVideos.mp4(2 * KIB_256 + 100);
		URI session = session(file.length);
		chunk(session, file, 0, KIB_256 - 1).expectStatus()
			.isEqualTo(308)
			.expectHeader()
			.valueEquals(HttpHeaders.RANGE, "bytes=0-" + (KIB_256 - 1));
		chunk(session, file, KIB_256, 2 * KIB_256 - 1).expectStatus()
			.isEqualTo(308)
			.expectHeader()
			.valueEquals(HttpHeaders.RANGE, "bytes=0-" + (2 * KIB_256 - 1));
		chunk(session, file, 2 * KIB_256, file.length - 1).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.kind")
			.isEqualTo("youtube#video")
			.jsonPath("$.id")
			.value((String id) -> assertThat(id).hasSize(11))
			.jsonPath("$.snippet.title")
			.isEqualTo("A title")
			.jsonPath("$.snippet.channelId")
			.isEqualTo(CHANNEL)
			.jsonPath("$.snippet.tags[0]")
			.isEqualTo("hubben")
			.jsonPath("$.status.uploadStatus")
			.isEqualTo("uploaded")
			.jsonPath("$.status.privacyStatus")
			.isEqualTo("public");
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.accountId()).isEqualTo(CHANNEL);
			assertThat(post.title()).isEqualTo("A title");
			assertThat(post.tags()).containsExactly("hubben");
			assertThat(post.link()).isEqualTo("https://home.example.org/x?utm_source=youtube");
			assertThat(post.media()).singleElement().satisfies((media) -> {
				assertThat(media.size()).isEqualTo(file.length);
				assertThat(media.contentType()).isEqualTo("video/mp4");
				assertThat(media.sha256()).isEqualTo(sha256(file));
			});
		});
	}

	@Test
	void answersAStatusQueryWithoutRangeWhenNothingArrived() {
		URI session = session(1000);
		status(session, 1000).expectStatus().isEqualTo(308).expectHeader().doesNotExist(HttpHeaders.RANGE);
	}

	@Test
	void answersAStatusQueryWithTheRangeAndOnceCompleteWithTheVideo() {
		byte[] file = SampleVideos.mp4(KIB_256 + 10);
		URI session = session(file.length);
		chunk(session, file, 0, KIB_256 - 1).expectStatus().isEqualTo(308);
		status(session, file.length).expectStatus()
			.isEqualTo(308)
			.expectHeader()
			.valueEquals(HttpHeaders.RANGE, "bytes=0-" + (KIB_256 - 1));
		chunk(session, file, KIB_256, file.length - 1).expectStatus().isOk();
		status(session, file.length).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status.uploadStatus")
			.isEqualTo("uploaded");
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void recordsAVideoAsStartedWhenItsResumableSessionWasOpened() {
		byte[] file = SampleVideos.mp4(KIB_256 + 10);
		URI session = session(file.length);
		this.clock.advance(Duration.ofSeconds(4));
		chunk(session, file, 0, file.length - 1).expectStatus().isOk();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.startedAt()).isEqualTo(START);
			assertThat(post.receivedAt()).isEqualTo(START.plusSeconds(4));
		});
	}

	@Test
	void answersAChunkThatDoesNotStartAtTheNextByteWithTheCurrentRangeAndKeepsNothing() {
		byte[] file = SampleVideos.mp4(3 * KIB_256);
		URI session = session(file.length);
		chunk(session, file, 0, KIB_256 - 1).expectStatus().isEqualTo(308);
		// Sent again, and sent ahead of the next byte: neither is kept.
		chunk(session, file, 0, KIB_256 - 1).expectStatus()
			.isEqualTo(308)
			.expectHeader()
			.valueEquals(HttpHeaders.RANGE, "bytes=0-" + (KIB_256 - 1));
		chunk(session, file, 2 * KIB_256, file.length - 1).expectStatus()
			.isEqualTo(308)
			.expectHeader()
			.valueEquals(HttpHeaders.RANGE, "bytes=0-" + (KIB_256 - 1));
		assertThat(this.emulator.uploads()).singleElement().satisfies((upload) -> {
			assertThat(upload.bytesKept()).isEqualTo(KIB_256);
			assertThat(upload.bytesReceived()).isEqualTo(3L * KIB_256);
		});
		chunk(session, file, KIB_256, 2 * KIB_256 - 1).expectStatus().isEqualTo(308);
		chunk(session, file, 2 * KIB_256, file.length - 1).expectStatus().isOk();
		assertThat(this.emulator.received().get(0).media().get(0).sha256()).isEqualTo(sha256(file));
	}

	@Test
	void keepsOnlyWhole256KiBBlocksOfAnIntermediateChunk() {
		byte[] file = SampleVideos.mp4(2 * KIB_256);
		URI session = session(file.length);
		chunk(session, file, 0, KIB_256 + 999).expectStatus()
			.isEqualTo(308)
			.expectHeader()
			.valueEquals(HttpHeaders.RANGE, "bytes=0-" + (KIB_256 - 1));
		chunk(session, file, KIB_256, file.length - 1).expectStatus().isOk();
		assertThat(this.emulator.received().get(0).media().get(0).sha256()).isEqualTo(sha256(file));
	}

	@Test
	void followsTheUploadWithoutContentRangeAsOneRequest() {
		byte[] file = SampleVideos.mp4(5000);
		URI session = session(file.length);
		this.client.put().uri(session).bodyValue(file).exchange().expectStatus().isOk();
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void answersAnUnknownSessionWith404() {
		URI session = session(1000);
		URI unknown = URI.create(session.toString().replaceAll("upload_id=[^&]+", "upload_id=nope"));
		status(unknown, 1000).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(404)
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("notFound");
	}

	@Test
	void refusesARangeThatDisagreesWithTheDeclaredSize() {
		byte[] file = SampleVideos.mp4(1000);
		URI session = session(2000);
		this.client.put()
			.uri(session)
			.header("Content-Range", "bytes 0-999/1000")
			.bodyValue(file)
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.put()
			.uri(session)
			.header("Content-Range", "bytes 0-9/x")
			.bodyValue(new byte[10])
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.message")
			.isEqualTo("Failed to parse Content-Range header.");
	}

	@Test
	void refusesMetadataYouTubeRefuses() {
		assertRefused(metadata("", "d"), "video/mp4", "invalidTitle");
		assertRefused(metadata("x".repeat(101), "d"), "video/mp4", "invalidTitle");
		assertRefused(metadata("<b>bold</b>", "d"), "video/mp4", "invalidTitle");
		// 2,501 characters, but 5,002 bytes in UTF-8.
		assertRefused(metadata("A title", "é".repeat(2501)), "video/mp4", "invalidDescription");
		assertRefused(metadata("A title", "a > b"), "video/mp4", "invalidDescription");
		assertRefused(metadata("A title", "d"), "image/png", "badContent");
		assertRefused(Map.of("status", Map.of("privacyStatus", "public")), "video/mp4", "invalidTitle");
		assertThat(this.emulator.uploads()).isEmpty();
		begin(this.token, metadata("x".repeat(100), "é".repeat(2500)), 1000, "application/octet-stream").expectStatus()
			.isOk();
	}

	private void assertRefused(Object metadata, String contentType, String reason) {
		begin(this.token, metadata, 1000, contentType).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(400)
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo(reason)
			.jsonPath("$.error.status")
			.isEqualTo("INVALID_ARGUMENT");
	}

	@Test
	void answersAMissingTokenWith401InGooglesShape() {
		begin(null, metadata("A title", ""), 1000, "video/mp4").expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer .*")
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(401)
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("required")
			.jsonPath("$.error.errors[0].domain")
			.isEqualTo("global")
			.jsonPath("$.error.status")
			.isEqualTo("UNAUTHENTICATED");
		begin("emu.youtube.forged.0.nope", metadata("A title", ""), 1000, "video/mp4").expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("authError");
	}

	@Test
	void answersInjectedFaultsAtTheStartWithGooglesErrors() {
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		begin(this.token, metadata("A title", ""), 1000, "video/mp4").expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("authError");
		begin(this.token, metadata("A title", ""), 1000, "video/mp4").expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("quotaExceeded")
			.jsonPath("$.error.errors[0].domain")
			.isEqualTo("youtube.quota");
		begin(this.token, metadata("A title", ""), 1000, "video/mp4").expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("backendError");
		assertThat(this.emulator.uploads()).isEmpty();
	}

	@Test
	void dropsTheConnectionHalfwayThroughTheChunkHoldingTheMiddleByte() {
		byte[] file = SampleVideos.mp4(2 * KIB_256);
		this.emulator.faults().inject(Fault.DROP_DURING_UPLOAD, 1);
		URI session = session(file.length);
		chunk(session, file, 0, KIB_256 - 1).expectStatus().isEqualTo(308);
		assertThatThrownBy(() -> chunk(session, file, KIB_256, file.length - 1)).isNotNull();
		status(session, file.length).expectStatus()
			.isEqualTo(308)
			.expectHeader()
			.valueEquals(HttpHeaders.RANGE, "bytes=0-" + (KIB_256 + KIB_256 / 2 - 1));
		assertThat(this.emulator.uploads().get(0).bytesReceived()).isEqualTo(2L * KIB_256);
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void keepsTheLastChunkThenDropsTheConnectionOnAcceptThenDrop() {
		byte[] file = SampleVideos.mp4(1000);
		this.emulator.faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		URI session = session(file.length);
		assertThatThrownBy(() -> chunk(session, file, 0, file.length - 1)).isNotNull();
		assertThat(this.emulator.received()).hasSize(1);
		status(session, file.length).expectStatus().isOk();
	}

	@Test
	void countsEveryUnitInTheUnitsModel() {
		startWith(YouTubeEmulator.Settings.DEFAULT.withQuota(YouTubeQuota.Limits.units(10_000)));
		for (int i = 0; i < 6; i++) {
			session(1000);
		}
		assertThat(this.emulator.quota().usage().unitsUsed()).isEqualTo(9_600);
		begin(this.token, metadata("A title", ""), 1000, "video/mp4").expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("quotaExceeded");
		// Lookups cost 1 unit each and still fit.
		list("/youtube/v3/channels?part=snippet&mine=true").expectStatus().isOk();
		assertThat(this.emulator.quota().usage().unitsUsed()).isEqualTo(9_601);
	}

	@Test
	void countsUploadsInTheirOwnBucketInTheBucketsModel() {
		startWith(YouTubeEmulator.Settings.DEFAULT.withQuota(YouTubeQuota.Limits.buckets(3, 2)));
		session(1000);
		session(1000);
		begin(this.token, metadata("A title", ""), 1000, "video/mp4").expectStatus().isForbidden();
		for (int i = 0; i < 3; i++) {
			list("/youtube/v3/channels?part=snippet&mine=true").expectStatus().isOk();
		}
		list("/youtube/v3/channels?part=snippet&mine=true").expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("quotaExceeded");
		YouTubeQuota.Usage usage = this.emulator.quota().usage();
		assertThat(usage.insertsUsed()).isEqualTo(2);
		assertThat(usage.unitsUsed()).isEqualTo(3);
	}

	@Test
	void chargesInvalidRequestsToo() {
		startWith(YouTubeEmulator.Settings.DEFAULT.withQuota(YouTubeQuota.Limits.units(3)));
		assertRefused(metadata("", "d"), "video/mp4", "invalidTitle");
		begin(null, metadata("A title", ""), 1000, "video/mp4").expectStatus().isUnauthorized();
		list("/youtube/v3/videos?id=abc").expectStatus().isBadRequest();
		assertThat(this.emulator.quota().usage().unitsUsed()).isEqualTo(3);
		assertRefusedForQuota();
	}

	private void assertRefusedForQuota() {
		begin(this.token, metadata("", "d"), 1000, "video/mp4").expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("quotaExceeded");
	}

	@Test
	void startsAfreshAtMidnightInLosAngelesNotAtMidnightUtc() {
		startWith(YouTubeEmulator.Settings.DEFAULT.withQuota(YouTubeQuota.Limits.units(1_600)));
		// 15:59 on 21 November in Los Angeles.
		this.clock.set(Instant.parse("2026-11-21T23:59:00Z"));
		session(1000);
		assertRefusedForQuota();
		// Midnight UTC has passed, but it is 16:01 in Los Angeles.
		this.clock.set(Instant.parse("2026-11-22T00:01:00Z"));
		assertRefusedForQuota();
		this.clock.set(Instant.parse("2026-11-22T07:59:59Z"));
		assertRefusedForQuota();
		assertThat(this.emulator.quota().usage().resetsAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
		this.clock.set(Instant.parse("2026-11-22T08:00:00Z"));
		session(1000);
		assertThat(this.emulator.quota().usage().day()).hasToString("2026-11-22");
	}

	@Test
	void startsAfreshAtMidnightPacificDaylightTimeInSummer() {
		assertThat(YouTubeQuota.nextReset(Instant.parse("2026-07-01T12:00:00Z")))
			.isEqualTo(Instant.parse("2026-07-02T07:00:00Z"));
		// The night clocks go back: midnight is still 07:00 UTC (PDT).
		assertThat(YouTubeQuota.nextReset(Instant.parse("2026-10-31T20:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-01T07:00:00Z"));
	}

	@Test
	void refusesUploadsBeyondTheChannelsCapForADay() {
		startWith(YouTubeEmulator.Settings.DEFAULT.withUploadsPerChannelPerDay(2));
		session(1000);
		session(1000);
		begin(this.token, metadata("A title", ""), 1000, "video/mp4").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("uploadLimitExceeded");
		String other = this.tokens.issue(Platform.YOUTUBE, OTHER_CHANNEL, null);
		begin(other, metadata("A title", ""), 1000, "video/mp4").expectStatus().isOk();
		this.clock.advance(Duration.ofHours(24));
		session(1000);
	}

	@Test
	void ignoresPublishAtUnlessTheVideoIsPrivate() {
		String video = upload(metadata("Public", "", "public", "2026-12-01T10:00:00Z"), SampleVideos.mp4(1000));
		assertThat(video).contains("\"privacyStatus\":\"public\"").doesNotContain("publishAt");
	}

	@Test
	void makesAScheduledPrivateVideoPublicOncePublishAtHasPassed() {
		String video = upload(metadata("Scheduled", "", "private", "2026-11-21T15:00:00Z"), SampleVideos.mp4(1000));
		assertThat(video).contains("\"privacyStatus\":\"private\"").contains("\"publishAt\":\"2026-11-21T15:00:00Z\"");
		String id = video.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
		String other = this.tokens.issue(Platform.YOUTUBE, OTHER_CHANNEL, null);
		this.client.get()
			.uri("/youtube/v3/videos?part=status&id=" + id)
			.headers((headers) -> headers.setBearerAuth(other))
			.exchange()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(0);
		this.clock.set(Instant.parse("2026-11-21T15:00:00Z"));
		list("/youtube/v3/videos?part=status&id=" + id).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].status.privacyStatus")
			.isEqualTo("public")
			.jsonPath("$.items[0].status.publishAt")
			.doesNotExist();
	}

	@Test
	void refusesAPublishAtThatHasPassed() {
		assertRefused(metadata("Late", "", "private", "2026-11-21T14:00:00Z"), "video/mp4", "invalidPublishAt");
	}

	@Test
	void listsVideosByIdWithTheRequestedParts() {
		String video = upload(metadata("Listed", "", "public", null), SampleVideos.mp4(1000));
		String id = video.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
		list("/youtube/v3/videos?part=id,status&id=" + id + ",unknown").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.kind")
			.isEqualTo("youtube#videoListResponse")
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(id)
			.jsonPath("$.items[0].status.uploadStatus")
			.isEqualTo("uploaded")
			.jsonPath("$.items[0].snippet")
			.doesNotExist();
		list("/youtube/v3/videos?id=" + id).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("required");
		list("/youtube/v3/videos?part=status").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("missingRequiredParameter");
	}

	@Test
	void namesTheTokensChannel() {
		this.emulator.channel(CHANNEL, "Our channel");
		list("/youtube/v3/channels?part=snippet&mine=true").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].kind")
			.isEqualTo("youtube#channel")
			.jsonPath("$.items[0].id")
			.isEqualTo(CHANNEL)
			.jsonPath("$.items[0].snippet.title")
			.isEqualTo("Our channel");
	}

	@Test
	void refusesToNameTheChannelToATokenThatMayOnlyUpload() {
		String uploadOnly = this.tokens.issue(Platform.YOUTUBE, CHANNEL + "~u", null);
		this.client.get()
			.uri("/youtube/v3/channels?part=snippet&mine=true")
			.headers((headers) -> headers.setBearerAuth(uploadOnly))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.errors[0].reason")
			.isEqualTo("insufficientPermissions");
		begin(uploadOnly, metadata("A title", ""), 1000, "video/mp4").expectStatus().isOk();
		String readOnly = this.tokens.issue(Platform.YOUTUBE, CHANNEL + "~r", null);
		begin(readOnly, metadata("A title", ""), 1000, "video/mp4").expectStatus().isForbidden();
	}

	@Test
	void readsGzippedMetadataAsGooglesClientsSendIt() {
		byte[] json = "{\"snippet\":{\"title\":\"Zipped\"},\"status\":{\"privacyStatus\":\"unlisted\"}}"
			.getBytes(StandardCharsets.UTF_8);
		this.client.post()
			.uri("/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status")
			.headers((headers) -> {
				headers.setBearerAuth(this.token);
				headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
				headers.set("X-Upload-Content-Length", "1000");
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(gzip(json))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void showsAWatchPageAndTheUploads() {
		String video = upload(metadata("Watch me", "Words", "public", null), SampleVideos.mp4(1000));
		String id = video.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
		this.client.get()
			.uri("/watch?v=" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("<h1>Watch me</h1>"));
		this.client.get().uri("/watch?v=nope").exchange().expectStatus().isNotFound();
		this.client.get()
			.uri("/uploads")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].videoId")
			.isEqualTo(id)
			.jsonPath("$[0].bytesReceived")
			.isEqualTo(1000);
	}

	private static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
