package org.hubben.inbox;

import java.time.Instant;
import java.util.List;

/**
 * A comment on a post (or a mention) with every answer to it, oldest first.
 *
 * @param root the comment that starts it
 * @param replies the comments below it, oldest first
 * @param lastActivity when its latest comment was written
 * @param unanswered whether its latest comment is a person's that the public still sees
 * @param flagged whether a comment in it is flagged and still shown
 */
public record InboxThread(InboxEntry root, List<InboxEntry> replies, Instant lastActivity, boolean unanswered,
		boolean flagged) {

	public InboxThread {
		replies = List.copyOf(replies);
	}

}
