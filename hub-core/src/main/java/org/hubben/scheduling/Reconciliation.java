package org.hubben.scheduling;

import java.time.Duration;

import org.hubben.publishing.Reconciler;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Reconciler} periodically on one node of the cluster at a time: takes
 * over what stopped nodes left being sent, and looks up deliveries whose outcome is
 * unknown.
 */
@DisallowConcurrentExecution
class Reconciliation implements Job {

	private static final Logger logger = LoggerFactory.getLogger(Reconciliation.class);

	private final Reconciler reconciler;

	Reconciliation(Reconciler reconciler) {
		this.reconciler = reconciler;
	}

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		try {
			Reconciler.Pass pass = this.reconciler.reconcile().block(Duration.ofMinutes(10));
			if (pass != null && (pass.orphans() > 0 || pass.settled() > 0)) {
				logger.info("Reconciliation took over {} delivery(ies) of stopped nodes and settled {} unknown one(s)",
						pass.orphans(), pass.settled());
			}
		}
		catch (RuntimeException ex) {
			throw new JobExecutionException("Reconciliation failed", ex, false);
		}
	}

}
