package org.hubben.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.hubben.publishing.ClusterNodes;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cluster as Quartz's clustered job store sees it: every node checks in to
 * {@code qrtz_scheduler_state} every {@code clusterCheckinInterval}, and a node that
 * missed two check-ins counts as stopped. Reads are blocking JDBC, so they run on the
 * bounded-elastic pool.
 */
@Component
class QuartzClusterNodes implements ClusterNodes {

	private final Scheduler quartz;

	private final JdbcTemplate jdbc;

	private final Duration stoppedAfter;

	private final Clock clock;

	QuartzClusterNodes(Scheduler quartz, JdbcTemplate jdbc, Environment environment, Clock clock) {
		this.quartz = quartz;
		this.jdbc = jdbc;
		long checkin = environment.getProperty("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval",
				Long.class, 7500L);
		this.stoppedAfter = Duration.ofMillis(2 * checkin + 7500);
		this.clock = clock;
	}

	@Override
	public String self() {
		try {
			return this.quartz.getSchedulerInstanceId();
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Quartz did not name this node", ex);
		}
	}

	@Override
	public Mono<Set<String>> alive() {
		return Mono.fromCallable(() -> {
			long since = this.clock.millis() - this.stoppedAfter.toMillis();
			Set<String> alive = new HashSet<>(this.jdbc.queryForList(
					"select instance_name from qrtz_scheduler_state where sched_name = ? and last_checkin_time >= ?",
					String.class, this.quartz.getSchedulerName(), since));
			alive.add(self());
			return Set.copyOf(alive);
		}).subscribeOn(Schedulers.boundedElastic());
	}

}
