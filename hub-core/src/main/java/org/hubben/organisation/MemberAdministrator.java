package org.hubben.organisation;

import java.time.Instant;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * What administrators do to members: list those of the organisations they manage (their
 * own and every one below), change a role, remove one. An organisation never loses its
 * last administrator, and nobody removes themselves. Every change is in the audit log.
 * Also keeps each member's last login and when their password last changed. Non-blocking.
 */
@Service
public class MemberAdministrator {

	private final R2dbcEntityTemplate template;

	private final DatabaseClient database;

	private final Access access;

	private final AuditLog audit;

	private final TransactionalOperator transactions;

	private final Clock clock;

	MemberAdministrator(R2dbcEntityTemplate template, Access access, AuditLog audit, TransactionalOperator transactions,
			Clock clock) {
		this.template = template;
		this.database = template.getDatabaseClient();
		this.access = access;
		this.audit = audit;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * @return each organisation the administrator may manage members of, parent before
	 * children, with its members by username; empty for a member who manages none
	 */
	public Flux<OrganisationMembers> membersManagedBy(Member admin) {
		return this.access.visibleTo(admin)
			.filterWhen((organisation) -> this.access.may(admin, Action.MANAGE_MEMBERS, organisation.id()))
			.concatMap((organisation) -> this.database.sql(
					"select id, organisation_id, username, role, created_at, last_login_at from member where organisation_id = :org")
				.bind("org", organisation.id())
				.map(MemberAdministrator::summary)
				.all()
				.sort(Comparator.comparing(MemberSummary::username))
				.collectList()
				.map((members) -> new OrganisationMembers(organisation, members)));
	}

	/**
	 * @return the member, when the administrator may manage members of their
	 * organisation; a {@link MemberNotFound} error otherwise (so that asking tells nobody
	 * who exists elsewhere)
	 */
	public Mono<Member> managed(Member admin, UUID memberId) {
		return this.template.select(Member.class)
			.matching(Query.query(Criteria.where("id").is(memberId)))
			.one()
			.filterWhen((member) -> this.access.may(admin, Action.MANAGE_MEMBERS, member.organisationId()))
			.switchIfEmpty(Mono.error(() -> new MemberNotFound(memberId)));
	}

	/**
	 * @return the member with the new role (unchanged and not audited when it was theirs
	 * already); a {@link MemberNotFound} error, or a {@link MemberChangeRefused} when it
	 * would leave their organisation without an administrator
	 */
	public Mono<Member> changeRole(Member admin, UUID memberId, Role role) {
		return managed(admin, memberId).flatMap((member) -> {
			if (member.role() == role) {
				return Mono.just(member);
			}
			Mono<Member> change = lastAdmin(member)
				.flatMap((last) -> last ? Mono.<Member>error(new MemberChangeRefused(member.username()
						+ " is the only administrator of their organisation; make another member administrator first"))
						: this.database.sql("update member set role = :role where id = :id")
							.bind("role", role.name())
							.bind("id", memberId)
							.fetch()
							.rowsUpdated()
							.thenReturn(new Member(member.id(), member.organisationId(), member.username(),
									member.passwordHash(), role, member.createdAt())));
			return change.as(this.transactions::transactional)
				.flatMap((changed) -> this.audit
					.record(member.organisationId(), admin.username(), "member.role-changed",
							"member " + member.username(),
							Invitations.name(member.role()) + " to " + Invitations.name(role))
					.thenReturn(changed));
		});
	}

	/**
	 * Removes a member: their login, API tokens and reset links go; what they wrote
	 * stays.
	 * @return the member as they were; a {@link MemberNotFound} error, or a
	 * {@link MemberChangeRefused} for the administrator themselves or the last
	 * administrator of an organisation
	 */
	public Mono<Member> remove(Member admin, UUID memberId) {
		return managed(admin, memberId).flatMap((member) -> {
			if (member.id().equals(admin.id())) {
				return Mono
					.error(new MemberChangeRefused("You cannot remove yourself; another administrator can remove you"));
			}
			Mono<Member> removal = lastAdmin(member)
				.flatMap((last) -> last ? Mono.<Member>error(new MemberChangeRefused(member.username()
						+ " is the only administrator of their organisation; make another member administrator first"))
						: this.database.sql("delete from pending_link where member_id = :id")
							.bind("id", memberId)
							.fetch()
							.rowsUpdated()
							.then(this.database.sql("delete from member where id = :id")
								.bind("id", memberId)
								.fetch()
								.rowsUpdated())
							.thenReturn(member));
			return removal.as(this.transactions::transactional)
				.flatMap((removed) -> this.audit
					.record(member.organisationId(), admin.username(), "member.removed", "member " + member.username(),
							"was " + Invitations.name(member.role()))
					.thenReturn(removed));
		});
	}

	/**
	 * Records a successful password login, now, to the minute: HTTP Basic logs in on
	 * every call, and a busy script should not write a row each time.
	 */
	public Mono<Void> recordLogin(String username) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			return this.database
				.sql("update member set last_login_at = :now where username = :username "
						+ "and (last_login_at is null or last_login_at < :before)")
				.bind("now", now)
				.bind("username", username)
				.bind("before", now.minusSeconds(60))
				.fetch()
				.rowsUpdated()
				.then();
		});
	}

	/**
	 * @return when the member's password last changed through a reset ({@link Optional}
	 * empty: never); empty when there is no such member (removed)
	 */
	public Mono<Optional<Instant>> credentialsChangedAt(String username) {
		return this.database.sql("select credentials_changed_at from member where username = :username")
			.bind("username", username)
			.map((row) -> Optional.ofNullable(instant(row, "credentials_changed_at")))
			.one();
	}

	Mono<Member> changePassword(UUID memberId, String passwordHash, Instant now) {
		return this.database
			.sql("update member set password_hash = :hash, credentials_changed_at = :now where id = :id")
			.bind("hash", passwordHash)
			.bind("now", now)
			.bind("id", memberId)
			.fetch()
			.rowsUpdated()
			.then(this.template.select(Member.class).matching(Query.query(Criteria.where("id").is(memberId))).one());
	}

	private Mono<Boolean> lastAdmin(Member member) {
		if (member.role() != Role.ADMIN) {
			return Mono.just(false);
		}
		return this.database.sql("select count(*) as admins from member where organisation_id = :org and role = :role")
			.bind("org", member.organisationId())
			.bind("role", Role.ADMIN.name())
			.map((row) -> ((Number) row.get("admins")).longValue())
			.one()
			.map((admins) -> admins <= 1);
	}

	private static MemberSummary summary(Readable row) {
		return new MemberSummary(row.get("id", UUID.class), row.get("organisation_id", UUID.class),
				row.get("username", String.class), Role.valueOf(row.get("role", String.class)),
				instant(row, "created_at"), instant(row, "last_login_at"));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
