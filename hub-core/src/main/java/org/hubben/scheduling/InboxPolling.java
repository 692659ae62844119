package org.hubben.scheduling;

import java.time.Duration;

import org.hubben.inbox.InboxPoller;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls new comments and mentions from every channel into the inbox, on one node of the
 * cluster at a time.
 */
@DisallowConcurrentExecution
class InboxPolling implements Job {

	private static final Logger logger = LoggerFactory.getLogger(InboxPolling.class);

	/** Longer than any platform timeout times the posts a poll may read. */
	private static final Duration LIMIT = Duration.ofMinutes(10);

	private final InboxPoller poller;

	InboxPolling(InboxPoller poller) {
		this.poller = poller;
	}

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		try {
			InboxPoller.PollRound round = this.poller.poll().block(LIMIT);
			if (round != null && (round.stored() > 0 || round.failed() > 0)) {
				logger.info("Inbox poll: {} new comment(s), {} channel(s) read, {} held by rate limits, {} failed",
						round.stored(), round.channels(), round.held(), round.failed());
			}
		}
		catch (RuntimeException ex) {
			throw new JobExecutionException("The inbox poll failed", ex, false);
		}
	}

}
