package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.connector.RateLimited;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The rate limits platforms announced, kept in the database so every node of a cluster
 * holds back the channel (or the whole app) that a platform asked to wait, not only the
 * node that was told. Non-blocking. Other modules may read the limits in force
 * ({@link #holding}), to hold back their own calls to the platform too.
 */
@Component
public class RateLimits {

	static final String APP = "app";

	private final DatabaseClient database;

	RateLimits(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * @return the limit that holds the channel back at {@code now} (its own, or its
	 * app's, whichever lasts longer); empty when none does
	 */
	public Mono<Hold> holding(Platform platform, UUID channelId, Instant now) {
		return this.database
			.sql("select until_at, reason from rate_limit where platform = :platform "
					+ "and scope_key in (:app, :channel) and until_at > :now order by until_at desc limit 1")
			.bind("platform", platform.name())
			.bind("app", APP)
			.bind("channel", channelId.toString())
			.bind("now", now)
			.map((row) -> new Hold(row.get("until_at", Instant.class), row.get("reason", String.class)))
			.one();
	}

	/**
	 * Records a limit the platform announced; a later limit for the same scope replaces
	 * an earlier one, an earlier one never shortens a later one.
	 */
	Mono<Void> record(RateLimited limit, UUID channelId) {
		String scopeKey = (limit.scope() == RateLimited.Scope.APP) ? APP : channelId.toString();
		Mono<Long> updated = this.database
			.sql("update rate_limit set until_at = :until, reason = :reason "
					+ "where platform = :platform and scope_key = :scope and until_at < :until")
			.bind("until", limit.retryAt())
			.bind("reason", limit.getMessage())
			.bind("platform", limit.platform().name())
			.bind("scope", scopeKey)
			.fetch()
			.rowsUpdated();
		Mono<Long> inserted = this.database
			.sql("insert into rate_limit (platform, scope_key, until_at, reason) "
					+ "select :platform, :scope, :until, :reason where not exists "
					+ "(select 1 from rate_limit where platform = :platform and scope_key = :scope)")
			.bind("platform", limit.platform().name())
			.bind("scope", scopeKey)
			.bind("until", limit.retryAt())
			.bind("reason", limit.getMessage())
			.fetch()
			.rowsUpdated()
			// Another node inserted the same scope at the same moment: its limit stands,
			// and the update above runs again on the next limit.
			.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.just(0L));
		return updated.flatMap((count) -> (count > 0) ? Mono.empty() : inserted).then();
	}

	/**
	 * A rate limit in force.
	 *
	 * @param until when the platform lets Hubben call again
	 * @param reason what the platform said, in words a person understands
	 */
	public record Hold(Instant until, String reason) {

	}

}
