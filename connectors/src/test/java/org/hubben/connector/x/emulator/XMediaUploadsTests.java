package org.hubben.connector.x.emulator;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.MediaSamples;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import org.hubben.connector.x.emulator.XEmulatorTests.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link XMediaUploads}, both shapes of X's v2 media upload, spoken to over HTTP as a
 * plain client would; every response body is read, so no buffer is left behind.
 */
class XMediaUploadsTests {

	private static final Instant START = Instant.parse("2026-11-21T14:04:00Z");

	private static final int MIB = 1024 * 1024;

	private static final String INVALID_REQUEST = "https://api.x.com/2/problems/invalid-request";

	private final MutableClock clock = new MutableClock(START);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.X, "1234", null);

	private final String otherToken = this.tokens.issue(Platform.X, "5678", null);

	private XEmulator emulator;

	private EmulatorServer server;

	private WebTestClient client;

	@BeforeEach
	void start() {
		startWith(XMediaUploads.Limits.DEFAULT);
	}

	private void startWith(XMediaUploads.Limits limits) {
		if (this.server != null) {
			this.server.close();
		}
		this.emulator = new XEmulator(this.tokens, this.clock, XEmulator.Limits.DEFAULT, limits);
		this.server = EmulatorServer.start(this.emulator);
		this.client = WebTestClient.bindToServer()
			.baseUrl(this.server.baseUrl(Platform.X).toString())
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private WebTestClient.ResponseSpec initialize(String bearer, Map<String, Object> body) {
		return this.client.post()
			.uri("/2/media/upload/initialize")
			.headers((headers) -> headers.setBearerAuth(bearer))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private String initialized(String bearer, String mediaType, long totalBytes) {
		return data(initialize(bearer, Map.of("media_type", mediaType, "total_bytes", totalBytes))).path("id")
			.asString();
	}

	private WebTestClient.ResponseSpec append(String bearer, String id, int index, byte[] bytes) {
		MultipartBodyBuilder multipart = new MultipartBodyBuilder();
		multipart.part("segment_index", String.valueOf(index));
		multipart.part("media", new ByteArrayResource(bytes))
			.filename("chunk")
			.contentType(MediaType.APPLICATION_OCTET_STREAM);
		return this.client.post()
			.uri("/2/media/upload/{id}/append", id)
			.headers((headers) -> headers.setBearerAuth(bearer))
			.body(BodyInserters.fromMultipartData(multipart.build()))
			.exchange();
	}

	private WebTestClient.ResponseSpec finalizeUpload(String bearer, String id) {
		return this.client.post()
			.uri("/2/media/upload/{id}/finalize", id)
			.headers((headers) -> headers.setBearerAuth(bearer))
			.exchange();
	}

	private WebTestClient.ResponseSpec status(String bearer, String id) {
		return this.client.get()
			.uri("/2/media/upload?command=STATUS&media_id={id}", id)
			.headers((headers) -> headers.setBearerAuth(bearer))
			.exchange();
	}

	private WebTestClient.ResponseSpec command(String bearer, MultiValueMap<String, ?> parts) {
		return this.client.post()
			.uri("/2/media/upload")
			.headers((headers) -> headers.setBearerAuth(bearer))
			.body(BodyInserters.fromMultipartData(parts))
			.exchange();
	}

	private WebTestClient.ResponseSpec tweet(String bearer, String text, Object mediaIds) {
		return this.client.post()
			.uri("/2/tweets")
			.headers((headers) -> headers.setBearerAuth(bearer))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", text, "media", Map.of("media_ids", mediaIds)))
			.exchange();
	}

	/** Uploads a whole file in one segment with the dedicated endpoints. */
	private String uploaded(String bearer, String mediaType, byte[] bytes) {
		String id = initialized(bearer, mediaType, bytes.length);
		data(append(bearer, id, 0, bytes));
		data(finalizeUpload(bearer, id));
		return id;
	}

	private static JsonNode data(WebTestClient.ResponseSpec response) {
		return json(response.expectStatus().isOk()).path("data");
	}

	private static JsonNode json(WebTestClient.ResponseSpec response) {
		byte[] body = response.expectBody().returnResult().getResponseBody();
		return JsonMapper.shared().readTree(body);
	}

	private static void refused(WebTestClient.ResponseSpec response, String detail) {
		response.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(INVALID_REQUEST)
			.jsonPath("$.detail")
			.value(String.class, (text) -> assertThat(text).contains(detail));
	}

	@Test
	void takesAnImageThroughTheDedicatedEndpointsAndAttachesItToAPost() {
		byte[] png = MediaSamples.image("png", 1);
		JsonNode initialized = data(initialize(this.token, Map.of("media_type", "image/png", "total_bytes", png.length,
				"media_category", "tweet_image", "shared", false)));
		String id = initialized.path("id").asString();
		assertThat(id).containsOnlyDigits();
		assertThat(initialized.path("media_key").asString()).isEqualTo("3_" + id);
		assertThat(initialized.path("expires_after_secs").asLong()).isEqualTo(86400);
		byte[] first = Arrays.copyOfRange(png, 0, 10);
		byte[] rest = Arrays.copyOfRange(png, 10, png.length);
		assertThat(data(append(this.token, id, 0, first)).path("expires_at").asLong())
			.isEqualTo(START.plus(Duration.ofHours(24)).getEpochSecond());
		data(append(this.token, id, 1, rest));
		JsonNode finalized = data(finalizeUpload(this.token, id));
		assertThat(finalized.path("size").asLong()).isEqualTo(png.length);
		assertThat(finalized.has("processing_info")).isFalse();
		assertThat(finalized.path("image").path("image_type").asString()).isEqualTo("image/png");

		JsonNode post = json(tweet(this.token, "With a picture", List.of(id)).expectStatus().isCreated());
		assertThat(post.path("data").path("attachments").path("media_keys").path(0).asString()).isEqualTo("3_" + id);
		assertThat(this.emulator.received()).singleElement()
			.satisfies((received) -> assertThat(received.media())
				.containsExactly(new ReceivedMedia("image/png", png.length, MediaSamples.sha256(png))));
	}

	@Test
	void recordsAPostWithMediaAsStartedWhenTheEarliestOfItsUploadsWasInitialised() {
		byte[] png = MediaSamples.image("png", 1);
		String first = data(initialize(this.token, Map.of("media_type", "image/png", "total_bytes", png.length,
				"media_category", "tweet_image", "shared", false)))
			.path("id")
			.asString();
		this.clock.advance(Duration.ofSeconds(2));
		String second = data(initialize(this.token, Map.of("media_type", "image/png", "total_bytes", png.length,
				"media_category", "tweet_image", "shared", false)))
			.path("id")
			.asString();
		for (String id : List.of(second, first)) {
			data(append(this.token, id, 0, png));
			data(finalizeUpload(this.token, id));
		}
		this.clock.advance(Duration.ofSeconds(3));

		tweet(this.token, "Two pictures", List.of(second, first)).expectStatus().isCreated();
		assertThat(this.emulator.received()).singleElement().satisfies((received) -> {
			assertThat(received.startedAt()).isEqualTo(START);
			assertThat(received.receivedAt()).isEqualTo(START.plusSeconds(5));
		});
	}

	@Test
	void takesAVideoThroughTheCommandStyleAndProcessesItPendingThenInProgressThenSucceeded() {
		byte[] video = MediaSamples.mp4(3000);
		MultiValueMap<String, Object> init = new LinkedMultiValueMap<>();
		init.add("command", "INIT");
		init.add("media_type", "video/mp4");
		init.add("total_bytes", String.valueOf(video.length));
		init.add("media_category", "amplify_video");
		JsonNode initialized = data(command(this.token, init));
		String id = initialized.path("id").asString();
		assertThat(initialized.path("media_key").asString()).isEqualTo("13_" + id);
		MultipartBodyBuilder append = new MultipartBodyBuilder();
		append.part("command", "APPEND");
		append.part("media_id", id);
		append.part("segment_index", "0");
		append.part("media", new ByteArrayResource(video)).filename("clip.mp4");
		data(command(this.token, append.build()));
		MultiValueMap<String, Object> finalize = new LinkedMultiValueMap<>();
		finalize.add("command", "FINALIZE");
		finalize.add("media_id", id);
		JsonNode processing = data(command(this.token, finalize)).path("processing_info");
		assertThat(processing.path("state").asString()).isEqualTo("pending");
		assertThat(processing.path("check_after_secs").asLong()).isEqualTo(1);

		this.clock.advance(Duration.ofMillis(1500));
		JsonNode inProgress = data(status(this.token, id)).path("processing_info");
		assertThat(inProgress.path("state").asString()).isEqualTo("in_progress");
		assertThat(inProgress.path("progress_percent").asInt()).isEqualTo(25);
		assertThat(inProgress.path("check_after_secs").asLong()).isEqualTo(2);
		refused(tweet(this.token, "Too early", List.of(id)), "in progress, not succeeded");

		this.clock.advance(Duration.ofMillis(1500));
		JsonNode succeeded = data(status(this.token, id)).path("processing_info");
		assertThat(succeeded.path("state").asString()).isEqualTo("succeeded");
		assertThat(succeeded.path("progress_percent").asInt()).isEqualTo(100);
		assertThat(succeeded.has("check_after_secs")).isFalse();
		tweet(this.token, "Now it plays", List.of(id)).expectStatus().isCreated().expectBody();
		assertThat(this.emulator.received()).singleElement()
			.satisfies((received) -> assertThat(received.media()).singleElement()
				.satisfies((media) -> assertThat(media.sha256()).isEqualTo(MediaSamples.sha256(video))));
	}

	@Test
	void failsProcessingOfAVideoWhoseBytesAreNoVideoWithInvalidMedia() {
		byte[] notAVideo = MediaSamples.noise(2000);
		String id = uploaded(this.token, "video/mp4", notAVideo);
		this.clock.advance(Duration.ofSeconds(3));
		JsonNode failed = data(status(this.token, id)).path("processing_info");
		assertThat(failed.path("state").asString()).isEqualTo("failed");
		assertThat(failed.path("error").path("code").asInt()).isEqualTo(1);
		assertThat(failed.path("error").path("name").asString()).isEqualTo("InvalidMedia");
		assertThat(failed.path("error").path("message").asString()).isEqualTo("Unsupported video format");
		refused(tweet(this.token, "Broken", List.of(id)), "failed, not succeeded");
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesAnImageWhoseBytesAreNotTheDeclaredTypeWhenFinalized() {
		byte[] png = MediaSamples.image("png", 2);
		String id = initialized(this.token, "image/jpeg", png.length);
		data(append(this.token, id, 0, png));
		refused(finalizeUpload(this.token, id), "InvalidMedia: Unsupported image format");
		refused(tweet(this.token, "Never", List.of(id)), "Your media IDs are invalid");
	}

	@Test
	void hashesSegmentsThatArriveOutOfOrderInTheirIndexOrder() {
		byte[] jpeg = MediaSamples.image("jpeg", 3);
		String id = initialized(this.token, "image/jpeg", jpeg.length);
		int third = jpeg.length / 3;
		data(append(this.token, id, 2, Arrays.copyOfRange(jpeg, 2 * third, jpeg.length)));
		data(append(this.token, id, 0, Arrays.copyOfRange(jpeg, 0, third)));
		data(append(this.token, id, 1, Arrays.copyOfRange(jpeg, third, 2 * third)));
		data(finalizeUpload(this.token, id));
		tweet(this.token, "In order", List.of(id)).expectStatus().isCreated().expectBody();
		assertThat(this.emulator.received().get(0).media().get(0).sha256()).isEqualTo(MediaSamples.sha256(jpeg));
	}

	@Test
	void refusesToFinalizeWhileSegmentsAreMissing() {
		byte[] jpeg = MediaSamples.image("jpeg", 4);
		String id = initialized(this.token, "image/jpeg", jpeg.length);
		data(append(this.token, id, 1, Arrays.copyOfRange(jpeg, 10, jpeg.length)));
		refused(finalizeUpload(this.token, id), "Segments do not add up to provided total file size");
	}

	@Test
	void refusesSegmentsThatHoldMoreThanTheDeclaredSize() {
		String id = initialized(this.token, "image/jpeg", 10);
		refused(append(this.token, id, 0, MediaSamples.noise(11, 0xFF)), "more than total_bytes (10)");
	}

	@Test
	void refusesASegmentOverFiveMegabytes() {
		String id = initialized(this.token, "video/mp4", 6 * MIB);
		refused(append(this.token, id, 0, MediaSamples.mp4(5 * MIB + 1)), "at most 5242880 bytes");
		data(append(this.token, id, 0, MediaSamples.mp4(5 * MIB)));
	}

	@Test
	void capsEachCategoryAtXsFileSize() {
		refused(initialize(this.token, Map.of("media_type", "image/jpeg", "total_bytes", 5 * MIB + 1)),
				"the most tweet_image takes");
		data(initialize(this.token, Map.of("media_type", "image/jpeg", "total_bytes", 5 * MIB)));
		refused(initialize(this.token, Map.of("media_type", "image/gif", "total_bytes", 15 * MIB + 1)),
				"the most tweet_gif takes");
		data(initialize(this.token, Map.of("media_type", "image/gif", "total_bytes", 15 * MIB)));
		refused(initialize(this.token, Map.of("media_type", "video/mp4", "total_bytes", 512L * MIB + 1)),
				"the most tweet_video takes");
		data(initialize(this.token, Map.of("media_type", "video/mp4", "total_bytes", 512L * MIB)));
	}

	@Test
	void refusesUnknownTypesAndCategoriesThatDoNotFitTheType() {
		refused(initialize(this.token, Map.of("media_type", "application/pdf", "total_bytes", 10)),
				"application/pdf is not supported");
		refused(initialize(this.token,
				Map.of("media_type", "image/png", "total_bytes", 10, "media_category", "tweet_video")),
				"tweet_video does not take media_type image/png");
		refused(initialize(this.token, Map.of("media_type", "image/png")), "total_bytes: is required");
	}

	@Test
	void takesAtMostFourImagesOrOneVideoInAPost() {
		List<String> images = List.of(uploaded(this.token, "image/png", MediaSamples.image("png", 10)),
				uploaded(this.token, "image/png", MediaSamples.image("png", 11)),
				uploaded(this.token, "image/png", MediaSamples.image("png", 12)),
				uploaded(this.token, "image/png", MediaSamples.image("png", 13)),
				uploaded(this.token, "image/png", MediaSamples.image("png", 14)));
		String video = uploaded(this.token, "video/mp4", MediaSamples.mp4(2000));
		String otherVideo = uploaded(this.token, "video/mp4", MediaSamples.mp4(2100));
		this.clock.advance(Duration.ofSeconds(3));
		refused(tweet(this.token, "Five", images), "size must be between 1 and 4");
		refused(tweet(this.token, "Mixed", List.of(images.get(0), video)), "not both");
		refused(tweet(this.token, "Two videos", List.of(video, otherVideo)), "not both");
		json(tweet(this.token, "Four", images.subList(0, 4)).expectStatus().isCreated());
		json(tweet(this.token, "One video", List.of(video)).expectStatus().isCreated());
		assertThat(this.emulator.received()).extracting((post) -> post.media().size()).containsExactly(4, 1);
	}

	@Test
	void refusesMediaIdsThatAreUnknownMalformedOrAnotherUsers() {
		String mine = uploaded(this.token, "image/png", MediaSamples.image("png", 20));
		refused(tweet(this.otherToken, "Not yours", List.of(mine)), "Your media IDs are invalid");
		refused(tweet(this.token, "Unknown", List.of("424242")), "Your media IDs are invalid");
		refused(tweet(this.token, "Malformed", List.of("abc")), "media_ids");
		refused(tweet(this.token, "Not a list", "123"), "media_ids");
		refused(append(this.otherToken, mine, 1, new byte[] { 1 }), "is not a medium this user is uploading");
		refused(status(this.otherToken, mine), "is not a medium this user is uploading");
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesMediaAfterTheyExpired() {
		String id = uploaded(this.token, "image/png", MediaSamples.image("png", 21));
		this.clock.advance(Duration.ofHours(24));
		refused(tweet(this.token, "Too late", List.of(id)), "expired");
	}

	@Test
	void takesASegmentAsBase64MediaDataInAForm() {
		byte[] gif = MediaSamples.image("gif", 5);
		String id = initialized(this.token, "image/gif", gif.length);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("command", "APPEND");
		form.add("media_id", id);
		form.add("segment_index", "0");
		form.add("media_data", Base64.getEncoder().encodeToString(gif));
		data(this.client.post()
			.uri("/2/media/upload")
			.headers((headers) -> headers.setBearerAuth(this.token))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange());
		JsonNode processing = data(finalizeUpload(this.token, id)).path("processing_info");
		assertThat(processing.path("state").asString()).as("GIFs are processed").isEqualTo("pending");
	}

	@Test
	void requiresAUserTokenForEveryMediaRequest() {
		this.client.post()
			.uri("/2/media/upload/initialize")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("media_type", "image/png", "total_bytes", 10))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Unauthorized");
		this.client.get()
			.uri("/2/media/upload?command=STATUS&media_id=1")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody();
	}

	@Test
	void countsMediaRequestsAgainstTheUsersFifteenMinuteBudget() {
		startWith(new XMediaUploads.Limits(5 * MIB, 15 * MIB, 512L * MIB, 5 * MIB, 2, Duration.ofSeconds(1),
				Duration.ofSeconds(2), Duration.ofHours(24)));
		data(initialize(this.token, Map.of("media_type", "image/png", "total_bytes", 10)));
		initialize(this.token, Map.of("media_type", "image/png", "total_bytes", 10)).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("x-rate-limit-remaining", "0")
			.expectBody();
		initialize(this.token, Map.of("media_type", "image/png", "total_bytes", 10)).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-rate-limit-reset", String.valueOf(START.plus(Duration.ofMinutes(15)).getEpochSecond()))
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://api.x.com/2/problems/rate-limit-exceeded");
		data(initialize(this.otherToken, Map.of("media_type", "image/png", "total_bytes", 10)));
	}

	@Test
	void letsUploadsTakePartInTheFaultQueue() {
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		initialize(this.token, Map.of("media_type", "image/png", "total_bytes", 10)).expectStatus()
			.isEqualTo(503)
			.expectBody();
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		initialize(this.token, Map.of("media_type", "image/png", "total_bytes", 10)).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-rate-limit-reset", String.valueOf(START.plusSeconds(60).getEpochSecond()))
			.expectBody();
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		initialize(this.token, Map.of("media_type", "image/png", "total_bytes", 10)).expectStatus()
			.isUnauthorized()
			.expectBody();
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		initialize(this.token, Map.of("media_type", "image/png", "total_bytes", 10)).expectStatus()
			.isEqualTo(500)
			.expectBody();
		assertThat(this.emulator.faults().pending()).isZero();
	}

	@Test
	void dropsAnAppendWithoutKeepingItsSegmentOnDropDuringUpload() {
		byte[] png = MediaSamples.image("png", 40);
		String id = initialized(this.token, "image/png", png.length);
		this.emulator.faults().inject(Fault.DROP_DURING_UPLOAD, 1);
		assertThatException().isThrownBy(() -> append(this.token, id, 0, png))
			// closed while the client may still be writing: a premature close or a reset
			.withRootCauseInstanceOf(IOException.class);
		refused(finalizeUpload(this.token, id), "Segments do not add up");
		data(append(this.token, id, 0, png));
		data(finalizeUpload(this.token, id));
	}

	@Test
	void showsTheMediaKeysOfAPostAndForgetsMediaOnReset() {
		String id = uploaded(this.token, "image/png", MediaSamples.image("png", 30));
		String postId = json(tweet(this.token, "Shown", List.of(id)).expectStatus().isCreated()).path("data")
			.path("id")
			.asString();
		this.client.get()
			.uri("/2/tweets/{id}", postId)
			.headers((headers) -> headers.setBearerAuth(this.token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data.attachments.media_keys[0]")
			.isEqualTo("3_" + id);
		this.emulator.reset();
		refused(status(this.token, id), "is not a medium this user is uploading");
	}

}
