package org.hubben.publishing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.content.PostEditor;
import org.hubben.content.PostNotFound;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.publishing.DeliveryEvents.DeliveryClaimed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Watches the deliveries of a publication while a person looks at it. A change made on
 * this node is seen at once (its {@link DeliveryStateChanged} or claim); a change made on
 * another node of the cluster, or by a path that announces nothing (a cancellation, a
 * retry asked for), is seen at the next re-read of the database, every
 * {@value #REREAD_SECONDS} seconds while someone watches. Non-blocking.
 */
@Service
public class PublicationWatcher {

	private static final Logger logger = LoggerFactory.getLogger(PublicationWatcher.class);

	static final int REREAD_SECONDS = 2;

	private static final Duration REREAD = Duration.ofSeconds(REREAD_SECONDS);

	private static final String REMOVED_CHANNEL = "(removed channel)";

	private final Publications publications;

	private final Deliveries deliveries;

	private final PostEditor postEditor;

	private final Channels channels;

	/** The publications changed on this node, for every watcher to filter its own. */
	private final Sinks.Many<UUID> changed = Sinks.many().multicast().directBestEffort();

	PublicationWatcher(Publications publications, Deliveries deliveries, PostEditor postEditor, Channels channels) {
		this.publications = publications;
		this.deliveries = deliveries;
		this.postEditor = postEditor;
		this.channels = channels;
	}

	/**
	 * Watches a publication of an organisation: first the state of every delivery, then
	 * only the deliveries that changed, each time something did; it completes once every
	 * delivery is settled (sent, failed or cancelled) and stays open while any is
	 * pending, being sent, retrying, unknown or waiting. A database read that fails is
	 * tried again at the next re-read rather than ending the watch.
	 * @param publicationId the publication
	 * @param organisationId the organisation of the person watching
	 * @return the changes; a {@link PublicationNotFound} error, before any change, when
	 * there is no such publication or its post belongs to another organisation
	 */
	public Flux<PublicationChange> watch(UUID publicationId, UUID organisationId) {
		return this.publications.findById(publicationId)
			.filterWhen((publication) -> this.postEditor.find(publication.postId())
				.map((post) -> post.organisationId().equals(organisationId))
				.onErrorResume(PostNotFound.class, (ex) -> Mono.just(false)))
			.switchIfEmpty(Mono.error(() -> new PublicationNotFound(publicationId)))
			.flatMapMany(
					(publication) -> channelNames(publicationId).flatMapMany((names) -> changes(publication, names)));
	}

	private Mono<Map<UUID, String>> channelNames(UUID publicationId) {
		return this.deliveries.findByPublicationIdOrderByPlatformAsc(publicationId)
			.map(Delivery::channelId)
			.distinct()
			.collectList()
			.flatMap((ids) -> this.channels.findAllById(ids).collectMap(Channel::id, Channel::name));
	}

	private Flux<PublicationChange> changes(Publication publication, Map<UUID, String> names) {
		UUID publicationId = publication.id();
		return Flux.defer(() -> {
			Map<UUID, DeliveryStatus> seen = new HashMap<>();
			Flux<Object> triggers = Flux.merge(Flux.interval(Duration.ZERO, REREAD),
					this.changed.asFlux().filter(publicationId::equals));
			return triggers
				// A burst of changes while the database is being read asks for one more
				// read, not one per change.
				.onBackpressureLatest()
				.concatMap((trigger) -> read(publicationId, names), 1)
				.concatMap((statuses) -> Mono.justOrEmpty(difference(publication, seen, statuses)), 1)
				.takeUntil(PublicationChange::settled);
		});
	}

	private Mono<List<DeliveryStatus>> read(UUID publicationId, Map<UUID, String> names) {
		return this.deliveries.findByPublicationIdOrderByPlatformAsc(publicationId)
			.map((delivery) -> DeliveryStatus.of(delivery, names.getOrDefault(delivery.channelId(), REMOVED_CHANNEL)))
			.collectList()
			.onErrorResume((ex) -> {
				logger.debug("Could not read the deliveries of publication {}; reading again soon", publicationId, ex);
				return Mono.empty();
			});
	}

	/**
	 * @return the deliveries that differ from what was seen last (remembering them), or
	 * {@code null} when none does
	 */
	private static PublicationChange difference(Publication publication, Map<UUID, DeliveryStatus> seen,
			List<DeliveryStatus> statuses) {
		List<DeliveryStatus> changed = new ArrayList<>();
		for (DeliveryStatus status : statuses) {
			if (!status.equals(seen.put(status.deliveryId(), status))) {
				changed.add(status);
			}
		}
		if (changed.isEmpty()) {
			return null;
		}
		return new PublicationChange(publication.zoneId(), changed,
				statuses.stream().allMatch(DeliveryStatus::settled));
	}

	@EventListener
	void deliveryChanged(DeliveryStateChanged event) {
		announce(event.publicationId());
	}

	@EventListener
	void deliveryClaimed(DeliveryClaimed event) {
		announce(event.publicationId());
	}

	/**
	 * Events come from many threads at once; the sink takes one signal at a time, and
	 * passing it on only queues a read, so holding the lock is brief.
	 */
	private void announce(UUID publicationId) {
		synchronized (this.changed) {
			this.changed.tryEmitNext(publicationId);
		}
	}

}
