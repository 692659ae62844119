package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A post, due on some channels at one instant.
 *
 * @param id the identifier
 * @param postId the post
 * @param dueAt when it goes out, never before
 * @param zoneId the IANA zone the person planned in, for showing {@code dueAt} back to
 * them
 * @param createdBy the username of who scheduled it
 * @param createdAt when it was scheduled
 * @param sendLate whether a delivery that could not go out within the late limit of its
 * time is still sent (otherwise it fails as having missed its time)
 * @param targeting who alone may see it, as the JSON of a
 * {@link org.hubben.connector.Targeting}, for a targeted ("dark") publication;
 * {@code null} for an open one
 */
@Table("publication")
public record Publication(@Id UUID id, UUID postId, Instant dueAt, String zoneId, String createdBy, Instant createdAt,
		boolean sendLate, String targeting) {

	/**
	 * @return whether it is targeted ("dark") rather than open
	 */
	boolean targeted() {
		return this.targeting != null;
	}

}
