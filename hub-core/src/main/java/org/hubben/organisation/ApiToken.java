package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A member's personal API token, as Hubben keeps it: never the token itself, only its
 * hash. {@link #toString()} leaves the hash out.
 *
 * @param id the identifier
 * @param memberId the member it acts as, with that member's role
 * @param name what the member called it ("CI", "newsroom script")
 * @param tokenHash the hex SHA-256 of the token's text
 * @param hint the token's first characters ({@code hbn_} and six more), so a person can
 * tell their tokens apart
 * @param createdAt when it was issued
 * @param lastUsedAt when it last authenticated a request, to the minute; {@code null}
 * when never
 * @param expiresAt when it stops working; {@code null} when it does not expire
 * @param revokedAt when the member revoked it; {@code null} while it is not revoked
 */
@Table("api_token")
public record ApiToken(@Id UUID id, UUID memberId, String name, String tokenHash, String hint, Instant createdAt,
		Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {

	/**
	 * @param now the instant to judge at
	 * @return whether the token is revoked, expired (at or after {@code expiresAt}) or
	 * active
	 */
	public Status status(Instant now) {
		if (this.revokedAt != null) {
			return Status.REVOKED;
		}
		if (this.expiresAt != null && !now.isBefore(this.expiresAt)) {
			return Status.EXPIRED;
		}
		return Status.ACTIVE;
	}

	@Override
	public String toString() {
		return "ApiToken[id=" + this.id + ", memberId=" + this.memberId + ", name=" + this.name + ", hint=" + this.hint
				+ "]";
	}

	/** Whether a token still authenticates. */
	public enum Status {

		/** It authenticates requests. */
		ACTIVE,

		/** Its expiry passed; it authenticates nothing. */
		EXPIRED,

		/** Its member revoked it; it authenticates nothing. */
		REVOKED

	}

}
