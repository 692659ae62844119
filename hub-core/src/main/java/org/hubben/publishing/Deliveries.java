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
 * expected state wins, the other changes 0 rows.
 */
interface Deliveries extends ReactiveCrudRepository<Delivery, UUID> {

	Flux<Delivery> findByPublicationIdOrderByPlatformAsc(UUID publicationId);

	Flux<Delivery> findByPublicationIdAndState(UUID publicationId, DeliveryState state);

	/**
	 * Claims a due, pending delivery for sending. Cancellation is checked here, in the
	 * same statement.
	 * @return 1 when this caller now owns the delivery, 0 when it was not pending, not
	 * due, or already claimed
	 */
	@Modifying
	@Query("update delivery set state = 'SENDING', attempts = attempts + 1, claimed_at = :now "
			+ "where id = :id and state = 'PENDING' and due_at <= :now")
	Mono<Integer> claim(UUID id, Instant now);

	@Modifying
	@Query("update delivery set state = 'SENT', remote_id = :remoteId, remote_url = :remoteUrl, error = null, "
			+ "finished_at = :now where id = :id and state = 'SENDING'")
	Mono<Integer> markSent(UUID id, String remoteId, String remoteUrl, Instant now);

	/** Records a failure or an unknown outcome of a delivery this node claimed. */
	@Modifying
	@Query("update delivery set state = :state, error = :error, finished_at = :now "
			+ "where id = :id and state = 'SENDING'")
	Mono<Integer> markFinished(UUID id, DeliveryState state, String error, Instant now);

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
	@Query("update delivery set state = 'PENDING', error = null where id = :id and state = 'WAITING'")
	Mono<Integer> resume(UUID id);

	Flux<Delivery> findByChannelIdAndState(UUID channelId, DeliveryState state);

	@Query("select distinct channel_id from delivery where state = 'WAITING'")
	Flux<UUID> findChannelIdsWithWaitingDeliveries();

	/** The delivery to the channel that was claimed last, if any was. */
	Mono<Delivery> findFirstByChannelIdAndClaimedAtIsNotNullOrderByClaimedAtDesc(UUID channelId);

	@Modifying
	@Query("update delivery set state = 'CANCELLED', finished_at = :now "
			+ "where publication_id = :publicationId and state in ('PENDING', 'WAITING')")
	Mono<Integer> cancelPending(UUID publicationId, Instant now);

}
