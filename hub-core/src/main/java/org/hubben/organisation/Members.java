package org.hubben.organisation;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** The members of every organisation. */
public interface Members extends ReactiveCrudRepository<Member, UUID> {

	Mono<Member> findByUsername(String username);

	Mono<Long> countByOrganisationId(UUID organisationId);

}
