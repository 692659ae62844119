package org.hubben.publishing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hubben.PostgresTestDatabase;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.web.SampleUploads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on PostgreSQL: R2DBC for Hubben's data, Flyway and Quartz's clustered
 * job store over JDBC.
 */
@ExtendWith(PostgresTestDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.username=" + PostgresTestDatabase.USER, "spring.datasource.password=",
				"spring.r2dbc.username=" + PostgresTestDatabase.USER, "spring.r2dbc.password=",
				// Quartz keys its data source JVM-wide by scheduler name: a second
				// context needs its own.
				"spring.quartz.scheduler-name=hubben-postgres-test" })
@ActiveProfiles({ "test", "postgres" })
class PostgresPublishingIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(PostgresPublishingIntegrationTests.class);

	/** This test JVM's own schema, so that two builds on one machine never collide. */
	@DynamicPropertySource
	static void ownSchema(DynamicPropertyRegistry properties) {
		properties.add("spring.datasource.url", () -> PostgresTestDatabase.JDBC_URL);
		properties.add("spring.r2dbc.url", () -> PostgresTestDatabase.R2DBC_URL);
	}

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	DeliveryClaims claims;

	@Autowired
	Deliveries deliveries;

	@Test
	void publishesAtItsTimeToBothEmulatorsExactlyOnceWithTheLinkBack() throws InterruptedException {
		Map<Platform, Duration> lateness = new PublishingFlow(TestClients.admin(this.port), this.emulators)
			.publishesToXAndFacebookExactlyOnceWithTheLinkBack();
		logger.info("Lateness on PostgreSQL, due instant to emulator: {}", lateness);
	}

	@Test
	void claimsEachDeliveryOfAPublicationExactlyOnceWhenClaimersRace() throws Exception {
		new ClaimRace(this.claims, this.deliveries, new PublishingFlow(TestClients.admin(this.port), this.emulators))
			.claimsEachDeliveryExactlyOnce();
	}

	@Test
	@SuppressWarnings("unchecked")
	void storesMediaAndPublishesAPostThatCarriesThem() throws InterruptedException {
		WebTestClient api = TestClients.admin(this.port);
		byte[] jpeg = SampleUploads.jpeg();
		Map<String, Object> media = api.post()
			.uri("/api/media")
			.body(BodyInserters.fromMultipartData(SampleUploads.filePart("file", jpeg, "pg.jpg", MediaType.IMAGE_JPEG)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(media.get("sha256")).isEqualTo(SampleUploads.sha256(jpeg));
		Map<String, Object> post = api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "On PostgreSQL", "text", "With a photo #Postgres", "mediaIds",
					List.of(media.get("id"))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((List<Map<String, Object>>) post.get("media")).extracting((item) -> item.get("id"))
			.containsExactly(media.get("id"));
		assertThat(((Map<String, Map<String, Object>>) post.get("variants")).get("x").get("tags"))
			.isEqualTo(List.of("Postgres"));
		PublishingFlow flow = new PublishingFlow(api, this.emulators);
		Map<String, Object> publication = flow.schedule(post.get("id"), flow.channelIds(Platform.X), null);
		Map<String, Object> finished = flow.awaitFinished(publication.get("id"), Duration.ofSeconds(15));
		assertThat((List<Map<String, Object>>) finished.get("deliveries")).extracting((d) -> d.get("state"))
			.containsExactly("SENT");
	}

}
