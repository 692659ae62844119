package org.hubben.content;

import java.util.UUID;

import reactor.core.publisher.Flux;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** The variants people edited. */
interface PostVariants extends ReactiveCrudRepository<PostVariant, UUID> {

	Flux<PostVariant> findByPostId(UUID postId);

}
