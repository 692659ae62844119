package org.hubben.inbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The threads under one post, across its channels, or the mentions of one channel.
 *
 * @param postId the Hubben post, or {@code null} for mentions outside the channel's posts
 * @param title the post's title, or "Mentions of …"
 * @param lastActivity when the latest comment in it was written
 * @param threads its threads, newest activity first
 */
public record PostThreads(UUID postId, String title, Instant lastActivity, List<InboxThread> threads) {

	public PostThreads {
		threads = List.copyOf(threads);
	}

}
