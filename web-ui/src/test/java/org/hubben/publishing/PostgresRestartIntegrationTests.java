package org.hubben.publishing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hubben.PostgresTestDatabase;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.ReceivedPost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Fault test 4 of issue 5: PostgreSQL restarted in the middle of a run. A Hubben node (a
 * JVM of its own) runs on a private PostgreSQL server; while a stream of posts falls due,
 * the server is stopped ({@code pg_ctl stop -m fast}) for about ten seconds and started
 * again. Every delivery must end {@code SENT}, each post arriving exactly once at each
 * platform. The figures go to {@code target/reliability/postgres-restart.txt}, the node's
 * log to {@code target/postgres-restart/}. Skipped with the reason where Debian's
 * PostgreSQL binaries or {@code runuser} are missing, except when
 * {@code HUBBEN_REQUIRE_POSTGRES=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRestartIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(PostgresRestartIntegrationTests.class);

	private static final int POSTS = 120;

	private static final List<Platform> PLATFORMS = List.of(Platform.X, Platform.FACEBOOK);

	private static final int DELIVERIES = POSTS * PLATFORMS.size();

	private static final Duration DUE_WITHIN = Duration.ofMinutes(1);

	/** Into the stream: about a third of it is sent when the database goes away. */
	private static final Duration STOP_AFTER = Duration.ofSeconds(20);

	private static final Duration DOWN_FOR = Duration.ofSeconds(10);

	private static final Duration SETTLE_WITHIN = Duration.ofMinutes(3);

	private static final Path LOGS = Path.of("target", "postgres-restart");

	private static final Path FIGURES = Path.of("target", "reliability", "postgres-restart.txt");

	private PrivatePostgres postgres;

	private OutsideEmulators emulators;

	private HubbenNode node;

	@BeforeAll
	void startHubbenOnAPrivatePostgres() throws Exception {
		Optional<String> unavailable = PrivatePostgres.unavailableBecause();
		if (unavailable.isPresent()) {
			String message = "No private PostgreSQL server for the restart test: " + unavailable.get();
			if (PostgresTestDatabase.required()) {
				throw new IllegalStateException(message + ", but HUBBEN_REQUIRE_POSTGRES=true requires it");
			}
			abort(message);
		}
		this.postgres = PrivatePostgres.create();
		this.emulators = OutsideEmulators.start();
		Map<String, String> properties = HubbenNode.onPostgres(this.postgres.jdbcUrl(), this.postgres.r2dbcUrl());
		properties.put("hubben.data-dir", LOGS.resolve("data").toAbsolutePath().toString());
		properties.putAll(this.emulators.baseUrlProperties());
		this.node = HubbenNode.start("restart-node", LOGS, properties, HubbenNode.sharedSecretsKey())
			.awaitUp(Duration.ofMinutes(3));
		HubbenNode.cheapenTheAdministratorsPasswordCheck(this.postgres.jdbcUrl());
	}

	@AfterAll
	void stopEverything() throws Exception {
		if (this.node != null) {
			this.node.close();
		}
		if (this.emulators != null) {
			this.emulators.close();
		}
		if (this.postgres != null) {
			Files.createDirectories(LOGS);
			Files.copy(this.postgres.log(), LOGS.resolve("postgres.log"), StandardCopyOption.REPLACE_EXISTING);
			this.postgres.close();
		}
	}

	@Test
	void sendsEveryPostExactlyOnceWhenPostgresRestartsMidStream() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Function<Integer, String> marker = OutsideEmulators.markers(run);
		Pattern markers = OutsideEmulators.markerPattern(run);
		List<UUID> channels = DueStream.flow(this.node, this.emulators).channelIds(PLATFORMS.toArray(Platform[]::new));
		assertThat(channels).as("the demo organisation's X and Facebook channels").hasSize(PLATFORMS.size());
		DeliveryLedger ledger = new DeliveryLedger(this.postgres.jdbcUrl(), "postgres");

		Instant firstDue = DueStream.composeAndSchedule(List.of(this.node), this.emulators, POSTS, marker, channels,
				DUE_WITHIN);
		Instant lastDue = firstDue.plus(DUE_WITHIN);
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstDue.plus(STOP_AFTER)).toMillis()));
		Map<String, Integer> statesBeforeStop = ledger.states();
		this.postgres.stop();
		Instant stoppedAt = Instant.now();
		logger.info("PostgreSQL stopped with deliveries {}", statesBeforeStop);
		Thread.sleep(DOWN_FOR.toMillis());
		this.postgres.start();
		Instant backAt = Instant.now();
		logger.info("PostgreSQL back after {}", Duration.between(stoppedAt, backAt));

		Instant deadline = lastDue.plus(SETTLE_WITHIN);
		while (Instant.now().isBefore(deadline) && (Instant.now().isBefore(lastDue) || ledger.unfinished() > 0)) {
			Thread.sleep(250);
		}
		Instant finished = Instant.now();

		Map<String, Integer> states = ledger.states();
		OutsideEmulators.Tally tally = this.emulators.tally(PLATFORMS, markers, marker, POSTS);
		Instant firstAfterBack = null;
		Instant backlogCleared = null;
		for (Platform platform : PLATFORMS) {
			for (ReceivedPost post : this.emulators.of(platform).received()) {
				Matcher matched = markers.matcher((post.text() != null) ? post.text() : "");
				if (!matched.find() || post.receivedAt().isBefore(backAt)) {
					continue;
				}
				String found = matched.group();
				int n = Integer.parseInt(found.substring(found.lastIndexOf('-') + 1, found.length() - 1));
				Instant due = firstDue.plusMillis(n * DUE_WITHIN.toMillis() / POSTS);
				firstAfterBack = earliest(firstAfterBack, post.receivedAt());
				if (due.isBefore(backAt)) {
					backlogCleared = latest(backlogCleared, post.receivedAt());
				}
			}
		}
		int sent = states.getOrDefault("SENT", 0);
		List<String> figures = List.of(
				"PostgreSQL restarted mid run: 1 Hubben node on a private PostgreSQL, " + POSTS + " posts x "
						+ PLATFORMS.size() + " platforms (x, facebook) due within one minute; pg_ctl stop -m fast "
						+ seconds(STOP_AFTER) + " into the stream, started again " + seconds(DOWN_FOR) + " later",
				"measured: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", "
						+ Runtime.getRuntime().availableProcessors() + " cores",
				"deliveries: " + DELIVERIES, "before the stop: " + statesBeforeStop,
				"database down: " + seconds(Duration.between(stoppedAt, backAt)), "sent: " + sent, "states: " + states,
				"received at the emulators: " + tally.received(), "duplicates: " + tally.duplicates(),
				"lost: " + tally.lost(),
				"time to resume after PostgreSQL was back (first post out): "
						+ ((firstAfterBack != null) ? seconds(Duration.between(backAt, firstAfterBack)) : "never"),
				"posts due before it was back, all out after: "
						+ ((backlogCleared != null) ? seconds(Duration.between(backAt, backlogCleared)) : "none"),
				"wall time, first due to last final: " + seconds(Duration.between(firstDue, finished)));
		Files.createDirectories(FIGURES.getParent());
		Files.write(FIGURES, figures, StandardCharsets.UTF_8);
		logger.info("PostgreSQL restart figures ({}):\n  {}", FIGURES, String.join("\n  ", figures));

		assertThat(this.node.alive()).as("the node survives the database's restart").isTrue();
		assertThat(tally.duplicates()).as("posts that arrived twice at a platform").isZero();
		assertThat(tally.lost()).as("posts that never arrived at a platform").isZero();
		assertThat(sent).as("deliveries SENT; not sent: %s", ledger.notSent(20)).isEqualTo(DELIVERIES);
	}

	private static Instant earliest(Instant a, Instant b) {
		return (a == null || b.isBefore(a)) ? b : a;
	}

	private static Instant latest(Instant a, Instant b) {
		return (a == null || b.isAfter(a)) ? b : a;
	}

	private static String seconds(Duration duration) {
		return String.format("%.1f s", duration.toMillis() / 1000.0);
	}

}
