package org.hubben.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.publishing.PublishingFlow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint answers bad input with a 4xx problem JSON that says what to fix, and
 * stores nothing.
 */
@HubbenIntegrationTest
class ApiBadInputIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	WebTestClient api;

	PublishingFlow flow;

	@BeforeEach
	void clients() {
		this.api = TestClients.admin(this.port);
		this.flow = new PublishingFlow(this.api, this.emulators);
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

	private WebTestClient.ResponseSpec composeRaw(String json) {
		return this.api.post().uri("/api/posts").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
	}

	private WebTestClient.ResponseSpec scheduleRaw(Object postId, Object body) {
		return this.api.post().uri("/api/posts/{id}/publications", postId).bodyValue(body).exchange();
	}

	private Object aPost() {
		return this.flow.compose("A post", "Text " + UUID.randomUUID(), null).get("id");
	}

	@Test
	void composeRefusesMalformedJson() {
		problem(composeRaw("{\"title\": "), 400);
	}

	@Test
	void composeRefusesAnotherContentType() {
		problem(this.api.post().uri("/api/posts").contentType(MediaType.TEXT_PLAIN).bodyValue("title=x").exchange(),
				415);
	}

	@Test
	void composeNamesEachMissingField() {
		problem(composeRaw("{}"), 400).jsonPath("$.errors.title")
			.isEqualTo("A title is required")
			.jsonPath("$.errors.text")
			.isEqualTo("A text is required");
	}

	@Test
	void composeRefusesALinkThatIsNotHttp() {
		problem(composeRaw("{\"title\":\"t\",\"text\":\"x\",\"link\":\"javascript:alert(1)\"}"), 400)
			.jsonPath("$.errors.link")
			.isEqualTo("A link must start with http:// or https://");
	}

	@Test
	void composeRefusesAnUnknownPlatformVariant() {
		problem(composeRaw("{\"title\":\"t\",\"text\":\"x\",\"variants\":{\"myspace\":{\"text\":\"hi\"}}}"), 400)
			.jsonPath("$.errors['variants.myspace']")
			.value((message) -> assertThat((String) message).contains("not a platform"));
	}

	@Test
	void composeRefusesATitleThatIsTooLong() {
		problem(composeRaw("{\"title\":\"" + "t".repeat(301) + "\",\"text\":\"x\"}"), 400).jsonPath("$.errors.title")
			.isEqualTo("A title has at most 300 characters");
	}

	@Test
	void composeReportsAVariantOverThePlatformLimitAndSchedulingItIsRefused() {
		// Hubben shortens a derived text to fit; a text a person wrote for X stays as
		// written.
		String text = "å".repeat(300);
		Map<?, ?> post = this.api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Long", "text", text, "variants", Map.of("x", Map.of("text", text))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<?, ?> x = (Map<?, ?>) ((Map<?, ?>) post.get("variants")).get("x");
		assertThat((Integer) x.get("length")).isGreaterThan(280);
		assertThat(x.get("limit")).isEqualTo(280);
		assertThat((List<?>) x.get("problems")).singleElement().asString().contains("X allows 280 characters");
		Map<?, ?> facebook = (Map<?, ?>) ((Map<?, ?>) post.get("variants")).get("facebook");
		assertThat((List<?>) facebook.get("problems")).isEmpty();
		problem(scheduleRaw(post.get("id"), Map.of("channelIds", this.flow.channelIds(Platform.X))), 400)
			.jsonPath("$.errors.channelIds")
			.value((message) -> assertThat((String) message).contains("too many"));
	}

	@Test
	void readingAnUnknownPostIsNotFound() {
		problem(this.api.get().uri("/api/posts/{id}", UUID.randomUUID()).exchange(), 404);
	}

	@Test
	void readingAPostByAMalformedIdIsABadRequest() {
		problem(this.api.get().uri("/api/posts/not-a-uuid").exchange(), 400);
	}

	@Test
	void schedulingRefusesNoChannels() {
		problem(scheduleRaw(aPost(), Map.of("channelIds", List.of())), 400).jsonPath("$.errors.channelIds")
			.isEqualTo("Choose at least one channel");
	}

	@Test
	void schedulingRefusesAnUnknownChannel() {
		problem(scheduleRaw(aPost(), Map.of("channelIds", List.of(UUID.randomUUID()))), 400)
			.jsonPath("$.errors.channelIds")
			.value((message) -> assertThat((String) message).contains("does not exist"));
	}

	@Test
	void schedulingRefusesTheSameChannelTwice() {
		UUID x = this.flow.channelIds(Platform.X).get(0);
		problem(scheduleRaw(aPost(), Map.of("channelIds", List.of(x, x))), 400).jsonPath("$.errors.channelIds")
			.isEqualTo("Each channel may be chosen once");
	}

	@Test
	void schedulingRefusesATimeThatHasPassed() {
		problem(scheduleRaw(aPost(),
				Map.of("channelIds", this.flow.channelIds(Platform.X), "at",
						Instant.now().minusSeconds(3600).toString())),
				400)
			.jsonPath("$.errors.at")
			.value((message) -> assertThat((String) message).contains("has passed"));
	}

	@Test
	void schedulingRefusesAnUnknownZone() {
		problem(scheduleRaw(aPost(), Map.of("channelIds", this.flow.channelIds(Platform.X), "zone", "Mars/Olympus")),
				400)
			.jsonPath("$.errors.zone")
			.value((message) -> assertThat((String) message).contains("not a time zone"));
	}

	@Test
	void schedulingRefusesAnUnreadableTime() {
		problem(scheduleRaw(aPost(), Map.of("channelIds", this.flow.channelIds(Platform.X), "at", "tomorrow")), 400)
			.jsonPath("$.errors.at")
			.value((message) -> assertThat((String) message).contains("not an ISO-8601 time"));
	}

	@Test
	void schedulingRefusesAWallClockTimeThatDaylightSavingSkips() {
		problem(scheduleRaw(aPost(),
				Map.of("channelIds", this.flow.channelIds(Platform.X), "at", "2027-03-28T02:30:00", "zone",
						"Europe/Stockholm")),
				400)
			.jsonPath("$.errors.at")
			.value((message) -> assertThat((String) message).contains("does not exist")
				.contains("clocks go forward from 02:00 to 03:00"));
	}

	@Test
	void schedulingRefusesAWallClockTimeThatHappensTwice() {
		problem(scheduleRaw(aPost(),
				Map.of("channelIds", this.flow.channelIds(Platform.X), "at", "2027-10-31T02:30:00", "zone",
						"Europe/Stockholm")),
				400)
			.jsonPath("$.errors.at")
			.value((message) -> assertThat((String) message).contains("happens twice").contains("+02:00"));
	}

	@Test
	void schedulingAcceptsAWallClockTimeInAZone() {
		Map<?, ?> publication = this.api.post()
			.uri("/api/posts/{id}/publications", aPost())
			.bodyValue(Map.of("channelIds", this.flow.channelIds(Platform.FACEBOOK), "at", "2030-06-01T09:00:00",
					"zone", "Europe/Stockholm"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(publication.get("dueAt")).isEqualTo("2030-06-01T07:00:00Z");
		assertThat(publication.get("zone")).isEqualTo("Europe/Stockholm");
		this.api.delete().uri("/api/publications/{id}", publication.get("id")).exchange().expectStatus().isOk();
	}

	@Test
	void schedulingAnUnknownPostIsNotFound() {
		problem(scheduleRaw(UUID.randomUUID(), Map.of("channelIds", this.flow.channelIds(Platform.X))), 404);
	}

	@Test
	void schedulingRefusesMalformedJson() {
		problem(this.api.post()
			.uri("/api/posts/{id}/publications", aPost())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"channelIds\": [\"not-a-uuid\"]}")
			.exchange(), 400);
	}

	@Test
	void readingAnUnknownPublicationIsNotFound() {
		problem(this.api.get().uri("/api/publications/{id}", UUID.randomUUID()).exchange(), 404);
	}

	@Test
	void cancellingAnUnknownPublicationIsNotFound() {
		problem(this.api.delete().uri("/api/publications/{id}", UUID.randomUUID()).exchange(), 404);
	}

}
