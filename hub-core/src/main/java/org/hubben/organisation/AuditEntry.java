package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One step someone took, as the audit log keeps it.
 *
 * @param id the identifier
 * @param organisationId the organisation it was taken in
 * @param actor the username of who took it
 * @param action what they did, a dotted name such as {@code post.submitted} (see
 * {@link AuditLog})
 * @param subject what they did it to, such as {@code post 0b5e…} or {@code member alma}
 * @param detail what a reader needs besides (a comment, a time, a role), or {@code null}
 * @param at when
 */
@Table("audit_entry")
public record AuditEntry(@Id UUID id, UUID organisationId, String actor, String action, String subject, String detail,
		Instant at) {

}
