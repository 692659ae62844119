package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Fires publications at their time; implemented by the scheduling module. A timer that
 * fails to arm is not fatal: the periodic sweep fires every due publication that has
 * pending deliveries.
 */
public interface PublicationTimer {

	/**
	 * Arms (or re-arms) the timer so that {@link Publisher#fire} is called for the
	 * publication at {@code dueAt}, never earlier.
	 */
	Mono<Void> arm(UUID publicationId, Instant dueAt);

	/**
	 * Arms a timer that calls {@link Publisher#fire} for the publication at {@code at},
	 * never earlier, so that one delivery's retry goes out on time; it leaves the
	 * publication's own timer alone.
	 */
	Mono<Void> armRetry(UUID publicationId, UUID deliveryId, Instant at);

	/**
	 * Disarms the timer of a publication; nothing happens if none is armed.
	 */
	Mono<Void> disarm(UUID publicationId);

}
