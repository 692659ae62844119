package org.hubben.publishing;

import java.time.Instant;
import java.util.List;

import org.hubben.content.Post;

/**
 * A post that went out: at least one of its deliveries was {@link DeliveryState#SENT}.
 * Only published posts are public.
 *
 * @param post the post
 * @param publishedAt when its first delivery was sent
 * @param sent its sent deliveries, each with where the post is on the platform, in
 * platform order
 */
public record PublishedPost(Post post, Instant publishedAt, List<Delivery> sent) {

	public PublishedPost {
		sent = List.copyOf(sent);
	}

}
