package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

/**
 * A member as their administrators see them.
 *
 * @param lastLoginAt when they last logged in with their password, or {@code null}
 */
public record MemberSummary(UUID id, UUID organisationId, String username, Role role, Instant createdAt,
		Instant lastLoginAt) {

}
