package org.hubben.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.publishing.PublishingFlow;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise of the product in one test: a post with a photo and a video, composed once
 * through the API, goes out on Facebook, YouTube, X and Flickr, each platform's emulator
 * receiving the media that platform takes (byte for byte) and the link back tagged for
 * it.
 */
@HubbenIntegrationTest
class PublishEverywhereIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Test
	@SuppressWarnings("unchecked")
	void aPostWithAPhotoAndAVideoReachesAllFourPlatformsWithTheRightMediaAndTheLinkBack() throws InterruptedException {
		WebTestClient api = TestClients.admin(this.port);
		PublishingFlow flow = new PublishingFlow(api, this.emulators);
		byte[] photo = SampleUploads.image("jpeg", 42);
		byte[] video = SampleUploads.mp4(300_000);
		String photoId = upload(api, photo, "valdag.jpg", MediaType.IMAGE_JPEG);
		String videoId = upload(api, video, "valdag.mp4", MediaType.parseMediaType("video/mp4"));
		String marker = "Everywhere " + UUID.randomUUID();

		Map<String, Object> post = api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Valdagen", "text", marker + " #Valdag", "link", "https://example.org/valdag",
					"mediaIds", List.of(photoId, videoId)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) post.get("variants");
		for (Platform platform : Platform.values()) {
			assertThat(variants.get(platform.id()).get("media")).as("what %s receives", platform)
				.isEqualTo(List.of((platform == Platform.YOUTUBE) ? videoId : photoId));
		}
		List<UUID> channels = new ArrayList<>();
		for (Platform platform : Platform.values()) {
			List<UUID> ofPlatform = flow.channelIds(platform);
			assertThat(ofPlatform).as("the demo organisation has a %s channel", platform).isNotEmpty();
			channels.add(ofPlatform.get(0));
		}
		Map<String, Object> publication = flow.schedule(post.get("id"), channels, null);
		Map<String, Object> finished = flow.awaitFinished(publication.get("id"), Duration.ofSeconds(60));

		assertThat((List<Map<String, Object>>) finished.get("deliveries")).as("every delivery, with its error if any")
			.allSatisfy((delivery) -> assertThat(delivery.get("state"))
				.as("%s: %s", delivery.get("platform"), delivery.get("error"))
				.isEqualTo("SENT"));
		for (Platform platform : Platform.values()) {
			byte[] expected = (platform == Platform.YOUTUBE) ? video : photo;
			assertThat(flow.received(platform, marker)).as(platform.displayName()).singleElement().satisfies((got) -> {
				assertThat(got.link()).contains("example.org/valdag").contains("utm_source=" + platform.id());
				assertThat(got.media()).extracting(ReceivedPost.ReceivedMedia::sha256)
					.as("%s receives the %s", platform, (platform == Platform.YOUTUBE) ? "video" : "photo")
					.containsExactly(SampleUploads.sha256(expected));
			});
		}

		// The home site shows the photo once the post is out; the video and uploads no
		// published post carries stay private.
		WebTestClient visitor = TestClients.anonymous(this.port);
		visitor.get()
			.uri("/p/{slug}", post.get("slug"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("src=\"/m/" + photoId + "\""));
		byte[] served = visitor.get()
			.uri("/m/{id}", photoId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(served).isEqualTo(photo);
		String unpublished = upload(api, SampleUploads.image("png", 43), "draft.png", MediaType.IMAGE_PNG);
		for (String notPublic : List.of(videoId, unpublished)) {
			visitor.get().uri("/m/{id}", notPublic).exchange().expectStatus().isNotFound();
		}
	}

	private static String upload(WebTestClient api, byte[] bytes, String filename, MediaType contentType) {
		Map<?, ?> media = api.post()
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

}
