package org.hubben.scheduling;

import java.time.Duration;
import java.util.List;

import org.hubben.content.FeedPoll;
import org.hubben.content.HomeSiteFeed;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the home-site feed of every organisation with a site of its own, turning new
 * articles into drafts. Runs on one node at a time (the clustered job store fires it
 * once); the content module remembers each article under a unique key, so even two
 * overlapping runs draft an article once.
 */
@DisallowConcurrentExecution
class HomeSiteFeedPolling implements Job {

	private static final Logger logger = LoggerFactory.getLogger(HomeSiteFeedPolling.class);

	/** Far longer than the fetch limits times any number of feeds a round reads. */
	private static final Duration LIMIT = Duration.ofMinutes(10);

	private final HomeSiteFeed feed;

	HomeSiteFeedPolling(HomeSiteFeed feed) {
		this.feed = feed;
	}

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		try {
			List<FeedPoll> polls = this.feed.pollAll().collectList().block(LIMIT);
			if (polls != null && !polls.isEmpty()) {
				logger.debug("Home-site feeds polled: {}, drafts made: {}, unreadable: {}", polls.size(),
						polls.stream().mapToInt(FeedPoll::draftsMade).sum(),
						polls.stream().filter(FeedPoll::failed).count());
			}
		}
		catch (RuntimeException ex) {
			throw new JobExecutionException("Polling the home-site feeds failed", ex, false);
		}
	}

}
