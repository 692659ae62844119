package org.hubben.approval;

import java.time.Clock;
import java.util.UUID;

import org.hubben.organisation.Access;
import org.hubben.organisation.Action;
import org.hubben.organisation.AuditLog;
import org.hubben.organisation.Member;
import org.hubben.publishing.ApprovalGate;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Each organisation's rule "require approval before scheduling" (table
 * {@code approval_rule}; no row: not required), which
 * {@link org.hubben.publishing.Publisher} asks before it schedules. Non-blocking.
 */
@Service
public class ApprovalRules implements ApprovalGate {

	private final DatabaseClient database;

	private final Access access;

	private final AuditLog auditLog;

	private final TransactionalOperator transactions;

	private final Clock clock;

	ApprovalRules(DatabaseClient database, Access access, AuditLog auditLog, TransactionalOperator transactions,
			Clock clock) {
		this.database = database;
		this.access = access;
		this.auditLog = auditLog;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public Mono<Boolean> required(UUID organisationId) {
		return this.database.sql("select required from approval_rule where organisation_id = :organisation")
			.bind("organisation", organisationId)
			.map((row) -> Boolean.TRUE.equals(row.get("required", Boolean.class)))
			.one()
			.defaultIfEmpty(false);
	}

	/**
	 * Requires approval, or no longer, in an organisation; records
	 * {@code approval.required-changed} when it changes. Submissions waiting when it is
	 * turned off still wait for an approver.
	 * @param member who asks: {@link Action#MANAGE_SETTINGS} in the organisation
	 * @return whether it is required now; an {@link org.hubben.organisation.AccessDenied}
	 * error when the member may not
	 */
	public Mono<Boolean> require(Member member, UUID organisationId, boolean required) {
		return this.access.check(member, Action.MANAGE_SETTINGS, organisationId)
			.flatMap((organisation) -> required(organisationId).flatMap((before) -> {
				if (before == required) {
					return Mono.just(required);
				}
				return this.database.sql("delete from approval_rule where organisation_id = :organisation")
					.bind("organisation", organisationId)
					.then()
					.then(this.database
						.sql("insert into approval_rule (organisation_id, required, changed_by, changed_at) "
								+ "values (:organisation, :required, :by, :at)")
						.bind("organisation", organisationId)
						.bind("required", required)
						.bind("by", member.username())
						.bind("at", this.clock.instant())
						.then())
					.then(this.auditLog.record(organisationId, member.username(), "approval.required-changed",
							"organisation " + organisation.name(),
							required ? "Approval is required before scheduling" : "Approval is no longer required"))
					.as(this.transactions::transactional)
					.thenReturn(required);
			}));
	}

}
