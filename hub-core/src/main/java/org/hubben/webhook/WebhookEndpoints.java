package org.hubben.webhook;

import java.util.UUID;

import reactor.core.publisher.Flux;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** Every webhook endpoint. */
interface WebhookEndpoints extends ReactiveCrudRepository<WebhookEndpoint, UUID> {

	Flux<WebhookEndpoint> findByOrganisationIdOrderByCreatedAtAsc(UUID organisationId);

	Flux<WebhookEndpoint> findByOrganisationIdAndActiveTrue(UUID organisationId);

}
