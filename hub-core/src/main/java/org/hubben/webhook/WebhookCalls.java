package org.hubben.webhook;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The outbox of webhook calls. A call is claimed with one conditional update, so two
 * nodes never POST it at once; its outcome is recorded only by the claim that sent it
 * (the attempt number the claim set).
 */
interface WebhookCalls extends ReactiveCrudRepository<WebhookCall, UUID> {

	/**
	 * Calls that may be claimed now: due ones, and ones whose sender stopped mid-call
	 * (claimed before {@code staleBefore}).
	 */
	@Query("select * from webhook_call where (state in ('PENDING', 'RETRYING') and next_attempt_at <= :now) "
			+ "or (state = 'SENDING' and claimed_at < :staleBefore) order by next_attempt_at limit :limit")
	Flux<WebhookCall> findClaimable(Instant now, Instant staleBefore, int limit);

	/**
	 * @return 1 when this caller now owns the call, 0 when another node claimed it first
	 */
	@Modifying
	@Query("update webhook_call set state = 'SENDING', attempts = attempts + 1, claimed_at = :now "
			+ "where id = :id and ((state in ('PENDING', 'RETRYING') and next_attempt_at <= :now) "
			+ "or (state = 'SENDING' and claimed_at < :staleBefore))")
	Mono<Integer> claim(UUID id, Instant now, Instant staleBefore);

	@Modifying
	@Query("update webhook_call set state = 'DELIVERED', status_code = :statusCode, last_error = null, "
			+ "finished_at = :now where id = :id and state = 'SENDING' and attempts = :attempt")
	Mono<Integer> markDelivered(UUID id, int attempt, int statusCode, Instant now);

	@Modifying
	@Query("update webhook_call set state = 'RETRYING', status_code = :statusCode, last_error = :error, "
			+ "next_attempt_at = :at where id = :id and state = 'SENDING' and attempts = :attempt")
	Mono<Integer> markRetrying(UUID id, int attempt, Integer statusCode, String error, Instant at);

	@Modifying
	@Query("update webhook_call set state = 'FAILED', status_code = :statusCode, last_error = :error, "
			+ "finished_at = :now where id = :id and state = 'SENDING' and attempts = :attempt")
	Mono<Integer> markFailed(UUID id, int attempt, Integer statusCode, String error, Instant now);

	@Query("select * from webhook_call where endpoint_id = :endpointId order by created_at desc limit :limit")
	Flux<WebhookCall> findLatest(UUID endpointId, int limit);

}
