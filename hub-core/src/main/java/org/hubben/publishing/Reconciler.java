package org.hubben.publishing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.PublishReceipt;
import org.hubben.publishing.DeliveryRequests.ChannelNotConnected;
import org.hubben.publishing.DeliveryRequests.NotSendable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Settles deliveries whose outcome is unknown, so that none is lost and none is posted
 * twice. Non-blocking; safe to run on every node at once, since each step is claimed with
 * one conditional update.
 *
 * <ul>
 * <li>A delivery left {@link DeliveryState#SENDING} by a node that stopped checking in
 * with the cluster becomes {@link DeliveryState#UNKNOWN}: the node may have posted it
 * before it stopped.</li>
 * <li>An unknown delivery is looked up on the platform ({@code Connector.find}): found,
 * it is {@link DeliveryState#SENT} with the post's id; not found, nothing was posted and
 * it is sent again; when the lookup cannot tell, it is tried again later, up to a limit,
 * after which the delivery stays unknown for a person to check.</li>
 * </ul>
 */
@Service
public class Reconciler {

	private static final Logger logger = LoggerFactory.getLogger(Reconciler.class);

	/** How many unknown deliveries one pass looks up at most. */
	private static final int BATCH = 100;

	/**
	 * Posts this much older than the claim are not the delivery's: clocks differ a
	 * little.
	 */
	private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

	/**
	 * A claim this node made a moment ago may not be among its sends yet or any more;
	 * younger claims are left alone.
	 */
	private static final Duration OWN_CLAIM_GRACE = Duration.ofSeconds(10);

	private final Deliveries deliveries;

	private final DeliveryRequests requests;

	private final DeliverySender sender;

	private final ClusterNodes nodes;

	private final DeliveryMetrics metrics;

	private final PublishingProperties properties;

	private final DeliveryEvents events;

	private final Clock clock;

	Reconciler(Deliveries deliveries, DeliveryRequests requests, DeliverySender sender, ClusterNodes nodes,
			DeliveryMetrics metrics, PublishingProperties properties, DeliveryEvents events, Clock clock) {
		this.deliveries = deliveries;
		this.requests = requests;
		this.sender = sender;
		this.nodes = nodes;
		this.metrics = metrics;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * One pass: takes over the deliveries of stopped nodes, looks up the unknown ones
	 * that are due, and refreshes the delivery counts of the metrics.
	 * @return what the pass did
	 */
	public Mono<Pass> reconcile() {
		return takeOverOrphans().flatMap((orphans) -> lookUpUnknown()
			.flatMap((settled) -> countStates().thenReturn(new Pass(orphans, settled))));
	}

	/**
	 * Takes over deliveries being sent that nobody is sending any more: claimed by a node
	 * that stopped checking in, once the claim is older than any single request to a
	 * platform; or claimed by this node and no longer among its sends, because recording
	 * their outcome failed (the database was away).
	 */
	private Mono<Long> takeOverOrphans() {
		Instant now = this.clock.instant();
		Instant stoppedBefore = now.minus(this.properties.orphanAfter());
		String self = this.nodes.self();
		return this.nodes.alive()
			.flatMapMany((alive) -> this.deliveries.findSendingClaimedBefore(now.minus(OWN_CLAIM_GRACE))
				.filter((delivery) -> self.equals(delivery.claimedBy()) ? !this.sender.sending(delivery)
						: !alive.contains(delivery.claimedBy()) && delivery.claimedAt().isBefore(stoppedBefore))
				.concatMap((delivery) -> takeOver(delivery, alive, now)))
			.reduce(0L, Long::sum);
	}

	private Mono<Long> takeOver(Delivery delivery, Set<String> alive, Instant now) {
		boolean own = this.nodes.self().equals(delivery.claimedBy());
		String reason = (own
				? "Hubben could not record " + delivery.platform().displayName() + "'s answer (the database was away)."
				: "The Hubben node sending it stopped before it recorded " + delivery.platform().displayName()
						+ "'s answer.")
				+ " The post may exist: Hubben looks it up before sending anything again.";
		return this.deliveries.takeOverOrphan(delivery.id(), delivery.claimedBy(), delivery.claimedAt(), reason, now)
			.filter((taken) -> taken == 1)
			.map((taken) -> {
				logger.warn("Took over delivery {} to {} from {} node {} (alive: {})", delivery.id(),
						delivery.platform(), own ? "this" : "stopped", delivery.claimedBy(), alive);
				return 1L;
			});
	}

	private Mono<Long> lookUpUnknown() {
		Instant now = this.clock.instant();
		return this.deliveries.findUnknownDue(now, this.properties.maxLookups(), BATCH)
			.concatMap((delivery) -> this.deliveries
				.claimLookup(delivery.id(), delivery.lookups(), now.plus(this.properties.lookupEvery()),
						this.nodes.self())
				.filter((claimed) -> claimed == 1)
				.flatMap((claimed) -> lookUp(delivery)))
			.filter(Boolean::booleanValue)
			.count();
	}

	/**
	 * @return whether the delivery was settled (found, or sent again)
	 */
	private Mono<Boolean> lookUp(Delivery delivery) {
		Instant since = ((delivery.claimedAt() != null) ? delivery.claimedAt() : delivery.dueAt()).minus(CLOCK_SLACK);
		String platform = delivery.platform().displayName();
		return this.requests.prepare(delivery)
			.flatMap((prepared) -> prepared.connector()
				.find(prepared.request(), since)
				.map((receipt) -> found(delivery, receipt))
				.defaultIfEmpty(Mono.defer(() -> notFound(delivery)))
				.flatMap((settle) -> settle))
			.onErrorResume(ConnectorException.class, (ex) -> cannotTell(delivery, lookupFailure(delivery, ex)))
			.onErrorResume(NotSendable.class, (ex) -> cannotTell(delivery, ex.getMessage()))
			.onErrorResume(ChannelNotConnected.class, (ex) -> cannotTell(delivery, "Hubben cannot look the post up on "
					+ platform + " until the channel" + " is reconnected: " + ex.getMessage()));
	}

	private Mono<Boolean> found(Delivery delivery, PublishReceipt receipt) {
		logger.info("Delivery {} to {}: found the post {} after its answer was lost", delivery.id(),
				delivery.platform(), receipt.remoteId());
		String note = "Found on " + delivery.platform().displayName() + " after its answer was lost";
		return this.deliveries
			.markSent(delivery.id(), DeliveryState.UNKNOWN, receipt.remoteId(), receipt.remoteUrl().toString(), note,
					this.clock.instant())
			.flatMap((updated) -> this.events.changed(updated, delivery, DeliveryState.SENT, receipt.remoteId(),
					receipt.remoteUrl().toString(), note))
			.doOnNext((updated) -> this.metrics.finished(delivery.platform(), DeliveryState.SENT))
			.thenReturn(true);
	}

	private Mono<Boolean> notFound(Delivery delivery) {
		logger.info("Delivery {} to {}: the platform has no such post, so it is sent again", delivery.id(),
				delivery.platform());
		String note = delivery.platform().displayName() + " has no such post, so nothing was posted: sending it again.";
		return this.deliveries.resendUnknown(delivery.id(), note, this.clock.instant())
			.flatMap((updated) -> this.events.changed(updated, delivery, DeliveryState.RETRYING, null, null, note))
			.filter((updated) -> updated == 1)
			.flatMap((updated) -> {
				this.metrics.retried(delivery.platform(), "not-found");
				return this.sender.sendDue(delivery.publicationId());
			})
			.thenReturn(true);
	}

	private String lookupFailure(Delivery delivery, ConnectorException failure) {
		String platform = delivery.platform().displayName();
		if (failure instanceof AuthorisationFailed) {
			return "Hubben cannot look the post up on " + platform + ": " + failure.getMessage()
					+ ". Reconnect the channel.";
		}
		return "Hubben could not look the post up on " + platform + " yet: " + failure.getMessage() + ".";
	}

	private Mono<Boolean> cannotTell(Delivery delivery, String reason) {
		boolean last = delivery.lookups() + 1 >= this.properties.maxLookups();
		String note = last ? reason + " Hubben has stopped looking: check the channel for the post, then publish it"
				+ " again if it is not there." : reason + " Looking again later.";
		logger.info("Delivery {} to {}: lookup could not tell ({})", delivery.id(), delivery.platform(), reason);
		return this.deliveries.noteUnknown(delivery.id(), note).thenReturn(false);
	}

	private Mono<Void> countStates() {
		return this.deliveries.countByPlatformAndState()
			.collectList()
			.doOnNext(this.metrics::counted)
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	/**
	 * What one pass did.
	 *
	 * @param orphans deliveries taken over from stopped nodes
	 * @param settled unknown deliveries found on their platform or sent again
	 */
	public record Pass(long orphans, long settled) {

	}

}
