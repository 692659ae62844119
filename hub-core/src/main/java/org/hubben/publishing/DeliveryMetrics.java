package org.hubben.publishing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.hubben.connector.Platform;
import org.hubben.connector.RateLimited;

import org.springframework.stereotype.Component;

/**
 * What the publishing module tells Micrometer: outcomes, lateness, retries and rate-limit
 * waits as this node saw them, and the number of deliveries in each state from the
 * database, which every node of a cluster reports alike.
 */
@Component
class DeliveryMetrics {

	private final MeterRegistry registry;

	private final MultiGauge byState;

	DeliveryMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.byState = MultiGauge.builder("hubben.deliveries")
			.description("Deliveries in each state, on each platform (from the database)")
			.register(registry);
	}

	/** How long after its due instant a delivery was first claimed. */
	void claimed(Platform platform, Duration lateness) {
		Timer.builder("hubben.delivery.lateness")
			.description("From a delivery's due instant to its first claim")
			.tag("platform", platform.id())
			.publishPercentileHistogram()
			.register(this.registry)
			.record(lateness.isNegative() ? Duration.ZERO : lateness);
	}

	void finished(Platform platform, DeliveryState state) {
		counter("hubben.delivery.outcomes", "Deliveries that reached a state after a send or a lookup", platform,
				Tags.of("state", state.name()))
			.increment();
	}

	void retried(Platform platform, String reason) {
		counter("hubben.delivery.retries", "Deliveries put back in line to be sent again", platform,
				Tags.of("reason", reason))
			.increment();
	}

	void rateLimited(Platform platform, RateLimited.Scope scope, Duration wait) {
		Timer.builder("hubben.rate-limit.waits")
			.description("How long a platform's rate limit held deliveries back")
			.tag("platform", platform.id())
			.tag("scope", scope.name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.record(wait.isNegative() ? Duration.ZERO : wait);
	}

	void counted(List<Deliveries.StateCount> counts) {
		this.byState.register(counts.stream()
			.map((count) -> MultiGauge.Row.of(
					Tags.of("platform", count.platform().toLowerCase(Locale.ROOT), "state", count.state()),
					count.deliveries()))
			.toList(), true);
	}

	private Counter counter(String name, String description, Platform platform, Tags tags) {
		return Counter.builder(name)
			.description(description)
			.tag("platform", platform.id())
			.tags(tags)
			.register(this.registry);
	}

}
