package org.hubben.connector.facebook.emulator;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.MediaSamples;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import org.hubben.connector.facebook.emulator.FacebookEmulator.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link FacebookMediaUploads}: photos, multi-photo posts and chunked videos, spoken to
 * over HTTP as a plain Graph client would; every response body is read.
 */
class FacebookMediaUploadsTests {

	private static final String PAGE = "1000001";

	private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

	private static final int MIB = 1024 * 1024;

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.FACEBOOK, PAGE, null);

	private FacebookEmulator emulator;

	private EmulatorServer server;

	private DisposableServer images;

	private WebTestClient client;

	private void start(FacebookMediaUploads.Limits limits) {
		this.emulator = new FacebookEmulator(this.tokens, Clock.fixed(NOW, ZoneOffset.UTC), Limits.DEFAULTS, limits);
		this.server = EmulatorServer.start(this.emulator);
		this.client = WebTestClient.bindToServer()
			.baseUrl(this.server.baseUrl(Platform.FACEBOOK).toString())
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	private void start() {
		start(FacebookMediaUploads.Limits.DEFAULTS);
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
		if (this.images != null) {
			this.images.disposeNow();
		}
	}

	private WebTestClient.ResponseSpec multipart(String path, MultipartBodyBuilder multipart) {
		return this.client.post().uri(path).body(BodyInserters.fromMultipartData(multipart.build())).exchange();
	}

	private WebTestClient.ResponseSpec form(String path, String... pairs) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			form.add(pairs[i], pairs[i + 1]);
		}
		form.add("access_token", this.token);
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

	private MultipartBodyBuilder photo(String name, byte[] bytes, String... pairs) {
		MultipartBodyBuilder multipart = new MultipartBodyBuilder();
		multipart.part(name, new ByteArrayResource(bytes)).filename("picture").contentType(MediaType.IMAGE_PNG);
		for (int i = 0; i < pairs.length; i += 2) {
			multipart.part(pairs[i], pairs[i + 1]);
		}
		multipart.part("access_token", this.token);
		return multipart;
	}

	private WebTestClient.ResponseSpec get(String path) {
		return this.client.get()
			.uri("/v26.0/" + path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
			.exchange();
	}

	private static JsonNode ok(WebTestClient.ResponseSpec response) {
		return JsonMapper.shared()
			.readTree(response.expectStatus().isOk().expectBody().returnResult().getResponseBody());
	}

	private static void graphError(WebTestClient.ResponseSpec response, int code, String message) {
		response.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(code)
			.jsonPath("$.error.message")
			.value(String.class, (text) -> assertThat(text).contains(message))
			.jsonPath("$.error.fbtrace_id")
			.isNotEmpty();
	}

	@Test
	void publishesAPhotoWithItsCaptionAndAnswersThePhotoAndItsPost() {
		start();
		byte[] png = MediaSamples.image("png", 1);
		JsonNode answer = ok(multipart("/v26.0/" + PAGE + "/photos",
				photo("source", png, "caption", "A view https://home.example.org/a", "published", "true")));
		String photoId = answer.path("id").asString();
		String postId = answer.path("post_id").asString();
		assertThat(photoId).containsOnlyDigits();
		assertThat(postId).startsWith(PAGE + "_");
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(postId);
			assertThat(post.text()).isEqualTo("A view https://home.example.org/a");
			assertThat(post.link()).isEqualTo("https://home.example.org/a");
			assertThat(post.media())
				.containsExactly(new ReceivedMedia("image/png", png.length, MediaSamples.sha256(png)));
		});
		assertThat(ok(get(postId + "?fields=id,message,permalink_url")).path("message").asString())
			.isEqualTo("A view https://home.example.org/a");
		JsonNode photo = ok(get(photoId));
		assertThat(photo.path("page_story_id").asString()).isEqualTo(postId);
		assertThat(photo.path("name").asString()).isEqualTo("A view https://home.example.org/a");
	}

	@Test
	void takesEveryPhotoFormatAPageTakes() {
		start();
		for (String format : List.of("jpeg", "png", "gif", "bmp", "tiff")) {
			ok(multipart("/" + PAGE + "/photos", photo("source", MediaSamples.image(format, 2), "message", format)));
		}
		assertThat(this.emulator.received()).extracting((post) -> post.media().get(0).contentType())
			.containsExactly("image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff");
	}

	@Test
	void takesThePhotoFromTheFirstFilePartWhateverItsName() {
		start();
		byte[] jpeg = MediaSamples.image("jpeg", 3);
		ok(multipart("/v26.0/" + PAGE + "/photos", photo("cat.jpg", jpeg, "message", "Named freely")));
		assertThat(this.emulator.received().get(0).media().get(0).sha256()).isEqualTo(MediaSamples.sha256(jpeg));
	}

	@Test
	void fetchesAPhotoGivenAsAnUrl() {
		start();
		byte[] gif = MediaSamples.image("gif", 4);
		this.images = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/picture.gif",
					(request, response) -> response.header("content-type", "image/gif").sendByteArray(Mono.just(gif))))
			.bindNow();
		ok(form("/v26.0/" + PAGE + "/photos", "url", "http://127.0.0.1:" + this.images.port() + "/picture.gif",
				"caption", "Fetched"));
		graphError(form("/v26.0/" + PAGE + "/photos", "url", "http://127.0.0.1:" + this.images.port() + "/missing.gif"),
				324, "answered 404");
		graphError(form("/v26.0/" + PAGE + "/photos", "url", "file:///etc/passwd"), 324, "http or https");
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.media().get(0).sha256()).isEqualTo(MediaSamples.sha256(gif)));
	}

	@Test
	void refusesAPhotoThatIsMissingNoImageOrTooLarge() {
		start();
		graphError(form("/v26.0/" + PAGE + "/photos", "caption", "No file"), 324, "(#324) Requires upload file");
		graphError(multipart("/v26.0/" + PAGE + "/photos", photo("source", MediaSamples.mp4(2000))), 324,
				"Missing or invalid image file");
		ok(multipart("/v26.0/" + PAGE + "/photos", photo("source", MediaSamples.noise(4 * MIB, 0xFF, 0xD8, 0xFF))));
		graphError(
				multipart("/v26.0/" + PAGE + "/photos", photo("source", MediaSamples.noise(4 * MIB + 1, 0xFF, 0xD8))),
				100, "larger than 4194304 bytes");
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void publishesSeveralUnpublishedPhotosAsOnePostInTheirOrder() {
		start();
		byte[] first = MediaSamples.image("png", 5);
		byte[] second = MediaSamples.image("jpeg", 6);
		JsonNode one = ok(multipart("/v26.0/" + PAGE + "/photos", photo("source", first, "published", "false")));
		JsonNode two = ok(multipart("/v26.0/" + PAGE + "/photos", photo("source", second, "published", "false")));
		assertThat(one.has("post_id")).as("an unpublished photo is no post").isFalse();
		assertThat(this.emulator.received()).isEmpty();
		String postId = ok(form("/v26.0/" + PAGE + "/feed", "message", "Two views https://home.example.org/b",
				"attached_media[1]", "{\"media_fbid\":\"" + two.path("id").asString() + "\"}", "attached_media[0]",
				"{\"media_fbid\":\"" + one.path("id").asString() + "\"}"))
			.path("id")
			.asString();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(postId);
			assertThat(post.link()).isEqualTo("https://home.example.org/b");
			assertThat(post.media()).extracting(ReceivedMedia::sha256)
				.containsExactly(MediaSamples.sha256(first), MediaSamples.sha256(second));
		});
	}

	@Test
	void takesAttachedMediaAsOneJsonArrayToo() {
		start();
		String id = ok(multipart("/v26.0/" + PAGE + "/photos",
				photo("source", MediaSamples.image("png", 7), "published", "false")))
			.path("id")
			.asString();
		ok(form("/v26.0/" + PAGE + "/feed", "attached_media", "[{\"media_fbid\":\"" + id + "\"}]"));
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> assertThat(post.media()).hasSize(1));
	}

	@Test
	void refusesToAttachAnUnknownPhotoAnotherPagesPhotoOrAPublishedOne() {
		start();
		String published = ok(multipart("/v26.0/" + PAGE + "/photos",
				photo("source", MediaSamples.image("png", 8), "message", "On its own")))
			.path("id")
			.asString();
		String otherPageToken = this.tokens.issue(Platform.FACEBOOK, "2000002", null);
		MultipartBodyBuilder other = new MultipartBodyBuilder();
		other.part("source", new ByteArrayResource(MediaSamples.image("png", 9))).filename("p.png");
		other.part("published", "false");
		other.part("access_token", otherPageToken);
		String othersPhoto = ok(multipart("/v26.0/2000002/photos", other)).path("id").asString();
		graphError(form("/v26.0/" + PAGE + "/feed", "attached_media[0]", "{\"media_fbid\":\"424242\"}"), 100,
				"is not a photo of this Page");
		graphError(form("/v26.0/" + PAGE + "/feed", "attached_media[0]", "{\"media_fbid\":\"" + othersPhoto + "\"}"),
				100, "is not a photo of this Page");
		graphError(form("/v26.0/" + PAGE + "/feed", "attached_media[0]", "{\"media_fbid\":\"" + published + "\"}"), 100,
				"already a post of its own");
		graphError(form("/v26.0/" + PAGE + "/feed", "attached_media[0]", "not json"), 100, "media_fbid");
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void takesAVideoInTheChunksItAsksForAndPublishesItOnFinish() {
		start(new FacebookMediaUploads.Limits(4 * MIB, 1024, 2048L * MIB, 1000));
		byte[] video = MediaSamples.mp4(2500);
		JsonNode started = ok(form("/v26.0/" + PAGE + "/videos", "upload_phase", "start", "file_size", "2500"));
		String session = started.path("upload_session_id").asString();
		String videoId = started.path("video_id").asString();
		assertThat(started.path("start_offset").asString()).isEqualTo("0");
		assertThat(started.path("end_offset").asString()).isEqualTo("1000");
		long start = 0;
		long end = 1000;
		int transfers = 0;
		while (start < end) {
			MultipartBodyBuilder chunk = new MultipartBodyBuilder();
			chunk.part("upload_phase", "transfer");
			chunk.part("upload_session_id", session);
			chunk.part("start_offset", String.valueOf(start));
			chunk.part("access_token", this.token);
			chunk.part("video_file_chunk", new ByteArrayResource(Arrays.copyOfRange(video, (int) start, (int) end)))
				.filename("chunk");
			JsonNode next = ok(multipart("/v26.0/" + PAGE + "/videos", chunk));
			start = Long.parseLong(next.path("start_offset").asString());
			end = Long.parseLong(next.path("end_offset").asString());
			transfers++;
		}
		assertThat(transfers).isEqualTo(3);
		assertThat(start).isEqualTo(2500);
		assertThat(this.emulator.received()).as("nothing is published before finish").isEmpty();
		assertThat(ok(form("/v26.0/" + PAGE + "/videos", "upload_phase", "finish", "upload_session_id", session,
				"title", "Our film", "description", "Watch https://home.example.org/v"))
			.path("success")
			.asBoolean()).isTrue();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(videoId);
			assertThat(post.title()).isEqualTo("Our film");
			assertThat(post.text()).isEqualTo("Watch https://home.example.org/v");
			assertThat(post.link()).isEqualTo("https://home.example.org/v");
			assertThat(post.media()).containsExactly(new ReceivedMedia("video/mp4", 2500, MediaSamples.sha256(video)));
		});
		JsonNode fields = ok(get(videoId + "?fields=id,title,description,permalink_url"));
		assertThat(fields.path("title").asString()).isEqualTo("Our film");
		assertThat(fields.path("permalink_url").asString()).endsWith("/posts/" + videoId);
	}

	@Test
	void refusesATransferFromTheWrongOffsetAndNamesTheRightOne() {
		start(new FacebookMediaUploads.Limits(4 * MIB, 1024, 2048L * MIB, 1000));
		String session = ok(form("/v26.0/" + PAGE + "/videos", "upload_phase", "start", "file_size", "2500"))
			.path("upload_session_id")
			.asString();
		MultipartBodyBuilder chunk = new MultipartBodyBuilder();
		chunk.part("upload_phase", "transfer");
		chunk.part("upload_session_id", session);
		chunk.part("start_offset", "1000");
		chunk.part("access_token", this.token);
		chunk.part("video_file_chunk", new ByteArrayResource(new byte[1000])).filename("chunk");
		multipart("/v26.0/" + PAGE + "/videos", chunk).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(6001)
			.jsonPath("$.error.error_subcode")
			.isEqualTo(1363037)
			.jsonPath("$.error.error_data.start_offset")
			.isEqualTo(0)
			.jsonPath("$.error.error_data.end_offset")
			.isEqualTo(1000);
	}

	@Test
	void dropsAChunkedTransferWithoutKeepingItOnDropDuringUpload() {
		start(new FacebookMediaUploads.Limits(4 * MIB, 1024, 2048L * MIB, 1000));
		byte[] video = MediaSamples.mp4(1500);
		String session = ok(form("/v26.0/" + PAGE + "/videos", "upload_phase", "start", "file_size", "1500"))
			.path("upload_session_id")
			.asString();
		this.emulator.faults().inject(Fault.DROP_DURING_UPLOAD, 1);
		assertThatException().isThrownBy(() -> multipart("/v26.0/" + PAGE + "/videos", transfer(session, 0, video)))
			// closed while the client may still be writing: a premature close or a reset
			.withRootCauseInstanceOf(IOException.class);
		JsonNode next = ok(multipart("/v26.0/" + PAGE + "/videos", transfer(session, 0, video)));
		assertThat(next.path("start_offset").asString()).as("the dropped chunk was not kept").isEqualTo("1500");
	}

	private MultipartBodyBuilder transfer(String session, long offset, byte[] bytes) {
		MultipartBodyBuilder chunk = new MultipartBodyBuilder();
		chunk.part("upload_phase", "transfer");
		chunk.part("upload_session_id", session);
		chunk.part("start_offset", String.valueOf(offset));
		chunk.part("access_token", this.token);
		chunk.part("video_file_chunk", new ByteArrayResource(bytes)).filename("chunk");
		return chunk;
	}

	@Test
	void refusesVideosTooSmallTooLargeIncompleteOrInAnotherFormat() {
		start(new FacebookMediaUploads.Limits(4 * MIB, 1024, 10_000, 4000));
		graphError(form("/v26.0/" + PAGE + "/videos", "upload_phase", "start", "file_size", "1023"), 6000, "too small");
		graphError(form("/v26.0/" + PAGE + "/videos", "upload_phase", "start", "file_size", "10001"), 6000,
				"too large");
		String incomplete = ok(form("/v26.0/" + PAGE + "/videos", "upload_phase", "start", "file_size", "2000"))
			.path("upload_session_id")
			.asString();
		graphError(form("/v26.0/" + PAGE + "/videos", "upload_phase", "finish", "upload_session_id", incomplete), 6001,
				"There was a problem uploading your video");
		MultipartBodyBuilder notAVideo = new MultipartBodyBuilder();
		notAVideo.part("source", new ByteArrayResource(MediaSamples.noise(2000))).filename("clip.mp4");
		notAVideo.part("description", "Not a film");
		notAVideo.part("access_token", this.token);
		graphError(multipart("/v26.0/" + PAGE + "/videos", notAVideo), 352, "format that we don't support");
		graphError(form("/v26.0/" + PAGE + "/videos", "upload_phase", "transfer", "upload_session_id", "123",
				"start_offset", "0"), 100, "Invalid upload_session_id");
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void takesAVideoInOneRequestAsWell() {
		start();
		byte[] video = MediaSamples.quickTime(3000);
		MultipartBodyBuilder single = new MultipartBodyBuilder();
		single.part("source", new ByteArrayResource(video)).filename("clip.mov");
		single.part("description", "In one go");
		single.part("access_token", this.token);
		String id = ok(multipart("/v26.0/" + PAGE + "/videos", single)).path("id").asString();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(id);
			assertThat(post.media())
				.containsExactly(new ReceivedMedia("video/quicktime", video.length, MediaSamples.sha256(video)));
		});
	}

	@Test
	void takesAVideoThroughTheResumableUploadApiAndPublishesItByItsHandle() {
		start();
		byte[] video = MediaSamples.mp4(4000);
		String userToken = this.tokens.issue(Platform.FACEBOOK, "555", null);
		String session = ok(this.client.post()
			.uri("/v26.0/{app}/uploads?file_name=clip.mp4&file_length=4000&file_type=video/mp4&access_token={token}",
					"424242", userToken)
			.exchange()).path("id").asString();
		assertThat(session).startsWith("upload:");
		String handle = ok(resume(session, userToken, 0, Arrays.copyOfRange(video, 0, 1500))).path("h").asString();
		assertThat(ok(this.client.get()
			.uri("/v26.0/" + session)
			.header(HttpHeaders.AUTHORIZATION, "OAuth " + userToken)
			.exchange()).path("file_offset").asLong()).isEqualTo(1500);
		graphError(resume(session, userToken, 0, Arrays.copyOfRange(video, 0, 1500)), 100, "file_offset must be 1500");
		graphError(form("/v26.0/" + PAGE + "/videos", "fbuploader_video_file_chunk", handle), 100,
				"not the handle of a completed upload");
		ok(resume(session, userToken, 1500, Arrays.copyOfRange(video, 1500, 4000)));
		String id = ok(form("/v26.0/" + PAGE + "/videos", "fbuploader_video_file_chunk", handle, "title", "Resumed",
				"description", "Resumed https://home.example.org/r"))
			.path("id")
			.asString();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(id);
			assertThat(post.title()).isEqualTo("Resumed");
			assertThat(post.media()).containsExactly(new ReceivedMedia("video/mp4", 4000, MediaSamples.sha256(video)));
		});
		graphError(this.client.post()
			.uri("/v26.0/{app}/uploads?file_name=a.exe&file_length=10&file_type=application/x-msdownload&access_token={token}",
					"424242", userToken)
			.exchange(), 100, "file_type must be one of");
	}

	@Test
	void keepsHalfOfAResumableUploadsBytesWhenTheConnectionDropsDuringTheUpload() {
		start();
		byte[] video = MediaSamples.mp4(4000);
		String userToken = this.tokens.issue(Platform.FACEBOOK, "555", null);
		String session = ok(this.client.post()
			.uri("/v26.0/{app}/uploads?file_name=clip.mp4&file_length=4000&file_type=video/mp4&access_token={token}",
					"424242", userToken)
			.exchange()).path("id").asString();
		this.emulator.faults().inject(Fault.DROP_DURING_UPLOAD, 1);
		assertThatException().isThrownBy(() -> resume(session, userToken, 0, Arrays.copyOfRange(video, 0, 2000)))
			// closed while the client may still be writing: a premature close or a reset
			.withRootCauseInstanceOf(IOException.class);
		long offset = ok(this.client.get()
			.uri("/v26.0/" + session)
			.header(HttpHeaders.AUTHORIZATION, "OAuth " + userToken)
			.exchange()).path("file_offset").asLong();
		assertThat(offset).isEqualTo(1000);
		String handle = ok(resume(session, userToken, offset, Arrays.copyOfRange(video, 1000, 4000))).path("h")
			.asString();
		ok(form("/v26.0/" + PAGE + "/videos", "fbuploader_video_file_chunk", handle, "description", "Resumed"));
		assertThat(this.emulator.received().get(0).media().get(0).sha256()).isEqualTo(MediaSamples.sha256(video));
	}

	private WebTestClient.ResponseSpec resume(String session, String userToken, long offset, byte[] bytes) {
		return this.client.post()
			.uri("/v26.0/" + session)
			.header(HttpHeaders.AUTHORIZATION, "OAuth " + userToken)
			.header("file_offset", String.valueOf(offset))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange();
	}

	@Test
	void checksTheTokenOnMediaRequests() {
		start();
		MultipartBodyBuilder forged = new MultipartBodyBuilder();
		forged.part("source", new ByteArrayResource(MediaSamples.image("png", 10))).filename("p.png");
		forged.part("access_token", this.token + "x");
		graphError(multipart("/v26.0/" + PAGE + "/photos", forged), 190, "Invalid OAuth access token");
		MultiValueMap<String, String> otherPage = new LinkedMultiValueMap<>();
		otherPage.add("upload_phase", "start");
		otherPage.add("file_size", "5000");
		otherPage.add("access_token", this.tokens.issue(Platform.FACEBOOK, "2000002", null));
		this.client.post()
			.uri("/v26.0/" + PAGE + "/videos")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(otherPage))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(200);
	}

	@Test
	void letsMediaRequestsTakePartInTheFaultQueue() {
		start();
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		multipart("/v26.0/" + PAGE + "/photos", photo("source", MediaSamples.image("png", 11))).expectStatus()
			.is5xxServerError()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo(2);
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		multipart("/v26.0/" + PAGE + "/photos", photo("source", MediaSamples.image("png", 12), "message", "Kept"))
			.expectStatus()
			.is5xxServerError()
			.expectBody();
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		graphError(form("/v26.0/" + PAGE + "/videos", "upload_phase", "start", "file_size", "5000"), 190,
				"Session has expired");
		assertThat(this.emulator.received()).extracting(ReceivedPost::text).containsExactly("Kept");
	}

	@Test
	void readsFeedParametersFromAMultipartBody() {
		start();
		MultipartBodyBuilder feed = new MultipartBodyBuilder();
		feed.part("message", "Sent as multipart");
		feed.part("link", "https://home.example.org/m");
		feed.part("access_token", this.token);
		ok(multipart("/v26.0/" + PAGE + "/feed", feed));
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.link()).isEqualTo("https://home.example.org/m"));
	}

	@Test
	void forgetsPhotosAndUploadSessionsOnReset() {
		start();
		String photo = ok(multipart("/v26.0/" + PAGE + "/photos",
				photo("source", MediaSamples.image("png", 13), "published", "false")))
			.path("id")
			.asString();
		this.emulator.reset();
		graphError(get(photo), 100, "does not exist");
	}

}
