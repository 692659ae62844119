package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A person who works in Hubben for one organisation. {@link #toString()} leaves the
 * password hash out.
 *
 * @param id the identifier
 * @param organisationId the organisation they belong to
 * @param username the login name, unique
 * @param passwordHash the encoded password (a {@code {id}}-prefixed delegating encoding)
 * @param role their role
 * @param createdAt when they were added
 */
@Table("member")
public record Member(@Id UUID id, UUID organisationId, String username, String passwordHash, Role role,
		Instant createdAt) {

	@Override
	public String toString() {
		return "Member[id=" + this.id + ", username=" + this.username + ", role=" + this.role + "]";
	}

}
