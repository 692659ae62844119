package org.hubben.sharing;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Visits, shares and downloads, counted per post, platform and day, and nothing else: no
 * address, no user agent, no identifier of a person ever reaches this class. Counting is
 * in memory, so the public pages' hot path never writes to the database; the counts are
 * added to the {@code share_count} table every {@code hubben.site.count-flush-interval}
 * and when Hubben stops. Several nodes each add their own counts.
 */
@Component
public class PublicCounts implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PublicCounts.class);

	/**
	 * Where a visitor came from or went, as far as the counts tell: a platform's id, a
	 * supporter's link, a download, or nothing known. Any other value is counted as
	 * {@code other}, so what a client sends can never write arbitrary text.
	 */
	public static final Set<String> PLATFORMS = Set.of("facebook", "youtube", "x", "flickr", "supporter", "image",
			"direct", "other");

	private final DatabaseClient database;

	private final Clock clock;

	private final Duration flushInterval;

	private volatile Map<Key, LongAdder> pending = new ConcurrentHashMap<>();

	private volatile Disposable periodicFlush;

	PublicCounts(DatabaseClient database, Clock clock, SiteProperties properties) {
		this.database = database;
		this.clock = clock;
		this.flushInterval = properties.countFlushInterval();
	}

	/**
	 * Counts one event in memory. Never blocks, never touches the database.
	 * @param postId the post
	 * @param zone the organisation's zone, whose calendar day the count belongs to
	 * @param platform one of {@link #PLATFORMS}; anything else counts as {@code other}
	 * @param kind what happened
	 */
	public void count(UUID postId, ZoneId zone, String platform, CountKind kind) {
		String known = PLATFORMS.contains(platform) ? platform : "other";
		Key key = new Key(postId, LocalDate.now(this.clock.withZone(zone)), known, kind);
		this.pending.computeIfAbsent(key, (k) -> new LongAdder()).increment();
	}

	/**
	 * Adds what was counted in memory since the last flush to the table.
	 * @return completes when every count is stored; a count that could not be stored is
	 * kept for the next flush
	 */
	public Mono<Void> flush() {
		Map<Key, LongAdder> taken = this.pending;
		this.pending = new ConcurrentHashMap<>();
		return Flux.fromIterable(taken.entrySet())
			.concatMap((entry) -> add(entry.getKey(), entry.getValue().sum()).onErrorResume((ex) -> {
				logger.warn("Could not store a public count; keeping it for the next flush: {}", ex.getMessage());
				this.pending.computeIfAbsent(entry.getKey(), (k) -> new LongAdder()).add(entry.getValue().sum());
				return Mono.empty();
			}))
			.then();
	}

	/**
	 * @return the stored totals of one post by {@code kind/platform}, all days together
	 */
	public Mono<Map<String, Long>> totals(UUID postId) {
		return this.database
			.sql("select kind, platform, sum(total) as total from share_count where post_id = :post "
					+ "group by kind, platform")
			.bind("post", postId)
			.map((row, metadata) -> Map.entry(row.get("kind", String.class) + "/" + row.get("platform", String.class),
					row.get("total", Number.class).longValue()))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	private Mono<Void> add(Key key, long amount) {
		if (amount == 0) {
			return Mono.empty();
		}
		Mono<Long> update = this.database
			.sql("update share_count set total = total + :amount "
					+ "where post_id = :post and count_day = :day and platform = :platform and kind = :kind")
			.bind("amount", amount)
			.bind("post", key.postId())
			.bind("day", key.day())
			.bind("platform", key.platform())
			.bind("kind", key.kind().name())
			.fetch()
			.rowsUpdated();
		Mono<Long> insert = this.database
			.sql("insert into share_count (post_id, count_day, platform, kind, total) "
					+ "values (:post, :day, :platform, :kind, :amount)")
			.bind("amount", amount)
			.bind("post", key.postId())
			.bind("day", key.day())
			.bind("platform", key.platform())
			.bind("kind", key.kind().name())
			.fetch()
			.rowsUpdated();
		// Another node may insert the same row between the update and the insert: then
		// the update finds it.
		return update
			.flatMap((updated) -> (updated > 0) ? Mono.just(updated)
					: insert.onErrorResume(DataIntegrityViolationException.class, (ex) -> update))
			.then();
	}

	@Override
	public void start() {
		this.periodicFlush = Flux.interval(this.flushInterval)
			.onBackpressureDrop()
			.concatMap((tick) -> flush(), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable flushing = this.periodicFlush;
		this.periodicFlush = null;
		if (flushing != null) {
			flushing.dispose();
		}
		try {
			// Once, on shutdown, so that the last interval's counts are not lost.
			flush().toFuture().get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			logger.warn("Could not store the last public counts on shutdown: {}", ex.toString());
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.periodicFlush != null;
	}

	/** Stops before the connection pools close, so the last flush still reaches them. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE + 10;
	}

	private record Key(UUID postId, LocalDate day, String platform, CountKind kind) {

	}

}
