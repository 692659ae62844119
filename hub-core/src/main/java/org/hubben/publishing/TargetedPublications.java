package org.hubben.publishing;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.connector.Targeting;
import org.hubben.policy.OpenTargeting;
import org.hubben.policy.OpenTargeting.OpenPublication;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Targeted ("dark") publications and the open ones they must go out alongside
 * ({@link OpenTargeting}): their targeting as stored, the rule applied to a post's
 * publications, and the link to the open post. Non-blocking.
 */
@Component
class TargetedPublications {

	/** States of a delivery that has not gone out yet but still will. */
	private static final Set<DeliveryState> GOING_OUT = EnumSet.of(DeliveryState.PENDING, DeliveryState.SENDING,
			DeliveryState.RETRYING, DeliveryState.UNKNOWN, DeliveryState.WAITING);

	private final Publications publications;

	private final Deliveries deliveries;

	private final JsonMapper json;

	TargetedPublications(Publications publications, Deliveries deliveries, JsonMapper json) {
		this.publications = publications;
		this.deliveries = deliveries;
		this.json = json;
	}

	/**
	 * @return the targeting as stored in a publication; {@code null} for none
	 */
	String stored(Targeting targeting) {
		return (targeting != null) ? this.json.writeValueAsString(targeting) : null;
	}

	/**
	 * @return the publication's targeting; {@code null} for an open publication
	 */
	Targeting of(Publication publication) {
		return publication.targeted() ? this.json.readValue(publication.targeting(), Targeting.class) : null;
	}

	/**
	 * @return why a targeted publication of the post due at the instant is refused; empty
	 * when an open publication of the post carries its message in time
	 */
	Mono<String> refusal(UUID postId, Instant targetedAt, ZoneId zone) {
		return openOf(postId)
			.flatMap((open) -> this.deliveries.findByPublicationIdOrderByPlatformAsc(open.id())
				.collectList()
				.map((deliveries) -> new OpenPublication(open.dueAt(),
						deliveries.stream().anyMatch((delivery) -> delivery.state() == DeliveryState.SENT),
						deliveries.stream().anyMatch((delivery) -> GOING_OUT.contains(delivery.state())))))
			.collectList()
			.flatMap((open) -> Mono.justOrEmpty(OpenTargeting.refusal(targetedAt, zone, open)));
	}

	/**
	 * @return where the open post is: the address Facebook gave the earliest sent open
	 * Facebook delivery of the post; the fallback (the post's page on the home site)
	 * while none was sent
	 */
	Mono<URI> openLink(UUID postId, URI fallback) {
		return openOf(postId).sort((a, b) -> a.dueAt().compareTo(b.dueAt()))
			.concatMap((open) -> this.deliveries.findByPublicationIdOrderByPlatformAsc(open.id()))
			.filter((delivery) -> delivery.platform() == Platform.FACEBOOK && delivery.state() == DeliveryState.SENT
					&& delivery.remoteUrl() != null)
			.next()
			.map((delivery) -> URI.create(delivery.remoteUrl()))
			.defaultIfEmpty(fallback);
	}

	private Flux<Publication> openOf(UUID postId) {
		return this.publications.findByPostIdOrderByDueAtDesc(postId).filter((publication) -> !publication.targeted());
	}

}
