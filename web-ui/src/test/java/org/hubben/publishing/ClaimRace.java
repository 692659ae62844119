package org.hubben.publishing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hubben.connector.Platform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several claimers (as nodes, or a trigger and the sweep, would) racing for the
 * deliveries of publications due at one instant, each claiming a publication's deliveries
 * in one statement.
 */
final class ClaimRace {

	private static final int CLAIMERS = 4;

	private final DeliveryClaims claims;

	private final Deliveries deliveries;

	private final PublishingFlow flow;

	ClaimRace(DeliveryClaims claims, Deliveries deliveries, PublishingFlow flow) {
		this.claims = claims;
		this.deliveries = deliveries;
		this.flow = flow;
	}

	/**
	 * Publications due in an hour are claimed as if it were a second after their time, so
	 * no trigger of the running hub takes part.
	 */
	@SuppressWarnings("unchecked")
	void claimsEachDeliveryExactlyOnce() throws Exception {
		Instant due = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		Instant claimAt = due.plusSeconds(1);
		List<UUID> channels = this.flow.channelIds(Platform.X, Platform.FACEBOOK);
		List<UUID> publications = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Map<String, Object> post = this.flow.compose("Claim race " + i, "Claim race " + UUID.randomUUID(), null);
			publications.add(UUID.fromString((String) this.flow.schedule(post.get("id"), channels, due).get("id")));
		}
		Map<String, Object> cancelledPost = this.flow.compose("Claim race cancelled", "Claim race " + UUID.randomUUID(),
				null);
		UUID cancelled = UUID.fromString((String) this.flow.schedule(cancelledPost.get("id"), channels, due).get("id"));
		this.flow.cancel(cancelled);
		Map<String, Object> laterPost = this.flow.compose("Claim race later", "Claim race " + UUID.randomUUID(), null);
		UUID later = UUID
			.fromString((String) this.flow.schedule(laterPost.get("id"), channels, due.plusSeconds(60)).get("id"));

		ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
		try {
			for (UUID publication : publications) {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<List<Delivery>>> raced = new ArrayList<>();
				for (int c = 0; c < CLAIMERS; c++) {
					String node = "claimer-" + c;
					raced.add(pool.submit(() -> {
						start.await();
						return this.claims.claimDue(publication, claimAt, node).collectList().block();
					}));
				}
				start.countDown();
				Map<UUID, Delivery> claimedOnce = new HashMap<>();
				for (Future<List<Delivery>> claimer : raced) {
					for (Delivery claimed : claimer.get()) {
						assertThat(claimedOnce.put(claimed.id(), claimed)).as("claimed twice: %s", claimed.id())
							.isNull();
						assertThat(claimed.state()).isEqualTo(DeliveryState.SENDING);
						assertThat(claimed.attempts()).isEqualTo(1);
						assertThat(claimed.publicationId()).isEqualTo(publication);
					}
				}
				List<Delivery> stored = this.deliveries.findByPublicationIdOrderByPlatformAsc(publication)
					.collectList()
					.block();
				assertThat(claimedOnce.keySet())
					.containsExactlyInAnyOrderElementsOf(stored.stream().map(Delivery::id).toList());
				assertThat(stored).allSatisfy((delivery) -> {
					assertThat(delivery.state()).isEqualTo(DeliveryState.SENDING);
					assertThat(delivery.attempts()).isEqualTo(1);
					assertThat(delivery.claimedBy()).isEqualTo(claimedOnce.get(delivery.id()).claimedBy());
				});
				assertThat(this.claims.claimDue(publication, claimAt.plusSeconds(1), "late").collectList().block())
					.isEmpty();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.claims.claimDue(cancelled, claimAt, "claimer").collectList().block()).isEmpty();
		assertThat(this.claims.claimDue(later, claimAt, "claimer").collectList().block()).isEmpty();
		assertThat(this.deliveries.findByPublicationIdOrderByPlatformAsc(later).collectList().block())
			.extracting(Delivery::state)
			.containsOnly(DeliveryState.PENDING);
		this.flow.cancel(later);
	}

}
