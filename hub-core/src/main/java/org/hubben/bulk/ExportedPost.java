package org.hubben.bulk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A post with its publications and their deliveries, as exported.
 *
 * @param id the post
 * @param title its title
 * @param text its text
 * @param link the page it links to, or {@code null} for the home site
 * @param slug its unique name
 * @param createdBy who composed it
 * @param createdAt when
 * @param publications its publications, by due instant
 */
public record ExportedPost(UUID id, String title, String text, String link, String slug, String createdBy,
		Instant createdAt, List<ExportedPublication> publications) {

	/**
	 * @param id the publication
	 * @param dueAt when it goes out
	 * @param zone the zone it was planned in
	 * @param deliveries one per channel, by platform
	 */
	public record ExportedPublication(UUID id, Instant dueAt, String zone, List<ExportedDelivery> deliveries) {

	}

	/**
	 * @param id the delivery
	 * @param channelId the channel
	 * @param channel the channel's name
	 * @param platform the platform id
	 * @param state where it stands
	 * @param remoteId the platform's id of the post, once sent
	 * @param remoteUrl where a person sees the post, once sent
	 * @param error why it failed, waits or is unknown
	 */
	public record ExportedDelivery(UUID id, UUID channelId, String channel, String platform, String state,
			String remoteId, String remoteUrl, String error) {

	}

}
