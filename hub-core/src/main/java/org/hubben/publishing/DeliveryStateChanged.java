package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;

/**
 * A delivery reached a new state: published once the conditional update that changed it
 * succeeded, on the node that made the change.
 *
 * @param deliveryId the delivery
 * @param publicationId its publication
 * @param postId the post it carries
 * @param channelId the channel it goes to
 * @param platform the channel's platform
 * @param state the state it is in now
 * @param remoteId the platform's id of the post, once it answered; otherwise {@code null}
 * @param remoteUrl where a person sees the post, once it answered; otherwise {@code null}
 * @param error why it failed, is unknown, retrying or waiting; {@code null} otherwise
 * @param at when the change was recorded
 */
public record DeliveryStateChanged(UUID deliveryId, UUID publicationId, UUID postId, UUID channelId, Platform platform,
		DeliveryState state, String remoteId, String remoteUrl, String error, Instant at) {

}
