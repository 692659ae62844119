package org.hubben.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.twitter.twittertext.TwitterTextParser;
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
 * A long article composed once as HTML, with a title too long for YouTube and angle
 * brackets YouTube refuses, goes out on all four platforms' emulators: each platform's
 * derived variant fits the rules the emulator enforces as the platform does.
 */
@HubbenIntegrationTest
class DerivedVariantsPublishIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Test
	@SuppressWarnings("unchecked")
	void aLongHtmlArticleFitsEveryPlatformWithoutAnyoneCountingCharacters() throws InterruptedException {
		WebTestClient api = TestClients.admin(this.port);
		PublishingFlow flow = new PublishingFlow(api, this.emulators);
		String photoId = upload(api, SampleUploads.image("jpeg", 7), "skolgard.jpg", MediaType.IMAGE_JPEG);
		String videoId = upload(api, SampleUploads.mp4(300_000), "skolgard.mp4", MediaType.parseMediaType("video/mp4"));
		String marker = "Artikel" + UUID.randomUUID().toString().substring(0, 8);
		StringBuilder html = new StringBuilder("<h2>" + marker + " &lt;3 skolan</h2>");
		for (int i = 0; i < 40; i++) {
			html.append("<p>Stycke ")
				.append(i)
				.append(": Från måndag öppnar alla skolor i Malmö igen, och här är vad som ändras för elever, ")
				.append("föräldrar och lärare när terminen börjar på riktigt. <b>Viktigt</b> att veta.</p>");
		}
		html.append("<ul><li>#Skolval</li><li>#Malmö</li></ul>");
		String title = "Skolorna öppnar <igen> på måndag: allt som föräldrar, elever och lärare i Malmö behöver veta "
				+ "inför den nya terminen";
		Map<String, Object> post = api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", title, "html", html.toString(), "link", "https://example.org/skolstart",
					"mediaIds", List.of(photoId, videoId)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) post.get("variants");
		assertThat(variants.values()).allSatisfy((variant) -> assertThat(variant.get("problems")).isEqualTo(List.of()));
		assertThat(variants.get("x")).containsEntry("shortened", true);
		assertThat(variants.get("youtube")).containsEntry("shortened", true);
		assertThat(variants.get("facebook")).containsEntry("shortened", false);

		List<UUID> channels = new ArrayList<>();
		for (Platform platform : Platform.values()) {
			channels.add(flow.channelIds(platform).get(0));
		}
		Map<String, Object> publication = flow.schedule(post.get("id"), channels, null);
		Map<String, Object> finished = flow.awaitFinished(publication.get("id"), Duration.ofSeconds(60));
		assertThat((List<Map<String, Object>>) finished.get("deliveries"))
			.allSatisfy((delivery) -> assertThat(delivery.get("state"))
				.as("%s: %s", delivery.get("platform"), delivery.get("error"))
				.isEqualTo("SENT"));

		ReceivedPost x = received(flow, Platform.X, marker);
		assertThat(TwitterTextParser.parseTweet(x.text()).weightedLength).isLessThanOrEqualTo(280);
		assertThat(x.text()).contains("…").contains("example.org/skolstart");
		ReceivedPost youtube = received(flow, Platform.YOUTUBE, marker);
		assertThat(youtube.title().codePointCount(0, youtube.title().length())).isLessThanOrEqualTo(100);
		assertThat(youtube.title()).startsWith("Skolorna öppnar ‹igen› på måndag").endsWith("…");
		assertThat(youtube.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(5000);
		assertThat(youtube.text()).doesNotContain("<", ">").contains("‹3 skolan").contains("utm_source=youtube");
		ReceivedPost flickr = received(flow, Platform.FLICKR, marker);
		assertThat(flickr.tags()).containsExactly("Skolval", "Malmö");
		assertThat(flickr.text()).contains("• #Skolval\n• #Malmö");
		ReceivedPost facebook = received(flow, Platform.FACEBOOK, marker);
		assertThat(facebook.text()).startsWith(marker + " <3 skolan\n\nStycke 0: Från måndag").doesNotContain("…");
	}

	private static ReceivedPost received(PublishingFlow flow, Platform platform, String marker) {
		List<ReceivedPost> received = flow.received(platform, marker);
		assertThat(received).as(platform.displayName()).hasSize(1);
		return received.get(0);
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
