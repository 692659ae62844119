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

	/** Stands in the queue for a request that is served normally. */
	private static final Object NONE = new Object();

	private final ConcurrentLinkedQueue<Object> queued = new ConcurrentLinkedQueue<>();

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
	 * Lets the next {@code requests} publishing requests through unharmed, so that faults
	 * queued after this hit a later step of a publication made of several requests (the
	 * post after its media uploads, the last phase of a video upload).
	 * @param requests how many requests to serve normally first, at least 1
	 */
	public void pass(int requests) {
		if (requests < 1) {
			throw new IllegalArgumentException("requests must be at least 1, was " + requests);
		}
		for (int i = 0; i < requests; i++) {
			this.queued.add(NONE);
		}
	}

	/**
	 * Takes the fault for the request now being handled.
	 * @return the fault, or empty when the request should be served normally
	 */
	public Optional<Fault> next() {
		Object next = this.queued.poll();
		return (next instanceof Fault fault) ? Optional.of(fault) : Optional.empty();
	}

	/**
	 * @return how many requests the queue still decides, passes included
	 */
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
