package org.hubben.publishing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.Hubben;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart loses nothing: a publication scheduled before Hubben stops still fires after
 * it starts again, from the embedded default's H2 file database.
 */
class RestartIntegrationTests {

	@TempDir
	Path dataDir;

	/**
	 * Starts Hubben on an H2 file database in the temporary directory. Command-line
	 * arguments, because they outrank the test profile's in-memory database; Quartz keys
	 * its data source JVM-wide by scheduler name, so this context must not reuse the
	 * shared test context's name either.
	 */
	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(Hubben.class).profiles("test")
			.run("--server.port=0", "--hubben.data-dir=" + this.dataDir,
					"--spring.quartz.scheduler-name=hubben-restart-test",
					"--spring.datasource.url=jdbc:h2:file:${hubben.data-dir}/hubben;${hubben.h2-options}",
					"--spring.r2dbc.url=r2dbc:h2:file:///${hubben.data-dir}/hubben?options=${hubben.h2-options}");
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static List<Emulator> emulators(ConfigurableApplicationContext context) {
		return context.getBeanProvider(Emulator.class).orderedStream().toList();
	}

	@Test
	@SuppressWarnings("unchecked")
	void firesAPublicationScheduledBeforeARestart() throws InterruptedException {
		String marker = "Restart " + UUID.randomUUID();
		Object publicationId;
		Instant dueAt;
		try (ConfigurableApplicationContext first = start()) {
			// Far enough ahead that a slow shutdown on a loaded machine still stops
			// first.
			dueAt = Instant.now().plusSeconds(20);
			PublishingFlow flow = new PublishingFlow(TestClients.admin(port(first)), emulators(first));
			Map<String, Object> post = flow.compose("Restart", marker, null);
			publicationId = flow.schedule(post.get("id"), flow.channelIds(Platform.X, Platform.FACEBOOK), dueAt)
				.get("id");
		}
		assertThat(Instant.now()).as("stopped before the publication was due").isBefore(dueAt);
		assertThat(this.dataDir.resolve("hubben.mv.db")).as("the H2 file database").exists();
		try (ConfigurableApplicationContext second = start()) {
			PublishingFlow flow = new PublishingFlow(TestClients.admin(port(second)), emulators(second));
			Map<String, Object> finished = flow.awaitFinished(publicationId, Duration.ofSeconds(60));
			assertThat((List<Map<String, Object>>) finished.get("deliveries")).hasSize(2)
				.allSatisfy((delivery) -> assertThat(delivery.get("state")).isEqualTo("SENT"));
			assertThat(flow.received(Platform.X, marker)).hasSize(1);
			assertThat(flow.received(Platform.FACEBOOK, marker)).hasSize(1)
				.allSatisfy((post) -> assertThat(post.receivedAt()).isAfterOrEqualTo(dueAt));
		}
	}

}
