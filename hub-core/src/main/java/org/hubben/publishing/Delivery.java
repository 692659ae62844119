package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One publication on one channel. State changes only through the conditional updates in
 * {@link Deliveries}.
 *
 * @param id the identifier
 * @param publicationId the publication
 * @param channelId the channel
 * @param platform the channel's platform
 * @param state where it stands
 * @param dueAt the publication's due instant
 * @param attempts how many times it was claimed
 * @param remoteId the platform's id of the post, once it answered
 * @param remoteUrl where a person sees the post, once it answered
 * @param error why it failed, is unknown or is waiting, in words a person can act on
 * @param claimedAt when it was last claimed
 * @param finishedAt when it reached a final state; {@code null} while it is waiting
 * @param nextAttemptAt when it may be claimed (its due instant, or when a retry or a rate
 * limit lets it go again), or when an unknown outcome is next looked up
 * @param claimedBy the Quartz instance id of the node that claimed it last
 * @param lookups how many times its unknown outcome was looked up on the platform
 */
@Table("delivery")
public record Delivery(@Id UUID id, UUID publicationId, UUID channelId, Platform platform, DeliveryState state,
		Instant dueAt, int attempts, String remoteId, String remoteUrl, String error, Instant claimedAt,
		Instant finishedAt, Instant nextAttemptAt, String claimedBy, int lookups) {

	static Delivery pending(UUID publicationId, UUID channelId, Platform platform, Instant dueAt) {
		return new Delivery(UUID.randomUUID(), publicationId, channelId, platform, DeliveryState.PENDING, dueAt, 0,
				null, null, null, null, null, dueAt, null, 0);
	}

}
