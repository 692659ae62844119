package org.hubben.inbox;

import java.time.Instant;
import java.util.List;

import org.hubben.connector.Platform;

/**
 * A person whose comments the inbox holds, as found for an erasure request.
 *
 * @param platform the platform they wrote on
 * @param authorId their platform id
 * @param names the names they wrote under
 * @param comments how many of their comments the inbox holds
 * @param channels the names of the channels they wrote on
 * @param latest when they last wrote
 */
public record Commenter(Platform platform, String authorId, List<String> names, int comments, List<String> channels,
		Instant latest) {

	public Commenter {
		names = List.copyOf(names);
		channels = List.copyOf(channels);
	}

	@Override
	public String toString() {
		return "Commenter[platform=" + this.platform + ", comments=" + this.comments + ", author=<hidden>]";
	}

}
