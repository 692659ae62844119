package org.hubben.scheduling;

import java.time.Duration;

import org.hubben.content.FeedProperties;
import org.hubben.inbox.InboxProperties;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The periodic jobs and their triggers (the due-delivery sweep, the token refresh, the
 * reconciliation, the home-site feeds, the inbox's poll and retention sweep); Spring Boot
 * registers them with the clustered Quartz scheduler.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulingProperties.class)
class SchedulingConfiguration {

	private static final String GROUP = "hubben";

	@Bean
	JobDetail dueDeliverySweepJob() {
		return durableJob(DueDeliverySweep.class, "due-delivery-sweep");
	}

	@Bean
	Trigger dueDeliverySweepTrigger(JobDetail dueDeliverySweepJob, SchedulingProperties properties) {
		return every(properties.sweepInterval(), dueDeliverySweepJob);
	}

	@Bean
	JobDetail tokenRefreshSweepJob() {
		return durableJob(TokenRefreshSweep.class, "token-refresh-sweep");
	}

	@Bean
	Trigger tokenRefreshSweepTrigger(JobDetail tokenRefreshSweepJob, SchedulingProperties properties) {
		return every(properties.tokenRefreshInterval(), tokenRefreshSweepJob);
	}

	@Bean
	JobDetail reconciliationJob() {
		return durableJob(Reconciliation.class, "reconciliation");
	}

	@Bean
	Trigger reconciliationTrigger(JobDetail reconciliationJob, SchedulingProperties properties) {
		return every(properties.reconcileInterval(), reconciliationJob);
	}

	@Bean
	JobDetail homeSiteFeedPollingJob() {
		return durableJob(HomeSiteFeedPolling.class, "home-site-feed-polling");
	}

	@Bean
	Trigger homeSiteFeedPollingTrigger(JobDetail homeSiteFeedPollingJob, FeedProperties feed) {
		return every(feed.interval(), homeSiteFeedPollingJob);
	}

	@Bean
	JobDetail inboxPollingJob() {
		return durableJob(InboxPolling.class, "inbox-poll");
	}

	@Bean
	Trigger inboxPollingTrigger(JobDetail inboxPollingJob, InboxProperties properties) {
		return every(properties.pollInterval(), inboxPollingJob);
	}

	@Bean
	JobDetail inboxRetentionJob() {
		return durableJob(InboxRetentionSweep.class, "inbox-retention");
	}

	@Bean
	Trigger inboxRetentionTrigger(JobDetail inboxRetentionJob, InboxProperties properties) {
		return every(properties.retentionSweepInterval(), inboxRetentionJob);
	}

	private static JobDetail durableJob(Class<? extends Job> type, String name) {
		return JobBuilder.newJob(type).withIdentity(name, GROUP).storeDurably().build();
	}

	/**
	 * A trigger named like its job that fires it every {@code interval}; a run missed
	 * while every node was down is skipped, not made up.
	 */
	private static Trigger every(Duration interval, JobDetail job) {
		return TriggerBuilder.newTrigger()
			.forJob(job)
			.withIdentity(job.getKey().getName(), GROUP)
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(interval.toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

}
