package org.hubben.connector;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One post, as one platform should receive it on one channel.
 *
 * @param deliveryId Hubben's identifier of this delivery; connectors may send it where
 * the platform accepts an idempotency key
 * @param channel the channel's decrypted credentials
 * @param text the exact text to post; for {@link Capabilities.LinkPlacement#IN_TEXT}
 * platforms it already holds the link
 * @param title the title, or {@code null} where the platform has none
 * @param link the link back to the home site, tagged for this platform
 * @param media the images and videos to attach, in the author's order, already checked
 * against the connector's {@link MediaRules}; empty for a text post
 * @param tags tags or keywords, without {@code #}, for platforms that take them (YouTube,
 * Flickr); empty when there are none
 * @param targeting who alone may see the post, for a targeted ("dark") post that is not
 * shown on the channel itself; {@code null} for an open post. Only connectors whose
 * platform supports it receive one; {@code link} then points at the open post.
 */
public record PublishRequest(UUID deliveryId, ChannelAccess channel, String text, String title, URI link,
		List<PublishMedia> media, List<String> tags, Targeting targeting) {

	public PublishRequest {
		Objects.requireNonNull(deliveryId, "deliveryId");
		Objects.requireNonNull(channel, "channel");
		Objects.requireNonNull(text, "text");
		Objects.requireNonNull(link, "link");
		media = (media != null) ? List.copyOf(media) : List.of();
		tags = (tags != null) ? List.copyOf(tags) : List.of();
	}

	/** An open post, shown on the channel. */
	public PublishRequest(UUID deliveryId, ChannelAccess channel, String text, String title, URI link,
			List<PublishMedia> media, List<String> tags) {
		this(deliveryId, channel, text, title, link, media, tags, null);
	}

	/** A text post without media or tags. */
	public PublishRequest(UUID deliveryId, ChannelAccess channel, String text, String title, URI link) {
		this(deliveryId, channel, text, title, link, List.of(), List.of());
	}

}
