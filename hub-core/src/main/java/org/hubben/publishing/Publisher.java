package org.hubben.publishing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.Connectors;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRequest;
import org.hubben.content.Post;
import org.hubben.content.PostEditor;
import org.hubben.content.Variant;
import org.hubben.media.MediaFile;
import org.hubben.media.MediaMissing;
import org.hubben.media.MediaStore;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Organisations;
import org.hubben.organisation.TokenRefresher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Schedules publications and fans them out. Every method is non-blocking.
 *
 * <p>
 * A delivery goes out only after this node claimed it with one conditional update;
 * cancellation is checked in that same update. The publish call is never retried here: a
 * request that may have reached the platform leaves the delivery
 * {@link DeliveryState#UNKNOWN} for reconciliation, never for a blind resend. A delivery
 * whose channel is expired, or whose token the platform refused, is
 * {@link DeliveryState#WAITING} until the channel is reconnected: nothing was posted, so
 * it is sent then.
 */
@Service
public class Publisher {

	private static final Logger logger = LoggerFactory.getLogger(Publisher.class);

	/**
	 * A time this close to now counts as now: the clocks of a browser and a server never
	 * agree exactly.
	 */
	private static final Duration PAST_TOLERANCE = Duration.ofMinutes(1);

	private static final int MAX_CHANNELS = 100;

	private static final int FAN_OUT = 32;

	/** How the reason of a {@link DeliveryState#WAITING} delivery begins. */
	static final String WAITING = "Waiting for the channel to be reconnected: ";

	private final Publications publications;

	private final Deliveries deliveries;

	private final PostEditor postEditor;

	private final Channels channels;

	private final ChannelRegistrar channelRegistrar;

	private final TokenRefresher tokenRefresher;

	private final Organisations organisations;

	private final Connectors connectors;

	private final MediaStore mediaStore;

	private final PublicationTimer timer;

	private final R2dbcEntityTemplate template;

	private final TransactionalOperator transactions;

	private final Clock clock;

	Publisher(Publications publications, Deliveries deliveries, PostEditor postEditor, Channels channels,
			ChannelRegistrar channelRegistrar, TokenRefresher tokenRefresher, Organisations organisations,
			Connectors connectors, MediaStore mediaStore, PublicationTimer timer, R2dbcEntityTemplate template,
			TransactionalOperator transactions, Clock clock) {
		this.publications = publications;
		this.deliveries = deliveries;
		this.postEditor = postEditor;
		this.channels = channels;
		this.channelRegistrar = channelRegistrar;
		this.tokenRefresher = tokenRefresher;
		this.organisations = organisations;
		this.connectors = connectors;
		this.mediaStore = mediaStore;
		this.timer = timer;
		this.template = template;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Schedules a post on some channels of its organisation, now or at a later instant.
	 * @param postId the post
	 * @param request the channels, the instant and the zone
	 * @param scheduledBy the username of who asks
	 * @return the publication with one pending delivery per channel; a
	 * {@link org.hubben.content.PostNotFound} or an {@link InvalidPublication} error
	 * (with a reason per field) when it cannot be scheduled
	 */
	public Mono<PublicationView> schedule(UUID postId, PublicationRequest request, String scheduledBy) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			Map<String, String> errors = new LinkedHashMap<>();
			List<UUID> channelIds = (request.channelIds() != null) ? request.channelIds() : List.of();
			if (channelIds.isEmpty()) {
				errors.put("channelIds", "Choose at least one channel");
			}
			else if (channelIds.size() > MAX_CHANNELS) {
				errors.put("channelIds", "At most " + MAX_CHANNELS + " channels at once");
			}
			else if (channelIds.contains(null) || new HashSet<>(channelIds).size() != channelIds.size()) {
				errors.put("channelIds", "Each channel may be chosen once");
			}
			if (request.at() != null && request.at().isBefore(now.minus(PAST_TOLERANCE))) {
				errors.put("at", "This time has passed; choose a time from now on, or leave it empty to publish now");
			}
			if (request.zone() != null) {
				try {
					DueTimes.zone(request.zone());
				}
				catch (InvalidPublication ex) {
					errors.putAll(ex.errors());
				}
			}
			if (!errors.isEmpty()) {
				return Mono.error(new InvalidPublication(errors));
			}
			Instant dueAt = (request.at() == null || request.at().isBefore(now)) ? now : request.at();
			return this.postEditor.find(postId)
				.flatMap((post) -> checkedChannels(post, channelIds).flatMap((channels) -> zoneFor(post, request.zone())
					.flatMap((zone) -> save(post, channels, dueAt, zone, scheduledBy, now))));
		}).flatMap((view) -> arm(view.publication()).thenReturn(view));
	}

	private Mono<List<Channel>> checkedChannels(Post post, List<UUID> channelIds) {
		return Flux.fromIterable(channelIds)
			.concatMap((channelId) -> this.channels.findById(channelId)
				.flatMap((channel) -> problemOf(post, channel).map((problem) -> new Checked(channel, problem))
					.defaultIfEmpty(new Checked(channel, null)))
				.defaultIfEmpty(new Checked(null, "Channel " + channelId + " does not exist")))
			.collectList()
			.flatMap((checked) -> {
				List<String> problems = checked.stream().map(Checked::problem).filter((p) -> p != null).toList();
				if (!problems.isEmpty()) {
					return Mono.error(new InvalidPublication(Map.of("channelIds", String.join("; ", problems))));
				}
				return Mono.just(checked.stream().map(Checked::channel).toList());
			});
	}

	/** Why the post cannot go to the channel, known now rather than when it fires. */
	private Mono<String> problemOf(Post post, Channel channel) {
		if (!channel.organisationId().equals(post.organisationId())) {
			return Mono.just(channel.name() + " belongs to another organisation");
		}
		return this.postEditor.variantFor(post, channel.platform())
			.flatMap((variant) -> variant.publishable() ? Mono.<String>empty()
					: Mono.just(channel.name() + ": " + String.join("; ", variant.problems())))
			.switchIfEmpty(Mono
				.defer(() -> this.connectors.forPlatform(channel.platform()).isPresent() ? Mono.empty() : Mono
					.just(channel.name() + ": Hubben has no " + channel.platform().displayName() + " connector yet")));
	}

	private Mono<ZoneId> zoneFor(Post post, String zone) {
		if (zone != null) {
			return Mono.just(DueTimes.zone(zone));
		}
		return this.organisations.findById(post.organisationId()).map((organisation) -> organisation.zone());
	}

	private Mono<PublicationView> save(Post post, List<Channel> channels, Instant dueAt, ZoneId zone,
			String scheduledBy, Instant now) {
		Publication publication = new Publication(UUID.randomUUID(), post.id(), dueAt, zone.getId(), scheduledBy, now);
		List<Delivery> pending = channels.stream()
			.map((channel) -> Delivery.pending(publication.id(), channel.id(), channel.platform(), dueAt))
			.toList();
		return this.template.insert(publication)
			.thenMany(Flux.fromIterable(pending).concatMap(this.template::insert))
			.collectList()
			.as(this.transactions::transactional)
			.map((saved) -> new PublicationView(publication, saved));
	}

	private Mono<Void> arm(Publication publication) {
		return this.timer.arm(publication.id(), publication.dueAt()).onErrorResume((ex) -> {
			logger.warn("Could not arm the timer of publication {}; the sweep will fire it", publication.id(), ex);
			return Mono.empty();
		});
	}

	/**
	 * @return the publication and its deliveries; a {@link PublicationNotFound} error
	 * when there is none
	 */
	public Mono<PublicationView> view(UUID publicationId) {
		return this.publications.findById(publicationId)
			.switchIfEmpty(Mono.error(() -> new PublicationNotFound(publicationId)))
			.flatMap((publication) -> this.deliveries.findByPublicationIdOrderByPlatformAsc(publicationId)
				.collectList()
				.map((deliveries) -> new PublicationView(publication, deliveries)));
	}

	/**
	 * @return the most recently due publications first
	 */
	public Flux<PublicationView> latest(int limit) {
		return this.publications.findLatest(limit).concatMap((publication) -> view(publication.id()));
	}

	/**
	 * @return the publications of one post, latest first
	 */
	public Flux<PublicationView> ofPost(UUID postId) {
		return this.publications.findByPostIdOrderByDueAtDesc(postId)
			.concatMap((publication) -> view(publication.id()));
	}

	/**
	 * Cancels every delivery of the publication that has not been claimed yet or is
	 * waiting for its channel. Deliveries already sending or finished keep their state.
	 * @return the publication afterwards; a {@link PublicationNotFound} error when there
	 * is none
	 */
	public Mono<PublicationView> cancel(UUID publicationId) {
		return view(publicationId)
			.flatMap((before) -> this.deliveries.cancelPending(publicationId, this.clock.instant()))
			.flatMap((cancelled) -> this.timer.disarm(publicationId)
				.onErrorResume((ex) -> Mono.empty())
				.then(view(publicationId)));
	}

	/**
	 * @return the publications that have a pending delivery due before the instant
	 */
	public Flux<UUID> withPendingDeliveriesDueBefore(Instant instant) {
		return this.publications.findIdsWithPendingDeliveriesDueBefore(instant);
	}

	/**
	 * Sends every due, pending delivery of a publication that this node manages to claim,
	 * in parallel, and records each outcome. Safe to call more than once and from several
	 * nodes at once.
	 * @return completes when every claimed delivery has its outcome recorded
	 */
	public Mono<Void> fire(UUID publicationId) {
		return this.deliveries.findByPublicationIdAndState(publicationId, DeliveryState.PENDING)
			.flatMap(this::deliver, FAN_OUT)
			.then();
	}

	private Mono<Void> deliver(Delivery delivery) {
		Instant now = this.clock.instant();
		return this.deliveries.claim(delivery.id(), now).filter((claimed) -> claimed == 1).flatMap((claimed) -> {
			logger.debug("Claimed delivery {} to {}, {} ms after its time", delivery.id(), delivery.platform(),
					Duration.between(delivery.dueAt(), now).toMillis());
			return prepare(delivery).flatMap((prepared) -> send(delivery, prepared))
				.onErrorResume(NotSendable.class, (ex) -> finish(delivery, DeliveryState.FAILED, ex.getMessage()))
				.onErrorResume(ChannelNotConnected.class, (ex) -> waitForReconnect(delivery, ex.getMessage()));
		});
	}

	private Mono<Prepared> prepare(Delivery delivery) {
		Connector connector = this.connectors.forPlatform(delivery.platform()).orElse(null);
		if (connector == null) {
			return Mono.error(new NotSendable(
					"Hubben has no " + delivery.platform().displayName() + " connector: nothing was sent"));
		}
		Mono<Channel> channel = this.channels.findById(delivery.channelId())
			.switchIfEmpty(Mono.error(() -> new NotSendable("The channel was removed: nothing was sent")));
		Mono<Post> post = this.publications.findById(delivery.publicationId())
			.flatMap((publication) -> this.postEditor.find(publication.postId()));
		return Mono.zip(channel, post).flatMap((both) -> {
			Channel target = both.getT1();
			if (target.status() == ChannelStatus.EXPIRED) {
				return Mono.error(new ChannelNotConnected(target.platform().displayName() + " channel " + target.name()
						+ " must be reconnected: its token expired or was revoked. Nothing was sent."));
			}
			return this.postEditor.variantFor(both.getT2(), delivery.platform())
				.switchIfEmpty(Mono.error(() -> new NotSendable("No variant for " + delivery.platform())))
				.flatMap(
						(variant) -> Mono
							.zip(this.tokenRefresher.freshCredentials(target)
								.onErrorMap(AuthorisationFailed.class, (ex) -> new ChannelNotConnected(ex.getMessage()))
								.onErrorMap(ConnectorException.class,
										(ex) -> new NotSendable("The token could not be refreshed: " + ex.getMessage()
												+ ". Nothing was sent."))
								.onErrorMap(IllegalStateException.class, (ex) -> new NotSendable(ex.getMessage())),
									mediaToPublish(variant))
							.map((prepared) -> {
								ChannelAccess access = new ChannelAccess(target.accountId(),
										prepared.getT1().accessToken(), prepared.getT1().tokenSecret());
								return new Prepared(connector,
										requestFor(delivery.id(), access, variant, prepared.getT2()));
							}));
		});
	}

	/** The media the variant's platform receives, in the author's order. */
	private Mono<List<PublishMedia>> mediaToPublish(Variant variant) {
		return this.mediaStore.findAll(variant.media())
			.collectMap(MediaFile::id)
			.flatMapMany((byId) -> Flux.fromIterable(variant.media()).mapNotNull(byId::get))
			.concatMap(this.mediaStore::publishable)
			.collectList()
			.onErrorMap(MediaMissing.class, (ex) -> new NotSendable(ex.getMessage() + ". Nothing was sent."));
	}

	/**
	 * @return what the connector receives: the variant's text, title, link and tags, and
	 * the media it takes
	 */
	static PublishRequest requestFor(UUID deliveryId, ChannelAccess access, Variant variant, List<PublishMedia> media) {
		return new PublishRequest(deliveryId, access, variant.text(), variant.title(), variant.link(), media,
				variant.tags());
	}

	private Mono<Void> send(Delivery delivery, Prepared prepared) {
		return prepared.connector()
			.publish(prepared.request())
			.flatMap((receipt) -> recordSent(delivery, receipt))
			.onErrorResume((ex) -> recordFailure(delivery, ex));
	}

	private Mono<Void> recordSent(Delivery delivery, PublishReceipt receipt) {
		Instant now = this.clock.instant();
		logger.info("Delivery {} sent to {} as {}", delivery.id(), delivery.platform(), receipt.remoteId());
		return this.deliveries.markSent(delivery.id(), receipt.remoteId(), receipt.remoteUrl().toString(), now).then();
	}

	private Mono<Void> recordFailure(Delivery delivery, Throwable failure) {
		if (failure instanceof OutcomeUnknown unknown) {
			logger.warn("Delivery {} to {}: outcome unknown ({})", delivery.id(), delivery.platform(),
					unknown.getMessage());
			return finish(delivery, DeliveryState.UNKNOWN, unknown.getMessage());
		}
		if (failure instanceof AuthorisationFailed refused) {
			// Nothing was posted: the delivery waits for the channel to be reconnected.
			logger.info("Delivery {} to {} waits for a reconnect: {}", delivery.id(), delivery.platform(),
					refused.getMessage());
			return this.channelRegistrar.markExpired(delivery.channelId())
				.then(waitForReconnect(delivery, refused.getMessage()));
		}
		if (failure instanceof ConnectorException refused) {
			logger.info("Delivery {} to {} failed: {}", delivery.id(), delivery.platform(), refused.getMessage());
			return finish(delivery, DeliveryState.FAILED, refused.getMessage());
		}
		// A connector must only fail with ConnectorException; anything else may have
		// happened after the request
		// left, so it is treated as unknown rather than as a safe failure.
		logger.error("Delivery {} to {}: unexpected error from the connector", delivery.id(), delivery.platform(),
				failure);
		return finish(delivery, DeliveryState.UNKNOWN, "Unexpected error while sending to "
				+ delivery.platform().displayName() + "; the post may exist: check the channel before sending again");
	}

	private Mono<Void> finish(Delivery delivery, DeliveryState state, String error) {
		return this.deliveries.markFinished(delivery.id(), state, error, this.clock.instant()).then();
	}

	private Mono<Void> waitForReconnect(Delivery delivery, String reason) {
		return this.deliveries.markWaiting(delivery.id(), WAITING + reason).then();
	}

	private record Checked(Channel channel, String problem) {

	}

	private record Prepared(Connector connector, PublishRequest request) {

	}

	/**
	 * The channel must be reconnected before the delivery can go out; found before any
	 * request left, or from the platform's refusal of the token.
	 */
	private static final class ChannelNotConnected extends RuntimeException {

		ChannelNotConnected(String reason) {
			super(reason, null, false, false);
		}

	}

	/** The delivery cannot be sent for a reason found before any request left. */
	private static final class NotSendable extends RuntimeException {

		NotSendable(String reason) {
			super(reason, null, false, false);
		}

	}

}
