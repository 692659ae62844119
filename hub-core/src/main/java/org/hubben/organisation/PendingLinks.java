package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * Connections in progress. Every step is one conditional statement, so that a link is
 * finished once and confirmed once, whichever node the person's requests reach.
 */
interface PendingLinks extends ReactiveCrudRepository<PendingLink, UUID> {

	Mono<PendingLink> findByStateHash(String stateHash);

	/**
	 * @return 1 when this caller may take the platform's answer, 0 when it was taken
	 */
	@Modifying
	@Query("update pending_link set finished_at = :now where id = :id and finished_at is null")
	Mono<Integer> claimFinish(UUID id, Instant now);

	@Modifying
	@Query("update pending_link set accounts = :accounts where id = :id")
	Mono<Integer> storeAccounts(UUID id, String accounts);

	/**
	 * Takes the offered accounts for connecting; the link is gone afterwards.
	 * @return 1 when this caller took it, 0 when it was taken or is not this member's
	 */
	@Modifying
	@Query("delete from pending_link where id = :id and member_id = :memberId and accounts is not null")
	Mono<Integer> take(UUID id, UUID memberId);

	@Modifying
	@Query("delete from pending_link where created_at < :before")
	Mono<Integer> deleteCreatedBefore(Instant before);

}
