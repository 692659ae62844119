package org.hubben.content;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** Every organisation's posts. New posts are composed through {@link PostEditor}. */
public interface Posts extends ReactiveCrudRepository<Post, UUID> {

	Flux<Post> findByOrganisationIdOrderByCreatedAtDesc(UUID organisationId);

	Mono<Post> findBySlug(String slug);

	/** The posts a member composed, newest first: part of their own data. */
	Flux<Post> findByCreatedByOrderByCreatedAtDesc(String username);

}
