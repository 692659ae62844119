package org.hubben.scheduling;

import java.time.Duration;

import org.hubben.inbox.InboxRetention;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Deletes the inbox's comments that are older than the retention, on one node of the
 * cluster at a time.
 */
@DisallowConcurrentExecution
class InboxRetentionSweep implements Job {

	private final InboxRetention retention;

	InboxRetentionSweep(InboxRetention retention) {
		this.retention = retention;
	}

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		try {
			this.retention.deleteExpired().block(Duration.ofMinutes(10));
		}
		catch (RuntimeException ex) {
			throw new JobExecutionException("The inbox's retention sweep failed", ex, false);
		}
	}

}
