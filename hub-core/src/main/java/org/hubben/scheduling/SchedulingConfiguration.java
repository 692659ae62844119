package org.hubben.scheduling;

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
 * reconciliation); Spring Boot registers them with the clustered Quartz scheduler.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulingProperties.class)
class SchedulingConfiguration {

	@Bean
	JobDetail dueDeliverySweepJob() {
		return JobBuilder.newJob(DueDeliverySweep.class)
			.withIdentity("due-delivery-sweep", "hubben")
			.storeDurably()
			.build();
	}

	@Bean
	Trigger dueDeliverySweepTrigger(JobDetail dueDeliverySweepJob, SchedulingProperties properties) {
		return TriggerBuilder.newTrigger()
			.forJob(dueDeliverySweepJob)
			.withIdentity("due-delivery-sweep", "hubben")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(properties.sweepInterval().toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

	@Bean
	JobDetail tokenRefreshSweepJob() {
		return JobBuilder.newJob(TokenRefreshSweep.class)
			.withIdentity("token-refresh-sweep", "hubben")
			.storeDurably()
			.build();
	}

	@Bean
	Trigger tokenRefreshSweepTrigger(JobDetail tokenRefreshSweepJob, SchedulingProperties properties) {
		return TriggerBuilder.newTrigger()
			.forJob(tokenRefreshSweepJob)
			.withIdentity("token-refresh-sweep", "hubben")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(properties.tokenRefreshInterval().toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

	@Bean
	JobDetail reconciliationJob() {
		return JobBuilder.newJob(Reconciliation.class).withIdentity("reconciliation", "hubben").storeDurably().build();
	}

	@Bean
	Trigger reconciliationTrigger(JobDetail reconciliationJob, SchedulingProperties properties) {
		return TriggerBuilder.newTrigger()
			.forJob(reconciliationJob)
			.withIdentity("reconciliation", "hubben")
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(properties.reconcileInterval().toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

}
