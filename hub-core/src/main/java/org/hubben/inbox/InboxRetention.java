package org.hubben.inbox;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Deletes what the inbox holds about people once it is older than
 * {@link InboxProperties#retention()}: comments, mentions, and Hubben's copies of the
 * organisation's own replies (they answer a person, and often name them; the replies stay
 * on the platform). Counted from when each was written. Also forgets the marks of erased
 * comments once their posts are no longer polled. Idempotent; non-blocking.
 */
public class InboxRetention {

	private static final Logger logger = LoggerFactory.getLogger(InboxRetention.class);

	private final InboxStore store;

	private final InboxProperties properties;

	private final Clock clock;

	InboxRetention(InboxStore store, InboxProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @return how many comments were deleted
	 */
	public Mono<Long> deleteExpired() {
		Instant now = this.clock.instant();
		return this.store.deleteWrittenBefore(now.minus(this.properties.retention()))
			.flatMap((deleted) -> this.store
				.forgetErasuresBefore(now.minus(this.properties.pollFor()).minus(InboxPoller.OVERLAP.multipliedBy(2)))
				.thenReturn(deleted))
			.doOnNext((deleted) -> {
				if (deleted > 0) {
					logger.info("Retention: deleted {} comment(s) older than {}", deleted, this.properties.retention());
				}
			});
	}

	/**
	 * @return how long comments are kept
	 */
	public java.time.Duration retention() {
		return this.properties.retention();
	}

}
