package org.hubben.web.site;

import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.hubben.sharing.HomeSite;
import org.hubben.sharing.SiteProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The public pages as rendered, kept in memory so that serving one costs no database
 * round trip. A page is rendered once per node when first asked for (concurrent requests
 * for it wait for that one rendering), and dropped when anything public may have changed:
 * every {@code hubben.site.change-check-interval} one cheap query asks whether a post
 * went out or a public text changed, on whichever node that happened, and at the latest
 * after {@code hubben.site.page-ttl}. Bounded by the bytes it holds.
 */
@Component
class RenderedPages implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RenderedPages.class);

	private static final long MAX_BYTES = 64L * 1024 * 1024;

	private final AsyncCache<String, RenderedPage> pages;

	private final HomeSite homeSite;

	private final Duration checkInterval;

	private volatile String lastStamp;

	private volatile Disposable checking;

	RenderedPages(HomeSite homeSite, SiteProperties properties) {
		this.homeSite = homeSite;
		this.checkInterval = properties.changeCheckInterval();
		this.pages = Caffeine.newBuilder()
			.maximumWeight(MAX_BYTES)
			.weigher((String key, RenderedPage page) -> key.length() + page.body().length + 256)
			.expireAfterWrite(properties.pageTtl())
			.buildAsync();
	}

	/**
	 * @param key what identifies the page: its path and everything else its bytes depend
	 * on
	 * @param render renders the page when it is not in memory; called at most once at a
	 * time per key
	 * @return the page
	 */
	Mono<RenderedPage> get(String key, Supplier<Mono<RenderedPage>> render) {
		return Mono.fromFuture(this.pages.get(key, (k, executor) -> render.get().toFuture()), true);
	}

	/**
	 * @return the page when it is rendered and in memory; {@code null} otherwise (not
	 * asked for yet, still rendering, or dropped)
	 */
	RenderedPage ifRendered(String key) {
		java.util.concurrent.CompletableFuture<RenderedPage> page = this.pages.getIfPresent(key);
		return (page != null && page.isDone() && !page.isCompletedExceptionally()) ? page.getNow(null) : null;
	}

	/** Drops every rendered page; the next request for each renders it again. */
	void clear() {
		this.pages.synchronous().invalidateAll();
	}

	/**
	 * Asks the database whether anything public changed since the last check, and drops
	 * every page when it did.
	 * @return completes when checked; never fails
	 */
	Mono<Void> checkForChanges() {
		return this.homeSite.changeStamp().doOnNext((stamp) -> {
			String previous = this.lastStamp;
			this.lastStamp = stamp;
			if (previous != null && !previous.equals(stamp)) {
				logger.debug("Public content changed: dropping the rendered pages");
				clear();
			}
		}).onErrorResume((ex) -> {
			logger.warn("Could not check whether public content changed: {}", ex.getMessage());
			return Mono.empty();
		}).then();
	}

	@Override
	public void start() {
		this.checking = Flux.interval(Duration.ZERO, this.checkInterval)
			.onBackpressureDrop()
			.concatMap((tick) -> checkForChanges(), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable current = this.checking;
		this.checking = null;
		if (current != null) {
			current.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.checking != null;
	}

}
