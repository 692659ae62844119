package org.hubben.scheduling;

import java.time.Clock;
import java.time.Duration;

import org.hubben.publishing.Publisher;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires every publication that has a delivery pending or retrying for longer than the
 * grace period past its time, so that no gap between the database and Quartz (a trigger
 * that failed to arm, a lost job) can lose a post. Claims are atomic, so racing a trigger
 * that fires at the same moment sends nothing twice.
 */
@DisallowConcurrentExecution
class DueDeliverySweep implements Job {

	private static final Logger logger = LoggerFactory.getLogger(DueDeliverySweep.class);

	private final Publisher publisher;

	private final SchedulingProperties properties;

	private final Clock clock;

	DueDeliverySweep(Publisher publisher, SchedulingProperties properties, Clock clock) {
		this.publisher = publisher;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		try {
			Long fired = this.publisher
				.withClaimableDeliveriesBefore(this.clock.instant().minus(this.properties.sweepGrace()))
				.concatMap((publicationId) -> this.publisher.dispatch(publicationId).thenReturn(publicationId))
				.count()
				.block(Duration.ofMinutes(10));
			if (fired != null && fired > 0) {
				logger.warn("The sweep fired {} due publication(s) that no trigger had fired", fired);
			}
		}
		catch (RuntimeException ex) {
			throw new JobExecutionException("The due-delivery sweep failed", ex, false);
		}
	}

}
