package org.hubben.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.hubben.publishing.Publisher;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Fires one publication at its due instant, on a Quartz worker thread: claims its
 * deliveries and hands them to the publisher's background sends.
 *
 * <p>
 * Two firings of one publication may run at once (a re-armed trigger, a recovered one):
 * each delivery is claimed by one of them only, so Quartz need not keep them apart. Its
 * {@code @DisallowConcurrentExecution} cost every firing five more statements under the
 * cluster lock and woke the scheduler thread after each, which, with 50 publications due
 * at one instant, competed with their sends.
 */
class PublicationFiring implements Job {

	/**
	 * Claims are quick conditional updates; the sends go on in the background, so the
	 * worker thread is free for the next trigger.
	 */
	private static final Duration CLAIM_LIMIT = Duration.ofMinutes(1);

	private final Publisher publisher;

	private final Clock clock;

	PublicationFiring(Publisher publisher, Clock clock) {
		this.publisher = publisher;
		this.clock = clock;
	}

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		JobDataMap data = context.getMergedJobDataMap();
		UUID publicationId = UUID.fromString(data.getString(QuartzPublicationTimer.PUBLICATION_ID));
		waitUntil(Instant.ofEpochMilli(Long.parseLong(data.getString(QuartzPublicationTimer.DUE_AT))));
		try {
			this.publisher.dispatch(publicationId).block(CLAIM_LIMIT);
		}
		catch (RuntimeException ex) {
			throw new JobExecutionException("Firing publication " + publicationId + " failed", ex, false);
		}
	}

	/**
	 * Never early: a trigger fired ahead of time (clock skew between nodes) waits for the
	 * due instant.
	 */
	private void waitUntil(Instant dueAt) throws JobExecutionException {
		long early = Duration.between(this.clock.instant(), dueAt).toMillis();
		if (early > 0) {
			try {
				Thread.sleep(early);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new JobExecutionException("Interrupted while waiting for the due instant", ex, false);
			}
		}
	}

}
