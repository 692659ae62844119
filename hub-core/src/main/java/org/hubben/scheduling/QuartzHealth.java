package org.hubben.scheduling;

import org.hubben.publishing.ClusterNodes;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code scheduler} in the health endpoint: up while this node's clustered scheduler is
 * started and not in standby, with the nodes that check in with the cluster.
 */
@Component("schedulerHealthIndicator")
class QuartzHealth implements ReactiveHealthIndicator {

	private final Scheduler quartz;

	private final ClusterNodes nodes;

	QuartzHealth(Scheduler quartz, ClusterNodes nodes) {
		this.quartz = quartz;
		this.nodes = nodes;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromCallable(this::state)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((state) -> this.nodes.alive()
				.map((alive) -> state.withDetail("node", this.nodes.self()).withDetail("nodes", alive.size()).build())
				.onErrorResume((ex) -> Mono.just(Health.down().withDetail("cluster", "cannot be read").build())));
	}

	private Health.Builder state() throws SchedulerException {
		if (this.quartz.isShutdown()) {
			return Health.down().withDetail("scheduler", "shut down");
		}
		if (!this.quartz.isStarted() || this.quartz.isInStandbyMode()) {
			return Health.outOfService().withDetail("scheduler", "in standby");
		}
		return Health.up().withDetail("scheduler", "started");
	}

}
