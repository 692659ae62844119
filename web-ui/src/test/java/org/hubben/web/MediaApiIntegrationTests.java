package org.hubben.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.media.MediaFile;
import org.hubben.media.MediaProperties;
import org.hubben.media.MediaStore;
import org.hubben.organisation.Organisations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/media} over real HTTP: what is stored, what comes back, and every way an
 * upload is refused, each leaving no file behind.
 */
@HubbenIntegrationTest
class MediaApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MediaStore mediaStore;

	@Autowired
	MediaProperties mediaProperties;

	@Autowired
	Organisations organisations;

	WebTestClient api;

	@BeforeEach
	void client() {
		this.api = TestClients.admin(this.port);
	}

	private WebTestClient.ResponseSpec upload(byte[] bytes, String filename, MediaType contentType) {
		return this.api.post()
			.uri("/api/media")
			.body(BodyInserters.fromMultipartData(SampleUploads.filePart("file", bytes, filename, contentType)))
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> stored(byte[] bytes, String filename, MediaType contentType) {
		return upload(bytes, filename, contentType).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.detail")
			.isNotEmpty();
	}

	private Path incoming() {
		return this.mediaProperties.directory().resolve(".incoming");
	}

	private List<Path> partialFiles() throws IOException {
		if (!Files.isDirectory(incoming())) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(incoming())) {
			return files.toList();
		}
	}

	@Test
	void storesAnImageAndServesItBackByteForByte() {
		byte[] jpeg = SampleUploads.jpeg();
		EntityExchangeResult<Map> created = upload(jpeg, "Skolval i Malmö.jpg", MediaType.IMAGE_JPEG).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult();
		@SuppressWarnings("unchecked")
		Map<String, Object> media = created.getResponseBody();
		assertThat(created.getResponseHeaders().getLocation()).hasPath("/api/media/" + media.get("id"));
		assertThat(media).containsEntry("kind", "image")
			.containsEntry("contentType", "image/jpeg")
			.containsEntry("size", jpeg.length)
			.containsEntry("filename", "Skolval i Malmö.jpg")
			.containsEntry("sha256", SampleUploads.sha256(jpeg));
		this.api.get()
			.uri("/api/media/{id}", media.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.isEqualTo(media);
		EntityExchangeResult<byte[]> content = this.api.get()
			.uri("/api/media/{id}/content", media.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.IMAGE_JPEG)
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(byte[].class)
			.returnResult();
		assertThat(SampleUploads.sha256(content.getResponseBody())).isEqualTo(media.get("sha256"));
		assertThat(content.getResponseHeaders().getContentDisposition().getFilename()).isEqualTo("Skolval i Malmö.jpg");
	}

	@Test
	void storesAVideoAsAVideo() {
		byte[] mp4 = SampleUploads.mp4(50_000);
		assertThat(stored(mp4, "film.mp4", MediaType.parseMediaType("video/mp4"))).containsEntry("kind", "video")
			.containsEntry("contentType", "video/mp4")
			.containsEntry("size", mp4.length);
	}

	@Test
	void typesAFileByItsBytesNeverByWhatTheClientSays() {
		assertThat(stored(SampleUploads.jpeg(), "clip.mp4", MediaType.parseMediaType("video/mp4")))
			.containsEntry("kind", "image")
			.containsEntry("contentType", "image/jpeg")
			.containsEntry("filename", "clip.mp4");
	}

	@Test
	void sanitisesTheNameItWasUploadedUnder() {
		assertThat(stored(SampleUploads.jpeg(), "../../etc/\"evil\";.jpg", MediaType.IMAGE_JPEG))
			.containsEntry("filename", "_evil__.jpg");
	}

	@Test
	@SuppressWarnings("unchecked")
	void refusesATextFileNamedLikeAPhotoSayingWhatHubbenTakes() throws IOException {
		byte[] text = "Dear diary, this is not a photo.\n".repeat(10).getBytes(StandardCharsets.UTF_8);
		problem(upload(text, "notes.jpg", MediaType.IMAGE_JPEG), 415).jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("Hubben cannot tell what this file is")
				.contains("JPEG")
				.contains("MP4"))
			.jsonPath("$.accepted")
			.value((accepted) -> assertThat((List<String>) accepted).contains("image/jpeg", "video/mp4", "video/webm"));
		assertThat(partialFiles()).isEmpty();
	}

	@Test
	void refusesAnEmptyFile() throws IOException {
		problem(upload(new byte[0], "empty.jpg", MediaType.IMAGE_JPEG), 400).jsonPath("$.errors.file")
			.isEqualTo("The file is empty");
		assertThat(partialFiles()).isEmpty();
	}

	@Test
	void refusesAFileOverTheLimitWith413() throws IOException {
		byte[] video = SampleUploads.mp4(1024 * 1024);
		problem(upload(video, "long.mp4", MediaType.parseMediaType("video/mp4")), 413).jsonPath("$.detail")
			.isEqualTo("The file is larger than the 1 MB Hubben takes");
		assertThat(partialFiles()).isEmpty();
	}

	@Test
	void refusesARequestWithoutAFilePart() {
		MultipartBodyBuilder builder = new MultipartBodyBuilder();
		builder.part("file", "not a file, a form field");
		builder.part("title", "A title");
		problem(this.api.post().uri("/api/media").body(BodyInserters.fromMultipartData(builder.build())).exchange(),
				400)
			.jsonPath("$.errors.file")
			.value((message) -> assertThat((String) message).contains("part named 'file'"));
	}

	@Test
	void refusesAFormFieldOverTheInMemoryLimitWith413() {
		MultipartBodyBuilder builder = new MultipartBodyBuilder();
		builder.part("caption", "x".repeat(300 * 1024));
		builder.part("file", SampleUploads.jpeg()).filename("photo.jpg").contentType(MediaType.IMAGE_JPEG);
		// The server answers before it has read the request and closes the connection;
		// the
		// client opens a connection per request, so no other request is handed the dead
		// one.
		problem(TestClients.admin(this.port)
			.post()
			.uri("/api/media")
			.body(BodyInserters.fromMultipartData(builder.build()))
			.exchange(), 413).jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("The request is too large"));
	}

	@Test
	void refusesAFormOfTooManyPartsWithAProblem() {
		MultipartBodyBuilder builder = new MultipartBodyBuilder();
		for (int i = 0; i < 70; i++) {
			builder.part("field" + i, "value");
		}
		problem(this.api.post().uri("/api/media").body(BodyInserters.fromMultipartData(builder.build())).exchange(),
				400);
	}

	@Test
	void refusesABodyThatIsNotMultipart() {
		problem(this.api.post()
			.uri("/api/media")
			.contentType(MediaType.IMAGE_JPEG)
			.bodyValue(SampleUploads.jpeg())
			.exchange(), 415);
	}

	@Test
	void storesTheFirstFilePartAndReadsPastTheOthers() {
		MultipartBodyBuilder builder = new MultipartBodyBuilder();
		builder.part("caption", "Read and dropped");
		builder.part("file", SampleUploads.image("png", 3)).filename("first.png").contentType(MediaType.IMAGE_PNG);
		builder.part("file", SampleUploads.jpeg()).filename("second.jpg").contentType(MediaType.IMAGE_JPEG);
		this.api.post()
			.uri("/api/media")
			.body(BodyInserters.fromMultipartData(builder.build()))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.filename")
			.isEqualTo("first.png")
			.jsonPath("$.contentType")
			.isEqualTo("image/png");
	}

	@Test
	void anUnknownMediumIsNotFound() {
		problem(this.api.get().uri("/api/media/{id}", UUID.randomUUID()).exchange(), 404);
		problem(this.api.get().uri("/api/media/{id}/content", UUID.randomUUID()).exchange(), 404);
	}

	@Test
	void anotherOrganisationsMediumIsNotFound() {
		MediaFile foreign = SampleUploads.storedForARegion(this.mediaStore, this.organisations);
		problem(this.api.get().uri("/api/media/{id}", foreign.id()).exchange(), 404);
		problem(this.api.get().uri("/api/media/{id}/content", foreign.id()).exchange(), 404);
	}

	@Test
	void anUploadCutShortLeavesNoFile() throws Exception {
		String boundary = "cut-" + UUID.randomUUID();
		byte[] partHead = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\""
				+ "\r\nContent-Type: video/mp4\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] sent = SampleUploads.mp4(300_000);
		int declared = partHead.length + 900_000;
		String credentials = Base64.getEncoder()
			.encodeToString((TestClients.ADMIN + ":" + TestClients.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		String request = "POST /api/media HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nAuthorization: Basic "
				+ credentials + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
				+ declared + "\r\n\r\n";
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.write(partHead);
			out.write(sent);
			out.flush();
			assertThat(eventually(() -> sizeOfPartialFiles() > 0)).as("the upload started streaming to disk").isTrue();
			socket.setSoLinger(true, 0);
		}
		assertThat(eventually(() -> sizeOfPartialFiles() == 0 && countPartialFiles() == 0))
			.as("the partial file is deleted")
			.isTrue();
	}

	private long sizeOfPartialFiles() {
		try {
			long total = 0;
			for (Path file : partialFiles()) {
				total += Files.size(file);
			}
			return total;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private int countPartialFiles() {
		try {
			return partialFiles().size();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Polls until the condition holds or ten seconds pass; file deletion runs elsewhere.
	 */
	private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(10);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

}
