package org.hubben.publishing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hubben.PostgresTestDatabase;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole path on PostgreSQL: R2DBC for Hubben's data, Flyway and Quartz's clustered
 * job store over JDBC.
 */
@ExtendWith(PostgresTestDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=" + PostgresTestDatabase.JDBC_URL,
				"spring.datasource.username=" + PostgresTestDatabase.USER, "spring.datasource.password=",
				"spring.r2dbc.url=" + PostgresTestDatabase.R2DBC_URL,
				"spring.r2dbc.username=" + PostgresTestDatabase.USER, "spring.r2dbc.password=",
				// Quartz keys its data source JVM-wide by scheduler name: a second
				// context needs its own.
				"spring.quartz.scheduler-name=hubben-postgres-test" })
@ActiveProfiles({ "test", "postgres" })
class PostgresPublishingIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(PostgresPublishingIntegrationTests.class);

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Test
	void publishesAtItsTimeToBothEmulatorsExactlyOnceWithTheLinkBack() throws InterruptedException {
		Map<Platform, Duration> lateness = new PublishingFlow(TestClients.admin(this.port), this.emulators)
			.publishesToXAndFacebookExactlyOnceWithTheLinkBack();
		logger.info("Lateness on PostgreSQL, due instant to emulator: {}", lateness);
	}

}
