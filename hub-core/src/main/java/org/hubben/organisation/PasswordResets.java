package org.hubben.organisation;

import java.time.Instant;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Administrator-initiated password resets: an administrator makes a link for a member
 * they manage; the member chooses a new password through it, once, within
 * {@code hubben.members.password-reset-ttl}. The old password stops working and the
 * member's page sessions end (their {@code credentials_changed_at} moves); their API
 * tokens keep working. A new link replaces the member's earlier unused ones.
 */
@Service
public class PasswordResets {

	private final R2dbcEntityTemplate template;

	private final MemberAdministrator administrator;

	private final AuditLog audit;

	private final PasswordEncoder passwordEncoder;

	private final TransactionalOperator transactions;

	private final MembersProperties properties;

	private final Clock clock;

	PasswordResets(R2dbcEntityTemplate template, MemberAdministrator administrator, AuditLog audit,
			PasswordEncoder passwordEncoder, TransactionalOperator transactions, MembersProperties properties,
			Clock clock) {
		this.template = template;
		this.administrator = administrator;
		this.audit = audit;
		this.passwordEncoder = passwordEncoder;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @return the reset with its token, which is never available again; a
	 * {@link MemberNotFound} error when the administrator manages no such member
	 */
	public Mono<IssuedPasswordReset> create(Member admin, UUID memberId) {
		return this.administrator.managed(admin, memberId).flatMap((member) -> {
			Instant now = this.clock.instant();
			String token = OneTimeTokens.create();
			PasswordReset reset = new PasswordReset(UUID.randomUUID(), member.id(), OneTimeTokens.hash(token),
					admin.username(), now, now.plus(this.properties.passwordResetTtl()), null);
			return this.template
				.delete(Query.query(Criteria.where("member_id").is(member.id()).and("used_at").isNull()),
						PasswordReset.class)
				.then(this.template.insert(reset))
				.as(this.transactions::transactional)
				.flatMap((saved) -> this.audit
					.record(member.organisationId(), admin.username(), "member.password-reset",
							"member " + member.username(), "link valid until " + saved.expiresAt())
					.thenReturn(new IssuedPasswordReset(saved, token)));
		});
	}

	/**
	 * @return the member whose password the link resets, when it can be used now; a
	 * {@link OneTimeLinkRefused} error saying why not
	 */
	public Mono<Member> open(String token) {
		return find(token)
			.flatMap((reset) -> this.template.selectOne(Query.query(Criteria.where("id").is(reset.memberId())),
					Member.class))
			.switchIfEmpty(Mono.error(PasswordResets::unknown));
	}

	/**
	 * Sets the member's new password and ends their page sessions; uses the link up.
	 * @return the member; an {@link InvalidMemberInput} error (field {@code password})
	 * for a password that breaks the rules, a {@link OneTimeLinkRefused} when the link
	 * cannot be used
	 */
	public Mono<Member> use(String token, String password) {
		return find(token).flatMap((reset) -> {
			Map<String, String> errors = new LinkedHashMap<>();
			MemberRules.checkPassword(password, errors);
			if (!errors.isEmpty()) {
				return Mono.error(new InvalidMemberInput(errors));
			}
			Instant now = this.clock.instant();
			String hash = this.passwordEncoder.encode(password);
			return this.template.update(PasswordReset.class)
				.matching(Query.query(
						Criteria.where("id").is(reset.id()).and("used_at").isNull().and("expires_at").greaterThan(now)))
				.apply(Update.update("used_at", now))
				.flatMap((claimed) -> (claimed == 0)
						? Mono.<Member>error(new OneTimeLinkRefused(OneTimeLinkRefused.Reason.USED,
								"This link was used a moment ago; ask your administrator for a new one"))
						: this.administrator.changePassword(reset.memberId(), hash, now))
				.as(this.transactions::transactional)
				.flatMap((member) -> this.audit
					.record(member.organisationId(), member.username(), "member.password-changed",
							"member " + member.username(), "through a reset link from " + reset.createdBy())
					.thenReturn(member));
		});
	}

	private Mono<PasswordReset> find(String token) {
		return Mono.defer(() -> {
			if (!OneTimeTokens.wellFormed(token)) {
				return Mono.error(unknown());
			}
			return this.template
				.selectOne(Query.query(Criteria.where("token_hash").is(OneTimeTokens.hash(token))), PasswordReset.class)
				.switchIfEmpty(Mono.error(PasswordResets::unknown))
				.flatMap((reset) -> {
					if (reset.usedAt() != null) {
						return Mono.error(new OneTimeLinkRefused(OneTimeLinkRefused.Reason.USED,
								"This link has been used already; ask your administrator for a new one"));
					}
					if (!this.clock.instant().isBefore(reset.expiresAt())) {
						return Mono.error(new OneTimeLinkRefused(OneTimeLinkRefused.Reason.EXPIRED,
								"This link has expired; ask your administrator for a new one"));
					}
					return Mono.just(reset);
				});
		});
	}

	private static OneTimeLinkRefused unknown() {
		return new OneTimeLinkRefused(OneTimeLinkRefused.Reason.UNKNOWN,
				"Hubben does not know this link (or a newer one replaced it); ask your administrator for a new one");
	}

}
