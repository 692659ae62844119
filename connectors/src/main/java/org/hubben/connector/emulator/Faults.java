package org.hubben.connector.emulator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Faults queued for an emulator's next publishing requests, and an artificial latency for
 * every request. Thread-safe.
 */
public final class Faults {

	private final ConcurrentLinkedQueue<Fault> queued = new ConcurrentLinkedQueue<>();

	private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);

	/**
	 * Queues a fault for the next {@code times} publishing requests.
	 * @param fault the fault
	 * @param times how many requests in a row it hits, at least 1
	 */
	public void inject(Fault fault, int times) {
		if (times < 1) {
			throw new IllegalArgumentException("times must be at least 1, was " + times);
		}
		for (int i = 0; i < times; i++) {
			this.queued.add(fault);
		}
	}

	/**
	 * Takes the fault for the request now being handled.
	 * @return the fault, or empty when the request should be served normally
	 */
	public Optional<Fault> next() {
		return Optional.ofNullable(this.queued.poll());
	}

	public int pending() {
		return this.queued.size();
	}

	public Duration latency() {
		return this.latency.get();
	}

	public void latency(Duration latency) {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("latency must not be negative");
		}
		this.latency.set(latency);
	}

	public void clear() {
		this.queued.clear();
		this.latency.set(Duration.ZERO);
	}

}
