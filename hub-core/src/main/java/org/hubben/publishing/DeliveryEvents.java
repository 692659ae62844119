package org.hubben.publishing;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link DeliveryStateChanged} after a conditional update changed a delivery.
 * Listeners are called on the caller's thread and must not block.
 */
@Component
class DeliveryEvents {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryEvents.class);

	private final Publications publications;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	DeliveryEvents(Publications publications, ApplicationEventPublisher publisher, Clock clock) {
		this.publications = publications;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * @param updated the rows the conditional update changed: nothing is published unless
	 * it is 1 (another node, or another path, made the change otherwise)
	 * @param delivery the delivery as it was read before the update
	 * @return the rows the update changed, once the event is published
	 */
	Mono<Integer> changed(int updated, Delivery delivery, DeliveryState state, String remoteId, String remoteUrl,
			String error) {
		if (updated != 1) {
			return Mono.just(updated);
		}
		return this.publications.findById(delivery.publicationId())
			.flatMap((publication) -> changed(updated, delivery, publication.postId(), state, remoteId, remoteUrl,
					error))
			.defaultIfEmpty(updated);
	}

	/**
	 * As {@link #changed(int, Delivery, DeliveryState, String, String, String)}, for a
	 * caller that knows the delivery's post.
	 * @param postId the post of the delivery's publication
	 */
	Mono<Integer> changed(int updated, Delivery delivery, UUID postId, DeliveryState state, String remoteId,
			String remoteUrl, String error) {
		if (updated == 1) {
			this.publisher.publishEvent(
					new DeliveryStateChanged(delivery.id(), delivery.publicationId(), postId, delivery.channelId(),
							delivery.platform(), state, remoteId, remoteUrl, error, this.clock.instant()));
		}
		return Mono.just(updated);
	}

	/**
	 * Tells this node's listeners that a delivery was claimed: a claim is no
	 * {@link DeliveryStateChanged} (nothing has happened on the platform yet), but people
	 * watching the publication see it being sent at once.
	 */
	void claimed(Delivery delivery) {
		try {
			this.publisher.publishEvent(new DeliveryClaimed(delivery.id(), delivery.publicationId()));
		}
		catch (RuntimeException ex) {
			// The claim stands whatever a listener does: the delivery must go out.
			logger.warn("A listener failed on the claim of delivery {}", delivery.id(), ex);
		}
	}

	/**
	 * A delivery was claimed on this node.
	 *
	 * @param deliveryId the delivery
	 * @param publicationId its publication
	 */
	record DeliveryClaimed(UUID deliveryId, UUID publicationId) {

	}

}
