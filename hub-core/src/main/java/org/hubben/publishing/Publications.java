package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** Every publication. */
interface Publications extends ReactiveCrudRepository<Publication, UUID> {

	Flux<Publication> findByPostIdOrderByDueAtDesc(UUID postId);

	@Query("select * from publication order by due_at desc limit :limit")
	Flux<Publication> findLatest(int limit);

	@Query("select pub.* from publication pub join post p on p.id = pub.post_id "
			+ "where p.organisation_id = :organisationId order by pub.due_at desc limit :limit")
	Flux<Publication> findLatestOf(UUID organisationId, int limit);

	/** Gives a publication another due instant and zone. */
	@Modifying
	@Query("update publication set due_at = :at, zone_id = :zone where id = :id")
	Mono<Integer> reschedule(UUID id, Instant at, String zone);

	/**
	 * Publications with a pending or retrying delivery whose time came before the
	 * instant: what the sweep fires when no trigger did.
	 */
	@Query("select distinct publication_id from delivery where state in ('PENDING', 'RETRYING') "
			+ "and next_attempt_at <= :before")
	Flux<UUID> findIdsWithClaimableDeliveriesBefore(Instant before);

}
