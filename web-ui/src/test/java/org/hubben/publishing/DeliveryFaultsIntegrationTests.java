package org.hubben.publishing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.hubben.PostgresTestDatabase;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Scheduler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults of issue 5 on PostgreSQL, each ending in the right state with a reason a
 * person can act on, and nothing posted twice: rate limits (waited out exactly, shared
 * through the database), outages (retried with backoff, then given up), expired tokens, a
 * post accepted and the connection dropped, a post never answered, a publication
 * cancelled a second before its time, and a publication that missed its time.
 *
 * <p>
 * The context has a schema of its own, so no other PostgreSQL test context (a node of the
 * same cluster, with other emulators) reconciles its deliveries; and short retry and
 * lookup intervals, so the test waits seconds rather than minutes.
 */
@ExtendWith(PostgresTestDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.scheduler-name=hubben-faults-test", "hubben.platforms.timeout=3s",
				"hubben.publishing.first-retry=1s", "hubben.publishing.max-retry=2s",
				"hubben.publishing.max-attempts=3", "hubben.publishing.first-lookup=1s",
				"hubben.publishing.lookup-every=1s", "hubben.publishing.late-after=10s",
				"hubben.scheduling.reconcile-interval=1s", "hubben.scheduling.sweep-interval=2s",
				"hubben.scheduling.sweep-grace=1s" })
@ActiveProfiles({ "test", "postgres" })
class DeliveryFaultsIntegrationTests {

	private static final String SCHEMA = "hubben_faults_" + ProcessHandle.current().pid();

	private static final Predicate<Object> SETTLED = (
			state) -> !List.of("PENDING", "SENDING", "RETRYING", "UNKNOWN").contains(state);

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	Scheduler quartz;

	@Autowired
	Channels channels;

	@Autowired
	ChannelRegistrar registrar;

	@Autowired
	DatabaseClient database;

	private WebTestClient api;

	private PublishingFlow flow;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test",
				PostgresTestDatabase.USER, ""); Statement statement = connection.createStatement()) {
			statement.execute("drop schema if exists " + SCHEMA + " cascade");
			statement.execute("create schema " + SCHEMA);
		}
		registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA);
		registry.add("spring.datasource.username", () -> PostgresTestDatabase.USER);
		registry.add("spring.datasource.password", () -> "");
		registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:5432/test?schema=" + SCHEMA);
		registry.add("spring.r2dbc.username", () -> PostgresTestDatabase.USER);
		registry.add("spring.r2dbc.password", () -> "");
	}

	/** Each test starts with no fault queued and no rate limit in force. */
	@BeforeEach
	void clearFaultsAndRateLimits() {
		this.emulators.forEach((emulator) -> emulator.faults().clear());
		this.database.sql("delete from rate_limit").then().block(Duration.ofSeconds(10));
		this.api = TestClients.admin(this.port);
		this.flow = new PublishingFlow(this.api, this.emulators);
	}

	@Test
	void waitsOutARateLimitUntilTheTimeThePlatformNamedAndHoldsTheChannelBackForEveryPublication()
			throws InterruptedException {
		String marker = "Limited " + UUID.randomUUID();
		emulator(Platform.X).faults().inject(Fault.RATE_LIMIT, 1);
		Instant before = Instant.now();
		Object first = this.flow
			.schedule(this.flow.compose("Limited", marker, null).get("id"), this.flow.channelIds(Platform.X), null)
			.get("id");
		Map<String, Object> limited = awaitDelivery(first, (state) -> "RETRYING".equals(state), Duration.ofSeconds(20));
		assertThat((String) limited.get("error")).contains("X rate limit");
		// The emulator's forced limit resets 60 s after it answered; Hubben waits exactly
		// that long.
		assertThat(Instant.parse((String) limited.get("nextAttemptAt"))).isBetween(before.plusSeconds(59),
				Instant.now().plusSeconds(61));
		assertThat(limited.get("attempts")).isEqualTo(0);

		String second = "Held back " + UUID.randomUUID();
		Object other = this.flow
			.schedule(this.flow.compose("Held back", second, null).get("id"), this.flow.channelIds(Platform.X), null)
			.get("id");
		Map<String, Object> held = awaitDelivery(other, (state) -> "RETRYING".equals(state), Duration.ofSeconds(20));
		assertThat(held.get("nextAttemptAt")).isEqualTo(limited.get("nextAttemptAt"));
		assertThat((String) held.get("error")).contains("X rate limit");
		assertThat(this.flow.received(Platform.X, second)).as("held back without calling X").isEmpty();

		this.flow.cancel(first);
		this.flow.cancel(other);
		assertThat(this.flow.received(Platform.X, marker)).isEmpty();
	}

	@Test
	void findsAPostAcceptedBeforeTheConnectionDroppedAndNeverSendsItAgain() throws InterruptedException {
		String marker = "Dropped " + UUID.randomUUID();
		emulator(Platform.FACEBOOK).faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		Object publication = this.flow
			.schedule(this.flow.compose("Dropped", marker, null).get("id"), this.flow.channelIds(Platform.FACEBOOK),
					null)
			.get("id");
		Map<String, Object> sent = awaitDelivery(publication, SETTLED, Duration.ofSeconds(30));
		assertThat(sent.get("state")).as("error: %s", sent.get("error")).isEqualTo("SENT");
		assertThat((String) sent.get("error")).isEqualTo("Found on Facebook after its answer was lost");
		assertThat(sent.get("attempts")).isEqualTo(1);
		List<ReceivedPost> received = this.flow.received(Platform.FACEBOOK, marker);
		assertThat(received).hasSize(1);
		assertThat(sent.get("remoteId")).isEqualTo(received.get(0).remoteId());
	}

	@Test
	void sendsAgainAPostThePlatformNeverAnsweredOnceItsLookupFindsNothing() throws InterruptedException {
		String marker = "Unanswered " + UUID.randomUUID();
		emulator(Platform.X).faults().inject(Fault.TIMEOUT, 1);
		Object publication = this.flow
			.schedule(this.flow.compose("Unanswered", marker, null).get("id"), this.flow.channelIds(Platform.X), null)
			.get("id");
		Map<String, Object> sent = awaitDelivery(publication, SETTLED, Duration.ofSeconds(40));
		assertThat(sent.get("state")).as("error: %s", sent.get("error")).isEqualTo("SENT");
		assertThat(sent.get("attempts")).isEqualTo(2);
		assertThat(this.flow.received(Platform.X, marker)).hasSize(1);
	}

	@Test
	void retriesAnOutageWithBackoffUntilThePlatformTakesThePost() throws InterruptedException {
		String marker = "Outage " + UUID.randomUUID();
		emulator(Platform.X).faults().inject(Fault.SERVER_ERROR, 2);
		Object publication = this.flow
			.schedule(this.flow.compose("Outage", marker, null).get("id"), this.flow.channelIds(Platform.X), null)
			.get("id");
		Map<String, Object> sent = awaitDelivery(publication, SETTLED, Duration.ofSeconds(30));
		assertThat(sent.get("state")).as("error: %s", sent.get("error")).isEqualTo("SENT");
		assertThat(sent.get("attempts")).isEqualTo(3);
		assertThat(this.flow.received(Platform.X, marker)).hasSize(1);
	}

	@Test
	void givesUpAfterTheLastAttemptWithAReasonAndRetriesOnlyTheFailedDeliveryWhenAsked() throws InterruptedException {
		String marker = "Down " + UUID.randomUUID();
		emulator(Platform.X).faults().inject(Fault.SERVER_ERROR, 3);
		Object publication = this.flow
			.schedule(this.flow.compose("Down", marker, null).get("id"),
					this.flow.channelIds(Platform.X, Platform.FACEBOOK), null)
			.get("id");
		Map<String, Object> failed = awaitDelivery(publication, Platform.X, SETTLED, Duration.ofSeconds(30));
		assertThat(failed.get("state")).isEqualTo("FAILED");
		assertThat(failed.get("attempts")).isEqualTo(3);
		assertThat((String) failed.get("error")).contains("X is unavailable").contains("gave up after 3 attempts");
		assertThat(awaitDelivery(publication, Platform.FACEBOOK, SETTLED, Duration.ofSeconds(10)).get("state"))
			.isEqualTo("SENT");

		this.api.post().uri("/api/publications/{id}/retry", publication).exchange().expectStatus().isOk();
		Map<String, Object> retried = awaitDelivery(publication, Platform.X, SETTLED, Duration.ofSeconds(20));
		assertThat(retried.get("state")).isEqualTo("SENT");
		assertThat(this.flow.received(Platform.X, marker)).hasSize(1);
		assertThat(this.flow.received(Platform.FACEBOOK, marker)).as("the sent delivery is not sent again").hasSize(1);
	}

	@Test
	void waitsForAReconnectWhenThePlatformRefusesTheTokenAndGoesOutOnceReconnected() throws InterruptedException {
		String marker = "Expired " + UUID.randomUUID();
		emulator(Platform.FACEBOOK).faults().inject(Fault.EXPIRED_TOKEN, 1);
		UUID channelId = this.flow.channelIds(Platform.FACEBOOK).get(0);
		Object publication = this.flow
			.schedule(this.flow.compose("Expired", marker, null).get("id"), List.of(channelId), null)
			.get("id");
		Map<String, Object> waiting = awaitDelivery(publication, SETTLED, Duration.ofSeconds(20));
		assertThat(waiting.get("state")).isEqualTo("WAITING");
		assertThat((String) waiting.get("error")).startsWith("Waiting for the channel to be reconnected");
		assertThat(this.flow.received(Platform.FACEBOOK, marker)).isEmpty();

		Channel channel = this.channels.findById(channelId).block(Duration.ofSeconds(10));
		assertThat(channel.status()).isEqualTo(ChannelStatus.EXPIRED);
		this.registrar.linkedAccountOf(channel)
			.flatMap((account) -> this.registrar.connect(channel.organisationId(), account))
			.block(Duration.ofSeconds(10));
		assertThat(awaitDelivery(publication, SETTLED, Duration.ofSeconds(20)).get("state")).isEqualTo("SENT");
		assertThat(this.flow.received(Platform.FACEBOOK, marker)).hasSize(1);
	}

	@Test
	void neverSendsAPublicationCancelledOneSecondBeforeItsTime() throws InterruptedException {
		String marker = "Cancelled " + UUID.randomUUID();
		Object postId = this.flow.compose("Cancelled", marker, null).get("id");
		List<UUID> channelIds = this.flow.channelIds(Platform.X, Platform.FACEBOOK);
		Instant dueAt = Instant.now().plusSeconds(6);
		Object publication = this.flow.schedule(postId, channelIds, dueAt).get("id");
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), dueAt.minusSeconds(1)).toMillis()));
		Instant asked = Instant.now();
		Map<String, Object> cancelled = this.flow.cancel(publication);
		assertThat(asked).as("asked to cancel before the publication was due").isBefore(dueAt);
		assertThat(deliveries(cancelled)).extracting((delivery) -> delivery.get("state")).containsOnly("CANCELLED");
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), dueAt).toMillis()) + 4000);
		assertThat(this.flow.received(Platform.X, marker)).isEmpty();
		assertThat(this.flow.received(Platform.FACEBOOK, marker)).isEmpty();
		assertThat(deliveries(this.flow.publication(publication))).extracting((delivery) -> delivery.get("state"))
			.containsOnly("CANCELLED");
	}

	@Test
	void failsAPublicationThatMissedItsTimeUnlessLatePostsAreSentAnyway() throws Exception {
		String missed = "Missed " + UUID.randomUUID();
		String late = "Late " + UUID.randomUUID();
		Object missedPost = this.flow.compose("Missed", missed, null).get("id");
		Object latePost = this.flow.compose("Late", late, null).get("id");
		List<UUID> x = this.flow.channelIds(Platform.X);
		// Every trigger and sweep of this node stops, as when Hubben is down, until both
		// publications are past the late limit of 10 s.
		this.quartz.standby();
		Instant dueAt;
		Object strict;
		Object lenient;
		try {
			Instant at = Instant.now().plusSeconds(1);
			Map<String, Object> first = this.flow.schedule(missedPost, x, at);
			Map<String, Object> second = schedule(latePost, x, at, true);
			strict = first.get("id");
			lenient = second.get("id");
			// A time that passed while it was being scheduled becomes the time it was
			// scheduled at.
			dueAt = Instant.parse((String) second.get("dueAt"));
			Thread.sleep(Math.max(0, Duration.between(Instant.now(), dueAt).toMillis()) + 13_000);
		}
		finally {
			this.quartz.start();
		}
		Map<String, Object> failed = awaitDelivery(strict, SETTLED, Duration.ofSeconds(30));
		assertThat(failed.get("state")).isEqualTo("FAILED");
		assertThat((String) failed.get("error")).startsWith("Missed its time")
			.contains("past the limit of 10 seconds")
			.contains("send late posts anyway");
		assertThat(awaitDelivery(lenient, SETTLED, Duration.ofSeconds(30)).get("state")).isEqualTo("SENT");
		assertThat(this.flow.received(Platform.X, missed)).isEmpty();
		assertThat(this.flow.received(Platform.X, late)).hasSize(1);
	}

	private Map<String, Object> schedule(Object postId, List<UUID> channelIds, Instant at, boolean sendLate) {
		return this.api.post()
			.uri("/api/posts/{id}/publications", postId)
			.bodyValue(Map.of("channelIds", channelIds, "at", at.toString(), "sendLate", sendLate))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private Emulator emulator(Platform platform) {
		return this.emulators.stream().filter((emulator) -> emulator.platform() == platform).findFirst().orElseThrow();
	}

	private Map<String, Object> awaitDelivery(Object publicationId, Predicate<Object> state, Duration within)
			throws InterruptedException {
		return awaitDelivery(publicationId, null, state, within);
	}

	/**
	 * Polls until the publication's delivery (to {@code platform}, or its only one) is in
	 * a state {@code state} accepts.
	 */
	private Map<String, Object> awaitDelivery(Object publicationId, Platform platform, Predicate<Object> state,
			Duration within) throws InterruptedException {
		Instant deadline = Instant.now().plus(within);
		Map<String, Object> delivery;
		do {
			delivery = deliveries(this.flow.publication(publicationId)).stream()
				.filter((candidate) -> platform == null || platform.id().equals(candidate.get("platform")))
				.findFirst()
				.orElseThrow();
			if (state.test(delivery.get("state"))) {
				return delivery;
			}
			Thread.sleep(200);
		}
		while (Instant.now().isBefore(deadline));
		throw new AssertionError("Delivery still " + delivery.get("state") + " after " + within + ": " + delivery);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> deliveries(Map<String, Object> publication) {
		return (List<Map<String, Object>>) publication.get("deliveries");
	}

}
