package org.hubben.publishing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@HubbenIntegrationTest
class PublishingIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(PublishingIntegrationTests.class);

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	PublishingFlow flow;

	@BeforeEach
	void flow() {
		this.flow = new PublishingFlow(TestClients.admin(this.port), this.emulators);
	}

	@Test
	void publishesAtItsTimeToBothEmulatorsExactlyOnceWithTheLinkBack() throws InterruptedException {
		Map<Platform, Duration> lateness = this.flow.publishesToXAndFacebookExactlyOnceWithTheLinkBack();
		logger.info("Lateness on H2, due instant to emulator: {}", lateness);
	}

	@Test
	@SuppressWarnings("unchecked")
	void publishesNowWhenNoTimeIsGiven() throws InterruptedException {
		String marker = "Now " + UUID.randomUUID();
		Map<String, Object> post = this.flow.compose("Now", marker, null);
		Map<String, Object> publication = this.flow.schedule(post.get("id"), this.flow.channelIds(Platform.X), null);
		Map<String, Object> finished = this.flow.awaitFinished(publication.get("id"), Duration.ofSeconds(20));
		assertThat((List<Map<String, Object>>) finished.get("deliveries")).singleElement()
			.satisfies((delivery) -> assertThat(delivery.get("state")).isEqualTo("SENT"));
		assertThat(this.flow.received(Platform.X, marker)).singleElement()
			.satisfies((received) -> assertThat(received.text())
				.contains("http://localhost:8080/p/" + post.get("slug") + "?utm_source=x&utm_medium=social"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void neverSendsAPublicationCancelledBeforeItsTime() throws InterruptedException {
		String marker = "Cancelled " + UUID.randomUUID();
		Map<String, Object> post = this.flow.compose("Cancelled", marker, null);
		Map<String, Object> publication = this.flow.schedule(post.get("id"),
				this.flow.channelIds(Platform.X, Platform.FACEBOOK), Instant.now().plusSeconds(2));
		Map<String, Object> cancelled = TestClients.admin(this.port)
			.delete()
			.uri("/api/publications/{id}", publication.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((List<Map<String, Object>>) cancelled.get("deliveries")).extracting((d) -> d.get("state"))
			.containsOnly("CANCELLED");
		Thread.sleep(4000);
		assertThat(this.flow.received(Platform.X, marker)).isEmpty();
		assertThat(this.flow.received(Platform.FACEBOOK, marker)).isEmpty();
		assertThat((List<Map<String, Object>>) this.flow.publication(publication.get("id")).get("deliveries"))
			.extracting((d) -> d.get("state"))
			.containsOnly("CANCELLED");
	}

	@Test
	@SuppressWarnings("unchecked")
	void recordsAPlatformRefusalWithAReasonAPersonCanActOn() throws InterruptedException {
		String marker = "Refused " + UUID.randomUUID();
		Map<String, Object> post = this.flow.compose("Refused", marker, null);
		Map<String, Object> first = this.flow.schedule(post.get("id"), this.flow.channelIds(Platform.X), null);
		assertThat((List<Map<String, Object>>) this.flow.awaitFinished(first.get("id"), Duration.ofSeconds(20))
			.get("deliveries")).singleElement()
			.satisfies((delivery) -> assertThat(delivery.get("state")).isEqualTo("SENT"));
		Map<String, Object> again = this.flow.schedule(post.get("id"), this.flow.channelIds(Platform.X), null);
		Map<String, Object> finished = this.flow.awaitFinished(again.get("id"), Duration.ofSeconds(20));
		assertThat((List<Map<String, Object>>) finished.get("deliveries")).singleElement().satisfies((delivery) -> {
			assertThat(delivery.get("state")).isEqualTo("FAILED");
			assertThat((String) delivery.get("error")).isEqualTo("X refused: duplicate content");
			assertThat(delivery.get("attempts")).as("a refusal is not retried").isEqualTo(1);
		});
		assertThat(this.flow.received(Platform.X, marker)).hasSize(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void marksADroppedConnectionAsUnknownWithoutResending() throws InterruptedException {
		Emulator facebook = this.emulators.stream()
			.filter((e) -> e.platform() == Platform.FACEBOOK)
			.findFirst()
			.orElseThrow();
		String marker = "Dropped " + UUID.randomUUID();
		Map<String, Object> post = this.flow.compose("Dropped", marker, null);
		facebook.faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		Map<String, Object> publication = this.flow.schedule(post.get("id"), this.flow.channelIds(Platform.FACEBOOK),
				null);
		Map<String, Object> finished = this.flow.awaitFinished(publication.get("id"), Duration.ofSeconds(20));
		assertThat((List<Map<String, Object>>) finished.get("deliveries")).singleElement()
			.satisfies((delivery) -> assertThat(delivery.get("state")).isEqualTo("UNKNOWN"));
		Thread.sleep(3000);
		assertThat(this.flow.received(Platform.FACEBOOK, marker)).hasSize(1);
	}

}
