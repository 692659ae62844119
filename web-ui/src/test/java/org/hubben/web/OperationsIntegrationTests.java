package org.hubben.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.organisation.ApiTokenIssuer;
import org.hubben.publishing.PublishingFlow;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator watches: health for probes (details for administrators only), and
 * Micrometer metrics of deliveries, also for Prometheus, behind an administrator's login.
 */
@HubbenIntegrationTest
class OperationsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	ApiTokenIssuer issuer;

	@Autowired
	JdbcClient jdbc;

	@Test
	@SuppressWarnings("unchecked")
	void healthShowsProbesTheStatusAndAdministratorsTheDatabaseTheSchedulerAndTheChannels() {
		Map<String, Object> probe = TestClients.anonymous(this.port)
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(probe).containsEntry("status", "UP").doesNotContainKey("components");

		Map<String, Object> health = TestClients.admin(this.port)
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) health.get("components");
		assertThat(components).containsKeys("db", "r2dbc", "scheduler", "channels");
		assertThat(components.get("scheduler")).containsEntry("status", "UP");
		assertThat((Map<String, Object>) components.get("scheduler").get("details")).containsKey("node")
			.containsEntry("scheduler", "started");
		Map<String, Object> channels = (Map<String, Object>) components.get("channels").get("details");
		assertThat((Integer) channels.get("channels")).isPositive();
		assertThat(channels).containsKeys("expired", "expiringWithinADay");
	}

	@Test
	@SuppressWarnings("unchecked")
	void metricsCountDeliveriesByPlatformAndStateAndTheirLatenessForAdministratorsOnly() throws InterruptedException {
		PublishingFlow flow = new PublishingFlow(TestClients.admin(this.port), this.emulators);
		Map<String, Object> post = flow.compose("Measured", "Measured " + UUID.randomUUID(), null);
		Object publication = flow.schedule(post.get("id"), flow.channelIds(Platform.X), null).get("id");
		flow.awaitFinished(publication, Duration.ofSeconds(20));

		Map<String, Object> sent = TestClients.admin(this.port)
			.get()
			.uri("/actuator/metrics/hubben.delivery.outcomes?tag=platform:x&tag=state:SENT")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((List<Map<String, Object>>) sent.get("measurements"))
			.anySatisfy((measurement) -> assertThat((Double) measurement.get("value")).isGreaterThanOrEqualTo(1.0));
		TestClients.admin(this.port)
			.get()
			.uri("/actuator/metrics/hubben.delivery.lateness?tag=platform:x")
			.exchange()
			.expectStatus()
			.isOk();

		TestClients.anonymous(this.port)
			.get()
			.uri("/actuator/metrics")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void prometheusScrapesDeliveryOutcomesWithAnAdministratorsBasicLoginOrToken() throws InterruptedException {
		PublishingFlow flow = new PublishingFlow(TestClients.admin(this.port), this.emulators);
		Map<String, Object> post = flow.compose("Scraped", "Scraped " + UUID.randomUUID(), null);
		Object publication = flow.schedule(post.get("id"), flow.channelIds(Platform.X), null).get("id");
		flow.awaitFinished(publication, Duration.ofSeconds(20));

		String scrape = TestClients.admin(this.port)
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.CONTENT_TYPE, (type) -> assertThat(type).startsWith("text/plain"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scrape.lines())
			.anyMatch((line) -> line.startsWith("hubben_delivery_outcomes_total{") && line.contains("platform=\"x\"")
					&& line.contains("state=\"SENT\""))
			.anyMatch((line) -> line.startsWith("hubben_delivery_lateness_seconds"));

		String token = this.issuer.issue(adminId(), "Prometheus", null).block().secret();
		TestClients.anonymous(this.port)
			.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("hubben_delivery_outcomes_total"));
		TestClients.anonymous(this.port)
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private UUID adminId() {
		return this.jdbc.sql("select id from member where username = ?")
			.param(TestClients.ADMIN)
			.query(UUID.class)
			.single();
	}

}
