package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** Every publication. */
interface Publications extends ReactiveCrudRepository<Publication, UUID> {

	Flux<Publication> findByPostIdOrderByDueAtDesc(UUID postId);

	@Query("select * from publication order by due_at desc limit :limit")
	Flux<Publication> findLatest(int limit);

	/**
	 * Publications with a pending delivery that is due: what the sweep fires when no
	 * trigger did.
	 */
	@Query("select distinct publication_id from delivery where state = 'PENDING' and due_at <= :dueBefore")
	Flux<UUID> findIdsWithPendingDeliveriesDueBefore(Instant dueBefore);

}
