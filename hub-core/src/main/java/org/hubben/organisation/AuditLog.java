package org.hubben.organisation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
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

	/**
	 * Reads the log. An action with a dot matches exactly; one without (a noun such as
	 * {@code post}) matches every action on it.
	 * @return one page of the entries that match, newest first; empty entries for no
	 * organisation
	 */
	public Mono<AuditPage> search(AuditQuery query) {
		if (query.organisationIds().isEmpty()) {
			return Mono.just(new AuditPage(List.of(), query.page(), query.size(), false));
		}
		StringBuilder sql = new StringBuilder("select * from audit_entry where organisation_id in (:organisations)");
		if (query.actor() != null) {
			sql.append(" and actor = :actor");
		}
		if (query.action() != null) {
			sql.append(query.action().contains(".") ? " and action = :action" : " and action like :action");
		}
		if (query.from() != null) {
			sql.append(" and at >= :from");
		}
		if (query.to() != null) {
			sql.append(" and at < :to");
		}
		// One more than the page holds, to know whether an older page follows.
		sql.append(" order by at desc, id desc limit ")
			.append(query.size() + 1)
			.append(" offset ")
			.append((long) query.page() * query.size());
		DatabaseClient.GenericExecuteSpec spec = this.template.getDatabaseClient()
			.sql(sql.toString())
			.bind("organisations", query.organisationIds());
		if (query.actor() != null) {
			spec = spec.bind("actor", query.actor());
		}
		if (query.action() != null) {
			spec = spec.bind("action", query.action().contains(".") ? query.action() : query.action() + ".%");
		}
		if (query.from() != null) {
			spec = spec.bind("from", query.from());
		}
		if (query.to() != null) {
			spec = spec.bind("to", query.to());
		}
		return spec.map((row, metadata) -> this.template.getConverter().read(AuditEntry.class, row, metadata))
			.all()
			.collect(ArrayList<AuditEntry>::new, List::add)
			.map((found) -> {
				boolean more = found.size() > query.size();
				return new AuditPage(List.copyOf(more ? found.subList(0, query.size()) : found), query.page(),
						query.size(), more);
			});
	}

	/**
	 * @return the distinct actions recorded in these organisations, sorted, for a filter
	 */
	public Mono<List<String>> actions(List<UUID> organisationIds) {
		if (organisationIds.isEmpty()) {
			return Mono.just(List.of());
		}
		return this.template.getDatabaseClient()
			.sql("select distinct action from audit_entry where organisation_id in (:organisations) order by action")
			.bind("organisations", organisationIds)
			.map((row) -> row.get("action", String.class))
			.all()
			.collectList();
	}

}
