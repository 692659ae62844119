package org.hubben.web;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.media.MediaProperties;
import org.hubben.media.MediaStore;
import org.hubben.organisation.Organisations;
import org.hubben.publishing.PublishingFlow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Posts that carry media, through the JSON API: attached in order, checked against each
 * platform's media rules when composed, refused for a channel when scheduled, never when
 * they fire.
 */
@HubbenIntegrationTest
class PostMediaIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	MediaStore mediaStore;

	@Autowired
	MediaProperties mediaProperties;

	@Autowired
	Organisations organisations;

	WebTestClient api;

	PublishingFlow flow;

	@BeforeEach
	void clients() {
		this.api = TestClients.admin(this.port);
		this.flow = new PublishingFlow(this.api, this.emulators);
	}

	private String upload(byte[] bytes, String filename, MediaType contentType) {
		Map<?, ?> media = this.api.post()
			.uri("/api/media")
			.body(BodyInserters.fromMultipartData(SampleUploads.filePart("file", bytes, filename, contentType)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) media.get("id");
	}

	private String image(int seed) {
		return upload(SampleUploads.image("png", seed), "image-" + seed + ".png", MediaType.IMAGE_PNG);
	}

	private WebTestClient.ResponseSpec compose(String text, List<?> mediaIds) {
		return this.api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "With media", "text", text, "mediaIds", mediaIds))
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> composed(String text, List<?> mediaIds) {
		return compose(text, mediaIds).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> variant(Map<String, Object> post, Platform platform) {
		return (Map<String, Object>) ((Map<String, Object>) post.get("variants")).get(platform.id());
	}

	private WebTestClient.ResponseSpec schedule(Object postId, List<UUID> channelIds, Instant at) {
		Map<String, Object> body = (at != null) ? Map.of("channelIds", channelIds, "at", at.toString())
				: Map.of("channelIds", channelIds);
		return this.api.post().uri("/api/posts/{id}/publications", postId).bodyValue(body).exchange();
	}

	@Test
	@SuppressWarnings("unchecked")
	void carriesItsMediaInOrderAndTagsFromItsHashtags() {
		String png = image(1);
		String video = upload(SampleUploads.mp4(10_000), "film.mp4", MediaType.parseMediaType("video/mp4"));
		String jpeg = upload(SampleUploads.jpeg(), "photo.jpg", MediaType.IMAGE_JPEG);
		Map<String, Object> post = composed("Skolval i kväll #Skolval #Malmö", List.of(jpeg, png));
		List<Map<String, Object>> media = (List<Map<String, Object>>) post.get("media");
		assertThat(media).extracting((item) -> item.get("id")).containsExactly(jpeg, png);
		assertThat(media.get(0)).containsEntry("kind", "image")
			.containsEntry("contentType", "image/jpeg")
			.containsEntry("filename", "photo.jpg");
		assertThat(variant(post, Platform.X)).containsEntry("tags", List.of("Skolval", "Malmö"))
			.containsEntry("problems", List.of());
		assertThat(variant(post, Platform.FACEBOOK)).containsEntry("tags", List.of("Skolval", "Malmö"))
			.containsEntry("problems", List.of());
		Map<?, ?> read = this.api.get()
			.uri("/api/posts/{id}", post.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(read.get("media")).isEqualTo(post.get("media"));
		assertThat(video).isNotEqualTo(jpeg);
	}

	@Test
	void refusesAnUnknownMedium() {
		UUID unknown = UUID.randomUUID();
		compose("Text", List.of(image(2), unknown.toString())).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.mediaIds")
			.value((message) -> assertThat((String) message).startsWith("There is no medium " + unknown));
	}

	@Test
	void refusesAnotherOrganisationsMediumAsIfItDidNotExist() {
		UUID foreign = SampleUploads.storedForARegion(this.mediaStore, this.organisations).id();
		compose("Text", List.of(foreign.toString())).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.mediaIds")
			.value((message) -> assertThat((String) message).startsWith("There is no medium " + foreign));
	}

	@Test
	void refusesTheSameMediumTwice() {
		String png = image(3);
		compose("Text", List.of(png, png)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.mediaIds")
			.isEqualTo("Each medium may be attached once");
	}

	@Test
	void refusesMoreThanTwentyMedia() {
		List<String> many = java.util.stream.IntStream.range(0, 21)
			.mapToObj((i) -> UUID.randomUUID().toString())
			.toList();
		compose("Text", many).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.mediaIds")
			.isEqualTo("A post carries at most 20 images and videos");
	}

	@Test
	void schedulingAPostWithoutAVideoOnYouTubeIsRefusedWithTheReason() {
		List<UUID> youtube = this.flow.channelIds(Platform.YOUTUBE);
		Assumptions.assumeFalse(youtube.isEmpty(), "no YouTube connector, so no demo YouTube channel, on this build");
		Map<String, Object> post = composed("A text, no video", List.of(image(4)));
		assertThat((List<Object>) variant(post, Platform.YOUTUBE).get("problems"))
			.contains("YouTube needs a video: attach one, or leave YouTube out");
		schedule(post.get("id"), youtube, null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.channelIds")
			.value((message) -> assertThat((String) message)
				.contains("YouTube needs a video: attach one, or leave YouTube out"));
	}

	@Test
	void schedulingFiveImagesOnXIsRefusedWithTheReasonButFacebookTakesThem() {
		List<String> five = List.of(image(10), image(11), image(12), image(13), image(14));
		Map<String, Object> post = composed("Five pictures", five);
		assertThat((List<Object>) variant(post, Platform.X).get("problems"))
			.containsExactly("X takes at most 4 images in one post; this one has 5");
		assertThat((List<Object>) variant(post, Platform.FACEBOOK).get("problems")).isEmpty();
		schedule(post.get("id"), this.flow.channelIds(Platform.X), null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.channelIds")
			.value((message) -> assertThat((String) message)
				.contains("X takes at most 4 images in one post; this one has 5"));
		Map<?, ?> publication = schedule(post.get("id"), this.flow.channelIds(Platform.FACEBOOK),
				Instant.now().plus(Duration.ofDays(3)))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		this.api.delete().uri("/api/publications/{id}", publication.get("id")).exchange().expectStatus().isOk();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aPostWithAnImageIsAcceptedForXAndFacebookAndGoesOut() throws InterruptedException {
		String marker = "Image post " + UUID.randomUUID();
		Map<String, Object> post = composed(marker,
				List.of(upload(SampleUploads.jpeg(), "x.jpg", MediaType.IMAGE_JPEG)));
		Map<String, Object> publication = this.flow.schedule(post.get("id"),
				this.flow.channelIds(Platform.X, Platform.FACEBOOK), null);
		Map<String, Object> finished = this.flow.awaitFinished(publication.get("id"), Duration.ofSeconds(15));
		assertThat((List<Map<String, Object>>) finished.get("deliveries")).extracting((d) -> d.get("state"))
			.containsExactly("SENT", "SENT");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aDeliveryWhoseFileIsGoneFailsWithAReasonAndSendsNothing() throws Exception {
		String marker = "Missing file " + UUID.randomUUID();
		String id = upload(SampleUploads.jpeg(), "gone.jpg", MediaType.IMAGE_JPEG);
		Map<String, Object> post = composed(marker, List.of(id));
		UUID centre = this.organisations.findAll()
			.filter((organisation) -> organisation.parentId() == null)
			.next()
			.blockOptional()
			.orElseThrow()
			.id();
		Files.delete(this.mediaStore
			.pathOf(this.mediaStore.find(UUID.fromString(id), centre).blockOptional().orElseThrow()));
		Map<String, Object> publication = this.flow.schedule(post.get("id"), this.flow.channelIds(Platform.X), null);
		Map<String, Object> finished = this.flow.awaitFinished(publication.get("id"), Duration.ofSeconds(15));
		Map<String, Object> delivery = ((List<Map<String, Object>>) finished.get("deliveries")).get(0);
		assertThat(delivery.get("state")).isEqualTo("FAILED");
		assertThat((String) delivery.get("error")).contains("gone.jpg is missing from the media directory")
			.contains("Nothing was sent");
		assertThat(this.flow.received(Platform.X, marker)).isEmpty();
	}

}
