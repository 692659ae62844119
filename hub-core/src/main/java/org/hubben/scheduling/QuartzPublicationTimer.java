package org.hubben.scheduling;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.hubben.publishing.PublicationTimer;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Arms one Quartz trigger per publication in the JDBC job store, so it survives restarts
 * and is fired by exactly one node of a cluster. Quartz calls are blocking JDBC, so they
 * run on the bounded-elastic pool.
 */
@Component
class QuartzPublicationTimer implements PublicationTimer {

	static final String GROUP = "publications";

	static final String RETRY_GROUP = "retries";

	static final String PUBLICATION_ID = "publicationId";

	static final String DUE_AT = "dueAt";

	private final Scheduler quartz;

	QuartzPublicationTimer(Scheduler quartz) {
		this.quartz = quartz;
	}

	@Override
	public Mono<Void> arm(UUID publicationId, Instant dueAt) {
		return schedule(jobKey(publicationId), triggerKey(publicationId), publicationId, dueAt);
	}

	@Override
	public Mono<Void> armRetry(UUID publicationId, UUID deliveryId, Instant at) {
		return schedule(JobKey.jobKey(deliveryId.toString(), RETRY_GROUP),
				TriggerKey.triggerKey(deliveryId.toString(), RETRY_GROUP), publicationId, at);
	}

	private Mono<Void> schedule(JobKey jobKey, TriggerKey triggerKey, UUID publicationId, Instant at) {
		return Mono.<Void>fromRunnable(() -> {
			try {
				JobDetail job = JobBuilder.newJob(PublicationFiring.class)
					.withIdentity(jobKey)
					.usingJobData(PUBLICATION_ID, publicationId.toString())
					.usingJobData(DUE_AT, Long.toString(at.toEpochMilli()))
					.requestRecovery()
					.build();
				Trigger trigger = TriggerBuilder.newTrigger()
					.withIdentity(triggerKey)
					.forJob(job)
					.startAt(Date.from(at))
					// A trigger missed while every node was down still fires as soon as
					// one is up; the late policy then decides whether the delivery goes.
					.withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
					.build();
				this.quartz.scheduleJob(job, java.util.Set.of(trigger), true);
			}
			catch (org.quartz.SchedulerException ex) {
				throw new IllegalStateException("Quartz could not arm publication " + publicationId, ex);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Void> disarm(UUID publicationId) {
		return Mono.<Void>fromRunnable(() -> {
			try {
				this.quartz.deleteJob(jobKey(publicationId));
			}
			catch (org.quartz.SchedulerException ex) {
				throw new IllegalStateException("Quartz could not disarm publication " + publicationId, ex);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	static JobKey jobKey(UUID publicationId) {
		return JobKey.jobKey(publicationId.toString(), GROUP);
	}

	static TriggerKey triggerKey(UUID publicationId) {
		return TriggerKey.triggerKey(publicationId.toString(), GROUP);
	}

}
