package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A link that lets someone without an account join an organisation with a role, once.
 * Only the SHA-256 of its token is kept.
 *
 * @param note what the inviting administrator wrote (whom it is for), or {@code null}
 * @param createdBy the inviting administrator's username
 * @param usedAt when someone joined with it, or {@code null}
 * @param usedBy the username they chose, or {@code null}
 * @param revokedAt when an administrator revoked it, or {@code null}
 */
@Table("invitation")
public record Invitation(@Id UUID id, UUID organisationId, Role role, String note, String tokenHash, String createdBy,
		Instant createdAt, Instant expiresAt, Instant usedAt, String usedBy, Instant revokedAt) {

	/**
	 * @return whether it can still be used at {@code now}
	 */
	public boolean pending(Instant now) {
		return this.usedAt == null && this.revokedAt == null && now.isBefore(this.expiresAt);
	}

	@Override
	public String toString() {
		return "Invitation[id=" + this.id + ", organisationId=" + this.organisationId + ", role=" + this.role + "]";
	}

}
