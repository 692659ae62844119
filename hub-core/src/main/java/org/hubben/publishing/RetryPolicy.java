package org.hubben.publishing;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for deliveries a platform could not take for now.
 * Random jitter spreads the retries of many deliveries that failed together, so they do
 * not hit a recovering platform at the same instant.
 */
final class RetryPolicy {

	private final Duration first;

	private final Duration longest;

	private final DoubleSupplier random;

	RetryPolicy(Duration first, Duration longest, DoubleSupplier random) {
		this.first = first;
		this.longest = longest;
		this.random = random;
	}

	/**
	 * @param attempts how many times the delivery was sent so far, at least 1
	 * @return how long to wait before the next attempt: the first wait doubled for each
	 * attempt after the first, plus up to half of that again at random, and never more
	 * than the longest wait
	 */
	Duration waitAfter(int attempts) {
		int doublings = Math.min(Math.max(attempts, 1) - 1, 30);
		long base = Math.min(this.first.toMillis() << doublings, this.longest.toMillis());
		long jitter = (long) (base * 0.5 * this.random.getAsDouble());
		return Duration.ofMillis(Math.min(base + jitter, this.longest.toMillis()));
	}

}
