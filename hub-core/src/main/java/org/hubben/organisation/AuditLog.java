package org.hubben.organisation;

import java.time.Clock;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;

/**
 * The audit log: every step of approval, scheduling, adoption and member management, with
 * who took it and when. Entries are only added, never changed. Actions are dotted names,
 * the noun first: {@code post.submitted}, {@code post.approved}, {@code post.returned},
 * {@code publication.scheduled}, {@code member.invited} and so on.
 */
@Service
public class AuditLog {

	private final R2dbcEntityTemplate template;

	private final Clock clock;

	AuditLog(R2dbcEntityTemplate template, Clock clock) {
		this.template = template;
		this.clock = clock;
	}

	/**
	 * Adds an entry, stamped now.
	 * @param detail {@code null} for none; cut to 2000 characters
	 * @return the entry as saved
	 */
	public Mono<AuditEntry> record(UUID organisationId, String actor, String action, String subject, String detail) {
		String kept = (detail != null && detail.length() > 2000) ? detail.substring(0, 2000) : detail;
		return this.template.insert(new AuditEntry(UUID.randomUUID(), organisationId, actor, action,
				(subject.length() > 300) ? subject.substring(0, 300) : subject, kept, this.clock.instant()));
	}

}
