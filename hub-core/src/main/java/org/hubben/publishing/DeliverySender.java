package org.hubben.publishing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PreDestroy;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.RateLimited;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.Channels;
import org.hubben.policy.OwnChannels;
import org.hubben.publishing.DeliveryRequests.ChannelNotConnected;
import org.hubben.publishing.DeliveryRequests.NotSendable;
import org.hubben.publishing.DeliveryRequests.Prepared;
import org.hubben.publishing.DeliveryRequests.PublicationContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * Sends the deliveries of a publication whose time has come and records each outcome.
 * Non-blocking.
 *
 * <p>
 * A delivery goes out only after this node claimed it with one conditional update;
 * cancellation is checked in that same update. The claimable deliveries of a publication
 * are claimed together, in one statement ({@link DeliveryClaims}), and share one reading
 * of the publication and its post; each delivery's own channel is read once, at its send.
 * The publish call is never repeated blindly: a request that may have reached the
 * platform leaves the delivery {@link DeliveryState#UNKNOWN} for the {@link Reconciler}.
 * Only what the platform certainly did not take is sent again by itself
 * ({@link DeliveryState#RETRYING}): after an outage, with exponential backoff and jitter,
 * up to a number of attempts; after a rate limit, exactly when the platform said, which
 * every node then respects for that channel or app. A delivery first claimed more than
 * the late limit after its time fails as having missed it, unless its publication asked
 * to send late posts anyway.
 */
@Component
class DeliverySender {

	private static final Logger logger = LoggerFactory.getLogger(DeliverySender.class);

	private static final int FAN_OUT = 32;

	private static final Duration EMIT_LIMIT = Duration.ofSeconds(5);

	private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

	/** How the reason of a {@link DeliveryState#WAITING} delivery begins. */
	static final String WAITING = "Waiting for the channel to be reconnected: ";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final Publications publications;

	private final Deliveries deliveries;

	private final DeliveryRequests requests;

	private final RateLimits rateLimits;

	private final ChannelRegistrar channelRegistrar;

	private final PublicationTimer timer;

	private final ClusterNodes nodes;

	private final DeliveryMetrics metrics;

	private final PublishingProperties properties;

	private final RetryPolicy retryPolicy;

	private final DeliveryEvents events;

	private final Clock clock;

	private final Channels channels;

	private final OwnChannels ownChannels;

	private final TargetedPublications targeted;

	private final Sinks.Many<Claimed> queue = Sinks.many().unicast().onBackpressureBuffer();

	private final CountDownLatch drained = new CountDownLatch(1);

	private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

	/** Publications whose claim statement is running, with how many such claims. */
	private final Map<UUID, Integer> claiming = new ConcurrentHashMap<>();

	private final DeliveryClaims claims;

	DeliverySender(Publications publications, Deliveries deliveries, DeliveryClaims claims, DeliveryRequests requests,
			RateLimits rateLimits, ChannelRegistrar channelRegistrar, PublicationTimer timer, ClusterNodes nodes,
			DeliveryMetrics metrics, PublishingProperties properties, DeliveryEvents events, Clock clock,
			Channels channels, OwnChannels ownChannels, TargetedPublications targeted) {
		this.claims = claims;
		this.targeted = targeted;
		this.channels = channels;
		this.ownChannels = ownChannels;
		this.publications = publications;
		this.deliveries = deliveries;
		this.requests = requests;
		this.rateLimits = rateLimits;
		this.channelRegistrar = channelRegistrar;
		this.timer = timer;
		this.nodes = nodes;
		this.metrics = metrics;
		this.properties = properties;
		this.retryPolicy = new RetryPolicy(properties.firstRetry(), properties.maxRetry(),
				() -> ThreadLocalRandom.current().nextDouble());
		this.events = events;
		this.clock = clock;
		this.queue.asFlux()
			.flatMap((claimed) -> process(claimed).onErrorResume((ex) -> Mono.empty()), properties.sendsInFlight())
			.doFinally((signal) -> this.drained.countDown())
			.subscribe();
	}

	/**
	 * Sends every delivery of the publication that may go now and that this node manages
	 * to claim, in parallel. Safe to call more than once and from several nodes at once.
	 * @return completes when every claimed delivery has its outcome recorded
	 */
	Mono<Void> sendDue(UUID publicationId) {
		return claimDue(publicationId)
			.flatMap((claimed) -> process(claimed).onErrorResume((ex) -> Mono.empty()), FAN_OUT)
			.then();
	}

	/**
	 * @return whether this node may be sending the delivery now: it claimed it and has
	 * not recorded its outcome yet, or it is claiming its publication's deliveries at
	 * this moment
	 */
	boolean sending(Delivery delivery) {
		return this.inFlight.contains(delivery.id()) || this.claiming.containsKey(delivery.publicationId());
	}

	/**
	 * Claims every delivery of the publication that may go now, as {@link #sendDue} does,
	 * but sends them in the background, at most {@code hubben.publishing.sends-in-flight}
	 * at a time on this node, so a timer thread is free again as soon as the claims are
	 * made. A claimed delivery this node stops before sending is taken over by the
	 * {@link Reconciler}.
	 * @return how many deliveries this call claimed, once they are claimed
	 */
	Mono<Long> dispatch(UUID publicationId) {
		return claimDue(publicationId)
			.doOnNext((claimed) -> this.queue.emitNext(claimed, Sinks.EmitFailureHandler.busyLooping(EMIT_LIMIT)))
			.count();
	}

	private Flux<Claimed> claimDue(UUID publicationId) {
		return this.publications.findById(publicationId)
			.flatMapMany((publication) -> claim(this.requests.contentOf(publication)));
	}

	/**
	 * Claims the publication's deliveries that may go now. Each counts as being sent by
	 * this node from just before the claim until its outcome is recorded or recording
	 * fails (while the claim statement runs, through its publication), so the reconciler
	 * never mistakes a delivery this node is working on for one it lost.
	 */
	private Flux<Claimed> claim(PublicationContent content) {
		UUID publicationId = content.publication().id();
		return Flux.defer(() -> {
			Instant now = this.clock.instant();
			this.claiming.merge(publicationId, 1, Integer::sum);
			return this.claims.claimDue(publicationId, now, this.nodes.self())
				.doOnNext((delivery) -> this.inFlight.add(delivery.id()))
				.doOnNext(this.events::claimed)
				.map((delivery) -> new Claimed(content, delivery, delivery.claimedAt()))
				.doFinally((signal) -> this.claiming.computeIfPresent(publicationId,
						(id, running) -> (running > 1) ? running - 1 : null));
		});
	}

	/** Finishes the background sends this node took on before it stops, for a while. */
	@PreDestroy
	void drain() throws InterruptedException {
		this.queue.emitComplete(Sinks.EmitFailureHandler.busyLooping(EMIT_LIMIT));
		if (!this.drained.await(DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
			logger.warn("Stopping with deliveries still being sent; the reconciler of a running node looks them up");
		}
	}

	/**
	 * Sends one claimed delivery and records its outcome. An error means the outcome
	 * could not be recorded (the database is away): the delivery stays claimed but is no
	 * longer being sent, so the reconciler takes it over and looks it up.
	 */
	private Mono<Void> process(Claimed claimed) {
		UUID id = claimed.delivery().id();
		return Mono.defer(() -> sendClaimed(claimed))
			.doOnError((ex) -> logger.warn("Could not record delivery {}; the reconciler will look it up", id, ex))
			.doFinally((signal) -> this.inFlight.remove(id));
	}

	private Mono<Void> sendClaimed(Claimed claimed) {
		Delivery delivery = claimed.delivery();
		Instant now = claimed.at();
		boolean firstClaim = delivery.attempts() == 1;
		Duration late = Duration.between(delivery.dueAt(), now);
		logger.debug("Claimed delivery {} to {}, {} ms after its time", delivery.id(), delivery.platform(),
				late.toMillis());
		if (firstClaim) {
			this.metrics.claimed(delivery.platform(), late);
			if (!claimed.publication().sendLate() && late.compareTo(this.properties.lateAfter()) > 0) {
				return fail(claimed, missedItsTime(delivery, late));
			}
		}
		// Checked at every claim, as the late limit is: a channel may have lost its
		// verification (or never had it, from an older version) after it was scheduled.
		return this.channels.findById(delivery.channelId())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(
					(channel) -> channel.map(this.ownChannels::refusal)
						.orElse(Mono.empty())
						.switchIfEmpty(Mono.defer(() -> openTargetingRefusal(claimed.publication())))
						.flatMap((refusal) -> fail(claimed, refusal + ". Nothing was sent.").thenReturn(true))
						.switchIfEmpty(Mono
							.defer(() -> sendUnlessRateLimited(claimed, channel.orElse(null), now).thenReturn(false))))
			.then();
	}

	/**
	 * A targeted ("dark") post goes out only alongside its open post, which may have been
	 * cancelled since the targeted one was scheduled.
	 */
	private Mono<String> openTargetingRefusal(Publication publication) {
		if (!publication.targeted()) {
			return Mono.empty();
		}
		return this.targeted.refusal(publication.postId(), publication.dueAt(), DueTimes.zone(publication.zoneId()));
	}

	private Mono<Void> sendUnlessRateLimited(Claimed claimed, Channel channel, Instant now) {
		Delivery delivery = claimed.delivery();
		return this.rateLimits.holding(delivery.platform(), delivery.channelId(), now)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((hold) -> hold.isPresent()
					? retryAt(claimed, hold.get().until(), hold.get().reason(), false, "rate-limit")
					: send(claimed, channel));
	}

	private String missedItsTime(Delivery delivery, Duration late) {
		return "Missed its time: it was due at " + TIME.format(delivery.dueAt()) + " and Hubben could only send it "
				+ describe(late) + " later, past the limit of " + describe(this.properties.lateAfter())
				+ ". Nothing was sent: publish it again if it is still current, or choose to send late posts"
				+ " anyway.";
	}

	private static String describe(Duration duration) {
		return (duration.toMinutes() >= 2) ? duration.toMinutes() + " minutes" : duration.toSeconds() + " seconds";
	}

	private Mono<Void> send(Claimed claimed, Channel channel) {
		return this.requests.prepare(claimed.delivery(), channel, claimed.content())
			.flatMap((prepared) -> publish(prepared).flatMap((outcome) -> record(claimed, outcome)))
			.onErrorResume(NotSendable.class, (ex) -> fail(claimed, ex.getMessage()))
			.onErrorResume(ChannelNotConnected.class, (ex) -> waitForReconnect(claimed, ex.getMessage()));
	}

	/**
	 * The connector's answer, or why there is none. Errors in recording it afterwards are
	 * not mistaken for the platform's: they leave the delivery being sent, for the
	 * reconciler to take over.
	 */
	private static Mono<Outcome> publish(Prepared prepared) {
		return prepared.connector()
			.publish(prepared.request())
			.map((receipt) -> new Outcome(receipt, null))
			.onErrorResume((ex) -> Mono.just(new Outcome(null, ex)));
	}

	private Mono<Void> record(Claimed claimed, Outcome outcome) {
		Delivery delivery = claimed.delivery();
		if (outcome.receipt() != null) {
			PublishReceipt receipt = outcome.receipt();
			logger.info("Delivery {} sent to {} as {}", delivery.id(), delivery.platform(), receipt.remoteId());
			return this.deliveries
				.markSent(delivery.id(), DeliveryState.SENDING, receipt.remoteId(), receipt.remoteUrl().toString(),
						null, this.clock.instant())
				.flatMap((updated) -> this.events.changed(updated, delivery, claimed.postId(), DeliveryState.SENT,
						receipt.remoteId(), receipt.remoteUrl().toString(), null))
				.doOnNext((updated) -> this.metrics.finished(delivery.platform(), DeliveryState.SENT))
				.then();
		}
		Throwable failure = outcome.failure();
		if (failure instanceof OutcomeUnknown unknown) {
			logger.warn("Delivery {} to {}: outcome unknown ({})", delivery.id(), delivery.platform(),
					unknown.getMessage());
			return unknown(claimed, unknown.getMessage());
		}
		if (failure instanceof AuthorisationFailed refused) {
			// Nothing was posted: the delivery waits for the channel to be reconnected.
			logger.info("Delivery {} to {} waits for a reconnect: {}", delivery.id(), delivery.platform(),
					refused.getMessage());
			return this.channelRegistrar.markExpired(delivery.channelId())
				.then(waitForReconnect(claimed, refused.getMessage()));
		}
		if (failure instanceof RateLimited limited) {
			return rateLimited(claimed, limited);
		}
		if (failure instanceof ConnectorException refused && refused.retryable()) {
			return unavailable(claimed, refused);
		}
		if (failure instanceof ConnectorException refused) {
			logger.info("Delivery {} to {} failed: {}", delivery.id(), delivery.platform(), refused.getMessage());
			return fail(claimed, refused.getMessage());
		}
		// A connector only fails with ConnectorException; anything else may have happened
		// after the request left, so the post may exist.
		logger.error("Delivery {} to {}: unexpected error from the connector", delivery.id(), delivery.platform(),
				failure);
		return unknown(claimed, "Unexpected error while sending to " + delivery.platform().displayName() + ".");
	}

	private Mono<Void> unknown(Claimed claimed, String reason) {
		Delivery delivery = claimed.delivery();
		Instant lookUpAt = this.clock.instant().plus(this.properties.firstLookup());
		String note = reason + " The post may exist: Hubben looks it up on " + delivery.platform().displayName()
				+ " before sending anything again.";
		return this.deliveries.markUnknown(delivery.id(), note, lookUpAt)
			.flatMap((updated) -> this.events.changed(updated, delivery, claimed.postId(), DeliveryState.UNKNOWN, null,
					null, note))
			.doOnNext((updated) -> this.metrics.finished(delivery.platform(), DeliveryState.UNKNOWN))
			.then();
	}

	private Mono<Void> rateLimited(Claimed claimed, RateLimited limited) {
		Delivery delivery = claimed.delivery();
		Instant now = this.clock.instant();
		Duration wait = Duration.between(now, limited.retryAt());
		this.metrics.rateLimited(delivery.platform(), limited.scope(), wait);
		logger.info("Delivery {} to {}: rate limited until {} ({})", delivery.id(), delivery.platform(),
				limited.retryAt(), limited.scope());
		Mono<Void> shared = this.rateLimits.record(limited, delivery.channelId());
		if (wait.compareTo(this.properties.longestRateLimitWait()) > 0) {
			return shared.then(fail(claimed, limited.getMessage() + ". That is longer than Hubben waits ("
					+ this.properties.longestRateLimitWait().toHours()
					+ " hours): nothing was sent; publish it again after " + TIME.format(limited.retryAt()) + "."));
		}
		return shared.then(retryAt(claimed, limited.retryAt(), limited.getMessage(), false, "rate-limit"));
	}

	private Mono<Void> unavailable(Claimed claimed, ConnectorException failure) {
		Delivery delivery = claimed.delivery();
		// The claim counted this attempt.
		int attempts = delivery.attempts();
		if (attempts >= this.properties.maxAttempts()) {
			logger.info("Delivery {} to {} failed after {} attempts: {}", delivery.id(), delivery.platform(), attempts,
					failure.getMessage());
			return fail(claimed, failure.getMessage() + ". Nothing was sent; Hubben gave up after " + attempts
					+ " attempts: retry it when " + delivery.platform().displayName() + " is back.");
		}
		Instant at = this.clock.instant().plus(this.retryPolicy.waitAfter(attempts));
		return retryAt(claimed, at, failure.getMessage() + ". Nothing was sent; attempt " + (attempts + 1) + " of "
				+ this.properties.maxAttempts() + " at " + TIME.format(at) + ".", true, "unavailable");
	}

	private Mono<Void> retryAt(Claimed claimed, Instant at, String reason, boolean countAttempt, String why) {
		Delivery delivery = claimed.delivery();
		return this.deliveries.markRetrying(delivery.id(), reason, at, countAttempt)
			.flatMap((updated) -> this.events.changed(updated, delivery, claimed.postId(), DeliveryState.RETRYING, null,
					null, reason))
			.flatMap((updated) -> {
				this.metrics.retried(delivery.platform(), why);
				return this.timer.armRetry(delivery.publicationId(), delivery.id(), at).onErrorResume((ex) -> {
					logger.warn("Could not arm the retry of delivery {}; the sweep will send it", delivery.id(), ex);
					return Mono.empty();
				});
			});
	}

	private Mono<Void> fail(Claimed claimed, String reason) {
		Delivery delivery = claimed.delivery();
		return this.deliveries.markFailed(delivery.id(), reason, this.clock.instant())
			.flatMap((updated) -> this.events.changed(updated, delivery, claimed.postId(), DeliveryState.FAILED, null,
					null, reason))
			.doOnNext((updated) -> this.metrics.finished(delivery.platform(), DeliveryState.FAILED))
			.then();
	}

	private Mono<Void> waitForReconnect(Claimed claimed, String reason) {
		Delivery delivery = claimed.delivery();
		return this.deliveries.markWaiting(delivery.id(), WAITING + reason)
			.flatMap((updated) -> this.events.changed(updated, delivery, claimed.postId(), DeliveryState.WAITING, null,
					null, WAITING + reason))
			.doOnNext((updated) -> this.metrics.finished(delivery.platform(), DeliveryState.WAITING))
			.then();
	}

	/**
	 * A delivery this node claimed at an instant, as the claim left it, with what its
	 * publication's deliveries share.
	 */
	private record Claimed(PublicationContent content, Delivery delivery, Instant at) {

		Publication publication() {
			return this.content.publication();
		}

		UUID postId() {
			return this.content.publication().postId();
		}

	}

	/** Either the platform's receipt or why there is none. */
	private record Outcome(PublishReceipt receipt, Throwable failure) {

	}

}
