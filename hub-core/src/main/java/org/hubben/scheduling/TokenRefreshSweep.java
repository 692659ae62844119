package org.hubben.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.hubben.organisation.ChannelLinker;
import org.hubben.organisation.TokenRefresher;
import org.hubben.publishing.ChannelDeliveries;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes every channel token that expires within {@link TokenRefresher#AHEAD 15
 * minutes}, so that no delivery meets an expired token; then sends deliveries still
 * waiting on a channel that is connected again, and forgets connections that were started
 * but never finished. Runs on one node at a time; the organisation module claims each
 * channel, so even two overlapping runs refresh a channel once.
 */
@DisallowConcurrentExecution
class TokenRefreshSweep implements Job {

	private static final Logger logger = LoggerFactory.getLogger(TokenRefreshSweep.class);

	/** Longer than any platform timeout times the channels a round may refresh. */
	private static final Duration LIMIT = Duration.ofMinutes(10);

	private final TokenRefresher refresher;

	private final ChannelDeliveries channelDeliveries;

	private final ChannelLinker linker;

	private final Clock clock;

	TokenRefreshSweep(TokenRefresher refresher, ChannelDeliveries channelDeliveries, ChannelLinker linker,
			Clock clock) {
		this.refresher = refresher;
		this.channelDeliveries = channelDeliveries;
		this.linker = linker;
		this.clock = clock;
	}

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		Instant now = this.clock.instant();
		try {
			TokenRefresher.RefreshRound round = this.refresher.refreshExpiring(now).block(LIMIT);
			if (round != null && round.any()) {
				logger.info("Token refresh: {} refreshed, {} refused (channels expired), {} to try again",
						round.refreshed(), round.expired(), round.postponed());
			}
			Long resumed = this.channelDeliveries.resumeWaitingOnConnectedChannels().block(LIMIT);
			if (resumed != null && resumed > 0) {
				logger.warn("Sent {} waiting deliveries whose channel was reconnected without resuming them", resumed);
			}
			this.linker.cleanUp(now).block(LIMIT);
		}
		catch (RuntimeException ex) {
			throw new JobExecutionException("The token refresh failed", ex, false);
		}
	}

}
