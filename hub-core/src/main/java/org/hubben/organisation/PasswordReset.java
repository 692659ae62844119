package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A link an administrator made for a member to choose a new password, used once. Only the
 * SHA-256 of its token is kept.
 *
 * @param createdBy the administrator's username
 * @param usedAt when the member set their password with it, or {@code null}
 */
@Table("password_reset")
public record PasswordReset(@Id UUID id, UUID memberId, String tokenHash, String createdBy, Instant createdAt,
		Instant expiresAt, Instant usedAt) {

	@Override
	public String toString() {
		return "PasswordReset[id=" + this.id + ", memberId=" + this.memberId + "]";
	}

}
