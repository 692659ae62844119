package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * Every organisation's channels. New channels are added, and credentials changed, through
 * {@link ChannelRegistrar}.
 */
public interface Channels extends ReactiveCrudRepository<Channel, UUID> {

	Flux<Channel> findByOrganisationIdOrderByPlatformAscNameAsc(UUID organisationId);

	Flux<Channel> findAllByOrderByPlatformAscNameAsc();

	Mono<Long> countByOrganisationId(UUID organisationId);

	Mono<Channel> findByOrganisationIdAndPlatformAndAccountId(UUID organisationId, Platform platform, String accountId);

	@Modifying
	@Query("update channel set status = :status where id = :id")
	Mono<Integer> updateStatus(UUID id, ChannelStatus status);

	/**
	 * @return the connected channels whose access token expires at or before the instant
	 */
	@Query("select * from channel where status = 'CONNECTED' and token_expires_at <= :horizon "
			+ "order by token_expires_at")
	Flux<Channel> findConnectedExpiringBy(Instant horizon);

	/**
	 * Claims a channel for refreshing its token, so that no other node refreshes it at
	 * the same time: X's refresh tokens work once.
	 * @param staleBefore a claim older than this was abandoned (its node died) and may be
	 * taken over
	 * @return 1 when this caller now holds the claim; 0 when the channel is not
	 * connected, no longer expires by {@code horizon} (another node refreshed it), or is
	 * claimed
	 */
	@Modifying
	@Query("update channel set refresh_claimed_at = :now where id = :id and status = 'CONNECTED' "
			+ "and token_expires_at <= :horizon and (refresh_claimed_at is null or refresh_claimed_at < :staleBefore)")
	Mono<Integer> claimRefresh(UUID id, Instant now, Instant horizon, Instant staleBefore);

	/**
	 * @return 1 while some node holds the channel's refresh claim, else 0
	 */
	@Query("select count(*) from channel where id = :id and refresh_claimed_at is not null")
	Mono<Long> countRefreshClaimed(UUID id);

	@Modifying
	@Query("update channel set refresh_claimed_at = null where id = :id")
	Mono<Integer> releaseRefresh(UUID id);

	@Modifying
	@Query("update channel set credentials = :credentials, token_expires_at = :tokenExpiresAt, "
			+ "refresh_claimed_at = null where id = :id")
	Mono<Integer> updateCredentials(UUID id, String credentials, Instant tokenExpiresAt);

	@Modifying
	@Query("update channel set name = :name, credentials = :credentials, token_expires_at = :tokenExpiresAt, "
			+ "status = 'CONNECTED', refresh_claimed_at = null where id = :id")
	Mono<Integer> reconnect(UUID id, String name, String credentials, Instant tokenExpiresAt);

	/**
	 * Records that a member confirmed the channel as the organisation's own, seeing the
	 * account's name.
	 */
	@Modifying
	@Query("update channel set verified_by = :username, verified_at = :at, verified_account_name = :accountName "
			+ "where id = :id")
	Mono<Integer> verify(UUID id, String username, Instant at, String accountName);

	@Modifying
	@Query("update channel set status = 'EXPIRED', refresh_claimed_at = null where id = :id")
	Mono<Integer> expire(UUID id);

}
