package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;

/**
 * A delivery the platform took: where one post is on one channel.
 *
 * @param deliveryId the delivery
 * @param postId the post
 * @param channelId the channel
 * @param platform the channel's platform
 * @param remoteId the platform's id of the post
 * @param sentAt when it was sent
 */
public record SentDelivery(UUID deliveryId, UUID postId, UUID channelId, Platform platform, String remoteId,
		Instant sentAt) {

}
