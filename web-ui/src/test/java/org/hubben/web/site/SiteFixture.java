package org.hubben.web.site;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.TestClients;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishes posts through the JSON API, as the team does, and waits until their public
 * page exists.
 */
final class SiteFixture {

	/** The central demo organisation's slug. */
	static final String CENTRE = "hubben";

	private final int port;

	SiteFixture(int port) {
		this.port = port;
	}

	WebTestClient visitor() {
		return TestClients.anonymous(this.port);
	}

	/**
	 * Composes a post, publishes it now on the centre's X and Facebook channels, and
	 * waits until its page answers 200.
	 * @return the post as the API returned it
	 */
	@SuppressWarnings("unchecked")
	Map<String, Object> publish(String title, String text, boolean shared) {
		WebTestClient api = TestClients.admin(this.port);
		Map<String, Object> post = api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", title, "text", text, "shared", shared))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> channels = api.get()
			.uri("/api/channels")
			.exchange()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		List<Object> ids = channels.stream()
			.filter((channel) -> List.of("x", "facebook").contains(channel.get("platform"))
					&& channel.get("organisationId").equals(post.get("organisationId")))
			.map((channel) -> channel.get("id"))
			.toList();
		Map<String, Object> publication = api.post()
			.uri("/api/posts/{id}/publications", post.get("id"))
			.bodyValue(Map.of("channelIds", ids))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (!allSent(api, publication.get("id")) && Instant.now().isBefore(deadline)) {
			sleep(Duration.ofMillis(100));
		}
		assertThat(allSent(api, publication.get("id")))
			.as("every delivery sent: %s",
					api.get()
						.uri("/api/publications/{id}", publication.get("id"))
						.exchange()
						.expectBody(String.class)
						.returnResult()
						.getResponseBody())
			.isTrue();
		// One change check later, no node shows the page as it was before the last
		// delivery.
		sleep(Duration.ofMillis(700));
		awaitStatus("/p/" + post.get("slug"), HttpStatus.OK);
		return post;
	}

	@SuppressWarnings("unchecked")
	private static boolean allSent(WebTestClient api, Object publicationId) {
		Map<String, Object> publication = api.get()
			.uri("/api/publications/{id}", publicationId)
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((List<Map<String, Object>>) publication.get("deliveries")).stream()
			.allMatch((delivery) -> "SENT".equals(delivery.get("state")));
	}

	/** Waits, for at most 15 s, until the public path answers with the status. */
	void awaitStatus(String path, HttpStatus status) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		HttpStatus last = null;
		while (Instant.now().isBefore(deadline)) {
			last = HttpStatus
				.valueOf(visitor().get().uri(path).exchange().expectBody().returnResult().getStatus().value());
			if (last == status) {
				return;
			}
			sleep(Duration.ofMillis(200));
		}
		assertThat(last).as("status of %s", path).isEqualTo(status);
	}

	static String unique(String title) {
		// Led by a letter: eight digits alone would read as a figure to check
		// (FactChecklist).
		return title + " m" + UUID.randomUUID().toString().substring(0, 8);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
