package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;

/**
 * One delivery as a person watching its publication sees it.
 *
 * @param deliveryId the delivery
 * @param channelId its channel
 * @param channel the channel's name, or "(removed channel)"
 * @param platform the channel's platform
 * @param state where it stands
 * @param reason why it failed, is unknown, waits or retries; {@code null} in the other
 * states
 * @param remoteId the platform's id of the post once it is sent; otherwise {@code null}
 * @param remoteUrl where a person sees the post once it is sent; otherwise {@code null}
 * @param attempts how many times it was claimed
 * @param nextAttemptAt when a retrying delivery goes again; {@code null} in the other
 * states
 */
public record DeliveryStatus(UUID deliveryId, UUID channelId, String channel, Platform platform, DeliveryState state,
		String reason, String remoteId, String remoteUrl, int attempts, Instant nextAttemptAt) {

	static DeliveryStatus of(Delivery delivery, String channel) {
		DeliveryState state = delivery.state();
		String reason = switch (state) {
			case FAILED, UNKNOWN, WAITING, RETRYING -> delivery.error();
			default -> null;
		};
		boolean sent = state == DeliveryState.SENT;
		return new DeliveryStatus(delivery.id(), delivery.channelId(), channel, delivery.platform(), state, reason,
				sent ? delivery.remoteId() : null, sent ? delivery.remoteUrl() : null, delivery.attempts(),
				(state == DeliveryState.RETRYING) ? delivery.nextAttemptAt() : null);
	}

	/**
	 * @return whether nothing will change it any more without a person: sent, failed or
	 * cancelled (a waiting delivery goes out once its channel is reconnected)
	 */
	public boolean settled() {
		return this.state == DeliveryState.SENT || this.state == DeliveryState.FAILED
				|| this.state == DeliveryState.CANCELLED;
	}

}
