package org.hubben.content;

import java.time.Instant;
import java.util.UUID;

/**
 * How the last poll of an organisation's home-site feed went.
 *
 * @param organisationId the organisation
 * @param feedUrl the feed polled (the one set, or the one discovered on the home site);
 * {@code null} when none could be found
 * @param polledAt when
 * @param entriesRead how many articles the feed showed
 * @param draftsMade how many of them became draft posts
 * @param error why the feed could not be read, in words a person can act on; {@code null}
 * when it was read
 */
public record FeedPoll(UUID organisationId, String feedUrl, Instant polledAt, int entriesRead, int draftsMade,
		String error) {

	public boolean failed() {
		return this.error != null;
	}

}
