package org.hubben.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.publishing.PublishingFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /publications/{id}/status} as the publication page's script uses it: a
 * logged-in session follows a publication to the demo channels while the emulators
 * answer, refuse or fail, and sees each delivery's state as it changes, with its reason;
 * only what changed, heartbeats while it waits, and the end once every delivery is
 * settled.
 */
@HubbenIntegrationTest
class PublicationStatusStreamIntegrationTests {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	EmulatorTokens emulatorTokens;

	@Autowired
	Channels channels;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	private PublishingFlow flow;

	private SignedInBrowser browser;

	private final List<Disposable> streams = new ArrayList<>();

	@BeforeEach
	void logIn() {
		this.flow = new PublishingFlow(TestClients.admin(this.port), this.emulators);
		this.browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
	}

	@AfterEach
	void stopStreamsAndClearFaults() {
		this.streams.forEach(Disposable::dispose);
		this.emulators.forEach((emulator) -> emulator.faults().clear());
	}

	@Test
	@SuppressWarnings("unchecked")
	void streamsEachDeliveryFromSendingToSentOrFailedWithItsReasonAndAgainAfterARetry() throws Exception {
		String marker = "Live " + UUID.randomUUID();
		Map<String, Object> post = this.flow.compose("Live status", marker + ": the schools open on Monday.", null);
		Object earlier = this.flow.schedule(post.get("id"), this.flow.channelIds(Platform.X), null).get("id");
		Map<String, Object> earlierOnX = only(this.flow.awaitFinished(earlier, PATIENCE));
		assertThat(earlierOnX.get("state")).isEqualTo("SENT");
		// Facebook answers slowly, so its delivery is seen being sent; X already has this
		// text, so it refuses the same post again.
		emulator(Platform.FACEBOOK).faults().latency(Duration.ofMillis(1500));
		Object publication = this.flow
			.schedule(post.get("id"), this.flow.channelIds(Platform.X, Platform.FACEBOOK), Instant.now().plusSeconds(2))
			.get("id");
		Followed stream = follow(publication);

		List<Map<String, Object>> events = stream.untilSettled();
		assertThat(stream.finished()).as("the stream ends once every delivery is settled").isTrue();
		Map<String, Object> first = events.get(0);
		assertThat((List<Map<String, Object>>) first.get("deliveries")).as("the first event has every delivery")
			.extracting((delivery) -> delivery.get("platform"))
			.containsExactlyInAnyOrder("X", "Facebook");
		assertThat(first.get("settled")).isEqualTo(false);
		assertThat(statesOf(events, "Facebook")).as("Facebook's states").endsWith("SENDING", "SENT");
		assertThat(statesOf(events, "X")).as("X's states").endsWith("FAILED");
		assertOnlyChangesAreSent(events);
		Map<String, Object> refused = last(events, "X");
		assertThat(refused.get("reason")).isEqualTo("X refused: duplicate content");
		assertThat(refused.get("channel")).isEqualTo("@hubben_demo");
		Map<String, Object> sent = last(events, "Facebook");
		assertThat((String) sent.get("remoteUrl")).startsWith("http");
		assertThat(sent.get("remoteId")).isNotNull();
		assertThat(sent.get("reason")).isNull();
		assertThat(events.get(events.size() - 1).get("settled")).isEqualTo(true);

		// Someone removes the earlier post on X; retrying sends the refused delivery
		// again, and its state flows again while Facebook's stays sent.
		deleteOnX((String) earlierOnX.get("remoteId"));
		emulator(Platform.X).faults().latency(Duration.ofMillis(1500));
		TestClients.admin(this.port)
			.post()
			.uri("/api/publications/{id}/retry", publication)
			.exchange()
			.expectStatus()
			.isOk();
		Followed again = follow(publication);
		List<Map<String, Object>> retried = again.untilSettled();
		assertThat(again.finished()).isTrue();
		assertThat(statesOf(retried, "X")).as("X's states after the retry").containsSubsequence("SENDING", "SENT");
		assertThat(statesOf(retried, "Facebook")).as("sent once, not again").containsExactly("SENT");
		assertThat(last(retried, "X").get("attempts")).isEqualTo(2);
		assertThat(this.flow.received(Platform.X, marker)).as("the earlier post, since removed, and the retried one")
			.extracting(ReceivedPost::remoteId)
			.containsExactly((String) earlierOnX.get("remoteId"), (String) last(retried, "X").get("remoteId"));
		assertThat(this.flow.received(Platform.FACEBOOK, marker)).hasSize(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void staysOpenWithHeartbeatsWhileADeliveryRetriesAndSeesACancellationNoEventAnnounced() throws Exception {
		String marker = "Outage " + UUID.randomUUID();
		emulator(Platform.X).faults().inject(Fault.SERVER_ERROR, 1);
		Object publication = this.flow
			.schedule(this.flow.compose("Outage", marker, null).get("id"), this.flow.channelIds(Platform.X),
					Instant.now().plusSeconds(1))
			.get("id");
		Followed stream = follow(publication);
		Map<String, Object> retrying = stream.awaitDelivery((delivery) -> "RETRYING".equals(delivery.get("state")));
		assertThat((String) retrying.get("reason")).startsWith("X is unavailable")
			.contains("Nothing was sent; attempt 2 of 5 at");
		assertThat(retrying.get("nextAttemptAt")).isNotNull();
		assertThat((String) retrying.get("nextAttempt")).endsWith("(Europe/Stockholm)");
		assertThat(stream.awaitHeartbeat(Duration.ofSeconds(PublicationStatusStream.HEARTBEAT_SECONDS + 10)))
			.as("a comment line while nothing changes")
			.isTrue();
		assertThat(stream.finished()).as("open while a delivery retries").isFalse();

		// A cancellation announces no event: the watcher's re-read of the database sees
		// it, as it sees changes made on another node.
		this.flow.cancel(publication);
		Map<String, Object> cancelled = stream.awaitDelivery((delivery) -> "CANCELLED".equals(delivery.get("state")));
		assertThat(cancelled.get("reason")).isNull();
		assertThat(stream.awaitFinished()).isTrue();
		assertThat(this.flow.received(Platform.X, marker)).isEmpty();
	}

	@Test
	void showsOnlyTheOrganisationsOwnPublications() {
		Object publication = this.flow
			.schedule(this.flow.compose("Ours", "Only for the centre " + UUID.randomUUID(), null).get("id"),
					this.flow.channelIds(Platform.FACEBOOK), Instant.now().plusSeconds(3600))
			.get("id");
		try {
			String stranger = RegionTeam.create(this.jdbc, this.passwordEncoder, "stream", "stream-test-password")
				.admin();
			SignedInBrowser other = SignedInBrowser.logIn(this.port, stranger, "stream-test-password");
			statusOf(other, publication).expectStatus().isNotFound();
			statusOf(this.browser, UUID.randomUUID()).expectStatus().isNotFound();
			// Nor its page, nor the API: another organisation's publication is as unknown
			// as a made-up one.
			SignedInBrowser.client("http://127.0.0.1:" + this.port)
				.get()
				.uri("/publications/{id}", publication)
				.cookie("SESSION", other.session())
				.exchange()
				.expectStatus()
				.isNotFound();
			WebTestClient strangersApi = TestClients.anonymous(this.port)
				.mutate()
				.defaultHeaders((headers) -> headers.setBasicAuth(stranger, "stream-test-password"))
				.build();
			strangersApi.get().uri("/api/publications/{id}", publication).exchange().expectStatus().isNotFound();
			strangersApi.delete().uri("/api/publications/{id}", publication).exchange().expectStatus().isNotFound();
			strangersApi.post().uri("/api/publications/{id}/retry", publication).exchange().expectStatus().isNotFound();
			assertThat(this.flow.publication(publication).toString()).doesNotContain("CANCELLED");
			TestClients.anonymous(this.port)
				.get()
				.uri("/publications/{id}/status", publication)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.expectStatus()
				.is3xxRedirection();
		}
		finally {
			this.flow.cancel(publication);
		}
	}

	private WebTestClient.ResponseSpec statusOf(SignedInBrowser who, Object publication) {
		return SignedInBrowser.client("http://127.0.0.1:" + this.port)
			.get()
			.uri("/publications/{id}/status", publication)
			.cookie("SESSION", who.session())
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange();
	}

	private Followed follow(Object publication) {
		Followed stream = new Followed();
		Disposable subscription = statusOf(this.browser, publication).expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(EVENTS)
			.getResponseBody()
			.subscribe(stream.events::add, (ex) -> stream.finished.set(true), () -> stream.finished.set(true));
		this.streams.add(subscription);
		return stream;
	}

	private void deleteOnX(String remoteId) {
		Channel demo = this.channels.findAll()
			.filter((channel) -> channel.platform() == Platform.X && channel.name().equals("@hubben_demo"))
			.blockFirst();
		String token = this.emulatorTokens.issue(Platform.X, demo.accountId(), Duration.ofMinutes(5));
		TestClients.anonymous(this.port)
			.delete()
			.uri("/emulator/x/2/tweets/{id}", remoteId)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private Emulator emulator(Platform platform) {
		return this.emulators.stream().filter((emulator) -> emulator.platform() == platform).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> only(Map<String, Object> publication) {
		List<Map<String, Object>> deliveries = (List<Map<String, Object>>) publication.get("deliveries");
		assertThat(deliveries).hasSize(1);
		return deliveries.get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> deliveriesOf(Map<String, Object> event) {
		return (List<Map<String, Object>>) event.get("deliveries");
	}

	private static List<String> statesOf(List<Map<String, Object>> events, String platform) {
		return events.stream()
			.flatMap((event) -> deliveriesOf(event).stream())
			.filter((delivery) -> platform.equals(delivery.get("platform")))
			.map((delivery) -> (String) delivery.get("state"))
			.toList();
	}

	private static Map<String, Object> last(List<Map<String, Object>> events, String platform) {
		return events.stream()
			.flatMap((event) -> deliveriesOf(event).stream())
			.filter((delivery) -> platform.equals(delivery.get("platform")))
			.reduce((first, second) -> second)
			.orElseThrow();
	}

	/** No event repeats a delivery exactly as the previous event that named it. */
	private static void assertOnlyChangesAreSent(List<Map<String, Object>> events) {
		Map<Object, Map<String, Object>> seen = new java.util.HashMap<>();
		for (Map<String, Object> event : events) {
			assertThat(deliveriesOf(event)).as("an event names something").isNotEmpty();
			for (Map<String, Object> delivery : deliveriesOf(event)) {
				assertThat(delivery).as("a repeated delivery").isNotEqualTo(seen.put(delivery.get("id"), delivery));
			}
		}
	}

	/** One stream being followed: its events as they arrive. */
	private static final class Followed {

		private final BlockingQueue<ServerSentEvent<Map<String, Object>>> events = new LinkedBlockingQueue<>();

		private final AtomicBoolean finished = new AtomicBoolean();

		private final List<Map<String, Object>> data = new ArrayList<>();

		private boolean heartbeat;

		/** The data of every event until one says every delivery is settled. */
		List<Map<String, Object>> untilSettled() throws InterruptedException {
			Instant deadline = Instant.now().plus(PATIENCE);
			while (this.data.isEmpty() || !Boolean.TRUE.equals(this.data.get(this.data.size() - 1).get("settled"))) {
				assertThat(Instant.now()).as("settled in time; so far %s", this.data).isBefore(deadline);
				take(Duration.between(Instant.now(), deadline));
			}
			awaitFinished();
			return List.copyOf(this.data);
		}

		Map<String, Object> awaitDelivery(Predicate<Map<String, Object>> wanted) throws InterruptedException {
			Instant deadline = Instant.now().plus(PATIENCE);
			int from = 0;
			while (true) {
				for (int i = from; i < this.data.size(); i++) {
					for (Map<String, Object> delivery : deliveriesOf(this.data.get(i))) {
						if (wanted.test(delivery)) {
							return delivery;
						}
					}
				}
				from = this.data.size();
				assertThat(Instant.now()).as("the delivery wanted came in time; so far %s", this.data)
					.isBefore(deadline);
				take(Duration.between(Instant.now(), deadline));
			}
		}

		boolean awaitHeartbeat(Duration within) throws InterruptedException {
			Instant deadline = Instant.now().plus(within);
			while (!this.heartbeat && Instant.now().isBefore(deadline)) {
				take(Duration.between(Instant.now(), deadline));
			}
			return this.heartbeat;
		}

		boolean awaitFinished() throws InterruptedException {
			Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
			while (!this.finished.get() && Instant.now().isBefore(deadline)) {
				Thread.sleep(50);
			}
			return this.finished.get();
		}

		boolean finished() {
			return this.finished.get();
		}

		private void take(Duration within) throws InterruptedException {
			ServerSentEvent<Map<String, Object>> event = this.events.poll(Math.max(within.toMillis(), 1),
					TimeUnit.MILLISECONDS);
			if (event == null) {
				return;
			}
			if (event.data() != null) {
				assertThat(event.event()).isEqualTo(PublicationStatusStream.EVENT);
				this.data.add(event.data());
			}
			else if (event.comment() != null) {
				this.heartbeat = true;
			}
		}

	}

}
