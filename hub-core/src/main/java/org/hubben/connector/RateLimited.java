package org.hubben.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * The platform asked us to wait; {@link #retryAt()} is when it said we may call again,
 * and {@link #scope()} whom the limit holds back: one channel, or every channel of
 * Hubben's app on the platform.
 */
public final class RateLimited extends ConnectorException {

	private final Instant retryAt;

	private final Scope scope;

	public RateLimited(Platform platform, String reason, Instant retryAt, Scope scope) {
		super(platform, reason, null);
		this.retryAt = Objects.requireNonNull(retryAt, "retryAt");
		this.scope = Objects.requireNonNull(scope, "scope");
	}

	public Instant retryAt() {
		return this.retryAt;
	}

	public Scope scope() {
		return this.scope;
	}

	@Override
	public boolean retryable() {
		return true;
	}

	/** Whom a rate limit holds back. */
	public enum Scope {

		/**
		 * The channel that was called (X's per-user windows, a Page's Business Use Case
		 * usage, a YouTube channel's upload limit).
		 */
		CHANNEL,

		/**
		 * Every channel of Hubben's app on the platform (X's per-app daily cap, YouTube's
		 * project quota, Flickr's per-key limit).
		 */
		APP

	}

}
