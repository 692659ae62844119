package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/** Every member's API tokens, found by the hash of the token a request presents. */
interface ApiTokens extends ReactiveCrudRepository<ApiToken, UUID> {

	Mono<ApiToken> findByTokenHash(String tokenHash);

	Flux<ApiToken> findByMemberIdOrderByCreatedAtDesc(UUID memberId);

	Mono<ApiToken> findByIdAndMemberId(UUID id, UUID memberId);

	/**
	 * @return 1 when this call revoked it; 0 when it was revoked already or is not the
	 * member's
	 */
	@Modifying
	@Query("update api_token set revoked_at = :now where id = :id and member_id = :memberId and revoked_at is null")
	Mono<Integer> revoke(UUID id, UUID memberId, Instant now);

	/**
	 * Records a use, at most once per token in each stretch after {@code before}, so that
	 * a busy script does not write a row on every call.
	 */
	@Modifying
	@Query("update api_token set last_used_at = :now where id = :id and (last_used_at is null or last_used_at < :before)")
	Mono<Integer> recordUse(UUID id, Instant now, Instant before);

}
