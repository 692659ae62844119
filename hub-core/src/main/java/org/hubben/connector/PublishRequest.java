package org.hubben.connector;

import java.net.URI;
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
 */
public record PublishRequest(UUID deliveryId, ChannelAccess channel, String text, String title, URI link) {

	public PublishRequest {
		Objects.requireNonNull(deliveryId, "deliveryId");
		Objects.requireNonNull(channel, "channel");
		Objects.requireNonNull(text, "text");
		Objects.requireNonNull(link, "link");
	}

}
