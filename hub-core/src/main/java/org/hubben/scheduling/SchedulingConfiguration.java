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
 * The sweep's job and trigger; Spring Boot registers both with the clustered Quartz
 * scheduler.
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

}
