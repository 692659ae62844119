package org.hubben.organisation;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The organisations, read side. Organisations are created at first start and by
 * administrators.
 */
public interface Organisations extends ReactiveCrudRepository<Organisation, UUID> {

	Mono<Organisation> findBySlug(String slug);

	Flux<Organisation> findByParentId(UUID parentId);

}
