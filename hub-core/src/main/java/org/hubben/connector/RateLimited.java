package org.hubben.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * The platform asked us to wait; {@link #retryAt()} is when it said we may call again.
 */
public final class RateLimited extends ConnectorException {

	private final Instant retryAt;

	public RateLimited(Platform platform, String reason, Instant retryAt) {
		super(platform, reason, null);
		this.retryAt = Objects.requireNonNull(retryAt, "retryAt");
	}

	public Instant retryAt() {
		return this.retryAt;
	}

	@Override
	public boolean retryable() {
		return true;
	}

}
