package org.hubben.publishing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.ReceivedPost;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path through the JSON API, as a client uses it: compose, schedule, wait, and
 * look at what the emulators received. Shared by the H2, PostgreSQL and restart tests.
 */
public final class PublishingFlow {

	private final WebTestClient api;

	private final List<Emulator> emulators;

	public PublishingFlow(WebTestClient api, List<Emulator> emulators) {
		this.api = api;
		this.emulators = emulators;
	}

	@SuppressWarnings("unchecked")
	public List<UUID> channelIds(Platform... platforms) {
		List<Map<String, Object>> channels = this.api.get()
			.uri("/api/channels")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		List<String> wanted = java.util.Arrays.stream(platforms).map(Platform::id).toList();
		return channels.stream()
			.filter((channel) -> wanted.contains(channel.get("platform")))
			.map((channel) -> UUID.fromString((String) channel.get("id")))
			.toList();
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> compose(String title, String text, String link) {
		Map<String, Object> body = (link != null) ? Map.of("title", title, "text", text, "link", link)
				: Map.of("title", title, "text", text);
		return this.api.post()
			.uri("/api/posts")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> schedule(Object postId, List<UUID> channelIds, Instant at) {
		Map<String, Object> body = (at != null) ? Map.of("channelIds", channelIds, "at", at.toString())
				: Map.of("channelIds", channelIds);
		return this.api.post()
			.uri("/api/posts/{id}/publications", postId)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> publication(Object id) {
		return this.api.get()
			.uri("/api/publications/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	/** Cancels what has not gone out of a publication. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> cancel(Object id) {
		return this.api.delete()
			.uri("/api/publications/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * Polls until no delivery of the publication is pending or sending, or the time is
	 * up.
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> awaitFinished(Object id, Duration within) throws InterruptedException {
		Instant deadline = Instant.now().plus(within);
		Map<String, Object> publication = publication(id);
		while (Instant.now().isBefore(deadline)) {
			List<Map<String, Object>> deliveries = (List<Map<String, Object>>) publication.get("deliveries");
			if (deliveries.stream()
				.noneMatch((d) -> "PENDING".equals(d.get("state")) || "SENDING".equals(d.get("state")))) {
				return publication;
			}
			Thread.sleep(100);
			publication = publication(id);
		}
		return publication;
	}

	/** What one platform's emulator received that contains the marker. */
	public List<ReceivedPost> received(Platform platform, String marker) {
		return this.emulators.stream()
			.filter((emulator) -> emulator.platform() == platform)
			.flatMap((emulator) -> emulator.received().stream())
			.filter((post) -> post.text() != null && post.text().contains(marker))
			.toList();
	}

	/**
	 * Composes a post, schedules it two seconds ahead on the X and Facebook channels, and
	 * checks that each emulator received it exactly once, not before its time, with its
	 * link back.
	 * @return how late each platform's emulator received it after its due instant
	 */
	@SuppressWarnings("unchecked")
	public Map<Platform, Duration> publishesToXAndFacebookExactlyOnceWithTheLinkBack() throws InterruptedException {
		String marker = "Flow " + UUID.randomUUID();
		Map<String, Object> post = compose("Schools open on Monday", marker + ": read what changes for families.",
				"https://home.example.org/news/schools");
		List<UUID> channels = channelIds(Platform.X, Platform.FACEBOOK);
		assertThat(channels).hasSize(2);
		Instant dueAt = Instant.now().plusSeconds(2);
		Map<String, Object> publication = schedule(post.get("id"), channels, dueAt);
		assertThat((List<Map<String, Object>>) publication.get("deliveries")).extracting((d) -> d.get("state"))
			.containsOnly("PENDING");
		Map<String, Object> finished = awaitFinished(publication.get("id"), Duration.ofSeconds(30));
		List<Map<String, Object>> deliveries = (List<Map<String, Object>>) finished.get("deliveries");
		assertThat(deliveries).hasSize(2).allSatisfy((delivery) -> {
			assertThat(delivery.get("state")).as("state of %s: %s", delivery.get("platform"), delivery.get("error"))
				.isEqualTo("SENT");
			assertThat(delivery.get("remoteId")).isNotNull();
			assertThat(delivery.get("attempts")).isEqualTo(1);
		});
		String slug = (String) post.get("slug");
		ReceivedPost onX = single(received(Platform.X, marker));
		assertThat(onX.text())
			.contains("https://home.example.org/news/schools?utm_source=x&utm_medium=social&utm_campaign=" + slug);
		ReceivedPost onFacebook = single(received(Platform.FACEBOOK, marker));
		assertThat(onFacebook.link()).isEqualTo(
				"https://home.example.org/news/schools?utm_source=facebook&utm_medium=social&utm_campaign=" + slug);
		assertThat(onX.receivedAt()).isAfterOrEqualTo(dueAt);
		assertThat(onFacebook.receivedAt()).isAfterOrEqualTo(dueAt);
		return Map.of(Platform.X, Duration.between(dueAt, onX.receivedAt()), Platform.FACEBOOK,
				Duration.between(dueAt, onFacebook.receivedAt()));
	}

	private static ReceivedPost single(List<ReceivedPost> posts) {
		assertThat(posts).as("received exactly once").hasSize(1);
		return posts.get(0);
	}

}
