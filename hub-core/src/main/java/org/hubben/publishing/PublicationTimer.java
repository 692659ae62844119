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
	 * Disarms the timer of a publication; nothing happens if none is armed.
	 */
	Mono<Void> disarm(UUID publicationId);

}
