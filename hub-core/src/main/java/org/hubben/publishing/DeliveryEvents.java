package org.hubben.publishing;

import java.time.Clock;

import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link DeliveryStateChanged} after a conditional update changed a delivery.
 * Listeners are called on the caller's thread and must not block.
 */
@Component
class DeliveryEvents {

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
			.doOnNext((publication) -> this.publisher.publishEvent(new DeliveryStateChanged(delivery.id(),
					delivery.publicationId(), publication.postId(), delivery.channelId(), delivery.platform(), state,
					remoteId, remoteUrl, error, this.clock.instant())))
			.thenReturn(updated);
	}

}
