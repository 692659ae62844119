package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * Every delivery. Each state change is one conditional update, so two nodes (or a trigger
 * and the sweep) can never both send the same delivery: the update that finds the
 * expected state wins, the other changes 0 rows. Deliveries are claimed through
 * {@link DeliveryClaims}, on the same terms.
 */
interface Deliveries extends ReactiveCrudRepository<Delivery, UUID> {

	Flux<Delivery> findByPublicationIdOrderByPlatformAsc(UUID publicationId);

	@Modifying
	@Query("update delivery set state = 'SENT', remote_id = :remoteId, remote_url = :remoteUrl, error = :note, "
			+ "finished_at = :now where id = :id and state = :expected")
	Mono<Integer> markSent(UUID id, DeliveryState expected, String remoteId, String remoteUrl, String note,
			Instant now);

	/** Records a failure of a delivery this node claimed. */
	@Modifying
	@Query("update delivery set state = 'FAILED', error = :error, finished_at = :now "
			+ "where id = :id and state = 'SENDING'")
	Mono<Integer> markFailed(UUID id, String error, Instant now);

	/**
	 * Records that a delivery this node claimed may have been posted; it is looked up on
	 * the platform from {@code lookUpAt}.
	 */
	@Modifying
	@Query("update delivery set state = 'UNKNOWN', error = :error, next_attempt_at = :lookUpAt, lookups = 0 "
			+ "where id = :id and state = 'SENDING'")
	Mono<Integer> markUnknown(UUID id, String error, Instant lookUpAt);

	/**
	 * Puts a delivery this node claimed back in line for {@code at}: nothing was posted.
	 * @param countAttempt whether the claim counts as an attempt (a rate limit known
	 * before calling does not)
	 */
	@Modifying
	@Query("update delivery set state = 'RETRYING', error = :reason, next_attempt_at = :at, "
			+ "attempts = case when :countAttempt then attempts else attempts - 1 end "
			+ "where id = :id and state = 'SENDING'")
	Mono<Integer> markRetrying(UUID id, String reason, Instant at, boolean countAttempt);

	/**
	 * Parks a delivery this node claimed until its channel is reconnected. Nothing was
	 * posted, so it may be sent again then.
	 */
	@Modifying
	@Query("update delivery set state = 'WAITING', error = :reason where id = :id and state = 'SENDING'")
	Mono<Integer> markWaiting(UUID id, String reason);

	/**
	 * Puts a waiting delivery back in line; its due instant has passed, so the next fire
	 * or sweep claims it.
	 * @return 1 when this caller resumed it, 0 when it was not waiting (resumed by
	 * another node, or cancelled)
	 */
	@Modifying
	@Query("update delivery set state = 'PENDING', error = null, next_attempt_at = due_at "
			+ "where id = :id and state = 'WAITING'")
	Mono<Integer> resume(UUID id);

	/**
	 * Sends a failed delivery again, at a person's request.
	 * @return 1 when it was failed and is now retrying, 0 otherwise
	 */
	@Modifying
	@Query("update delivery set state = 'RETRYING', error = null, next_attempt_at = :now, finished_at = null "
			+ "where id = :id and state = 'FAILED'")
	Mono<Integer> retryFailed(UUID id, Instant now);

	/**
	 * Moves a delivery that is still waiting for its time and was never claimed to
	 * another instant.
	 * @return 1 when it moved, 0 when it was claimed, cancelled or changed meanwhile
	 */
	@Modifying
	@Query("update delivery set due_at = :at, next_attempt_at = :at "
			+ "where id = :id and state = 'PENDING' and claimed_at is null")
	Mono<Integer> reschedule(UUID id, Instant at);

	/** The deliveries of some publications, in platform order within each. */
	Flux<Delivery> findByPublicationIdInOrderByPlatformAsc(java.util.Collection<UUID> publicationIds);

	Flux<Delivery> findByChannelIdAndState(UUID channelId, DeliveryState state);

	@Query("select distinct channel_id from delivery where state = 'WAITING'")
	Flux<UUID> findChannelIdsWithWaitingDeliveries();

	/** The delivery to the channel that was claimed last, if any was. */
	Mono<Delivery> findFirstByChannelIdAndClaimedAtIsNotNullOrderByClaimedAtDesc(UUID channelId);

	@Modifying
	@Query("update delivery set state = 'CANCELLED', finished_at = :now "
			+ "where publication_id = :publicationId and state in ('PENDING', 'RETRYING', 'WAITING')")
	Mono<Integer> cancelPending(UUID publicationId, Instant now);

	/** Deliveries being sent that were claimed before {@code claimedBefore}. */
	@Query("select * from delivery where state = 'SENDING' and claimed_at < :claimedBefore")
	Flux<Delivery> findSendingClaimedBefore(Instant claimedBefore);

	/**
	 * Takes over a delivery that a node which stopped left being sent: the post may
	 * exist, so its outcome is unknown until it is looked up.
	 * @return 1 when this caller took it over, 0 when its node finished it meanwhile
	 */
	@Modifying
	@Query("update delivery set state = 'UNKNOWN', error = :reason, next_attempt_at = :now, lookups = 0 "
			+ "where id = :id and state = 'SENDING' and claimed_by = :node and claimed_at = :claimedAt")
	Mono<Integer> takeOverOrphan(UUID id, String node, Instant claimedAt, String reason, Instant now);

	/** Unknown outcomes due for a lookup that have not used up their lookups. */
	@Query("select * from delivery where state = 'UNKNOWN' and next_attempt_at <= :now and lookups < :maxLookups "
			+ "order by next_attempt_at limit :limit")
	Flux<Delivery> findUnknownDue(Instant now, int maxLookups, int limit);

	/**
	 * Claims an unknown outcome for one lookup: no other node looks it up before
	 * {@code nextLookupAt}.
	 * @return 1 when this caller may look it up now, 0 when another node did
	 */
	@Modifying
	@Query("update delivery set lookups = lookups + 1, next_attempt_at = :nextLookupAt, claimed_by = :node "
			+ "where id = :id and state = 'UNKNOWN' and lookups = :lookups")
	Mono<Integer> claimLookup(UUID id, int lookups, Instant nextLookupAt, String node);

	/** Records why a lookup could not tell, keeping the delivery unknown. */
	@Modifying
	@Query("update delivery set error = :reason where id = :id and state = 'UNKNOWN'")
	Mono<Integer> noteUnknown(UUID id, String reason);

	/**
	 * Sends an unknown delivery again once a lookup found that the platform has no such
	 * post.
	 */
	@Modifying
	@Query("update delivery set state = 'RETRYING', error = :reason, next_attempt_at = :now "
			+ "where id = :id and state = 'UNKNOWN'")
	Mono<Integer> resendUnknown(UUID id, String reason, Instant now);

	/** How many deliveries are in each state on each platform, for the metrics. */
	@Query("select platform, state, count(*) as deliveries from delivery group by platform, state")
	Flux<StateCount> countByPlatformAndState();

	/** One row of {@link #countByPlatformAndState()}. */
	record StateCount(String platform, String state, long deliveries) {

	}

}
