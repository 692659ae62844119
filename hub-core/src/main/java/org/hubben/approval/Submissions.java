package org.hubben.approval;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** Every submission. */
interface Submissions extends ReactiveCrudRepository<Submission, UUID> {

	@Query("select * from submission where organisation_id = :organisation order by submitted_at desc limit 200")
	Flux<Submission> findOfOrganisation(UUID organisation);

	@Query("select * from submission where organisation_id = :organisation and state = :state "
			+ "order by submitted_at desc limit 200")
	Flux<Submission> findOfOrganisationIn(UUID organisation, String state);

	@Query("select * from submission where submitted_by = :username order by submitted_at desc limit 200")
	Flux<Submission> findBySubmitter(String username);

	@Query("select * from submission where post_id = :post order by submitted_at desc limit 1")
	Mono<Submission> findLatestOfPost(UUID post);

	@Query("select count(*) from submission where organisation_id = :organisation and state = 'SUBMITTED'")
	Mono<Long> countWaiting(UUID organisation);

	/**
	 * Takes a waiting submission to a decision, once: whoever comes second changes
	 * nothing.
	 */
	@Modifying
	@Query("update submission set state = :state, comment = :comment, decided_by = :by, decided_at = :at "
			+ "where id = :id and state = 'SUBMITTED'")
	Mono<Integer> decide(UUID id, String state, String comment, String by, Instant at);

	/** Puts an approval whose scheduling failed back in the queue. */
	@Modifying
	@Query("update submission set state = 'SUBMITTED', comment = null, decided_by = null, decided_at = null "
			+ "where id = :id and state = 'APPROVED' and publication_id is null")
	Mono<Integer> undoApproval(UUID id);

	@Modifying
	@Query("update submission set publication_id = :publication where id = :id")
	Mono<Integer> scheduled(UUID id, UUID publication);

}
