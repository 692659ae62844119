package org.hubben.organisation;

import java.util.UUID;

import org.hubben.connector.Platform;

/**
 * A channel was connected, or reconnected with new credentials: Hubben can publish on it
 * again. Published by {@link ChannelRegistrar} after the row is saved, on the node that
 * saved it; listeners must not block.
 *
 * @param channelId the channel
 * @param organisationId its organisation
 * @param platform its platform
 * @param reconnected {@code true} when the channel existed before (its deliveries may be
 * waiting for it), {@code false} when it is new
 */
public record ChannelConnected(UUID channelId, UUID organisationId, Platform platform, boolean reconnected) {

}
