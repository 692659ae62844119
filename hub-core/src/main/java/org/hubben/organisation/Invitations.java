package org.hubben.organisation;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Invitations by link: an administrator invites someone into an organisation they manage
 * with a role; the invitee opens the link, chooses a username and password, and is a
 * member. A link works once, until it expires ({@code hubben.members.invitation-ttl}) or
 * is revoked. Every step is in the audit log. Non-blocking; the database decides between
 * nodes (a link used twice at once joins one person).
 */
@Service
public class Invitations {

	static final int NOTE_MAX = 200;

	private final R2dbcEntityTemplate template;

	private final Access access;

	private final AuditLog audit;

	private final PasswordEncoder passwordEncoder;

	private final TransactionalOperator transactions;

	private final MembersProperties properties;

	private final Clock clock;

	Invitations(R2dbcEntityTemplate template, Access access, AuditLog audit, PasswordEncoder passwordEncoder,
			TransactionalOperator transactions, MembersProperties properties, Clock clock) {
		this.template = template;
		this.access = access;
		this.audit = audit;
		this.passwordEncoder = passwordEncoder;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param note whom it is for, or {@code null}; at most 200 characters, trimmed
	 * @return the invitation with its token, which is never available again; an
	 * {@link AccessDenied} error when the administrator may not manage members there, an
	 * {@link InvalidMemberInput} when the note is too long
	 */
	public Mono<IssuedInvitation> invite(Member admin, UUID organisationId, Role role, String note) {
		return this.access.check(admin, Action.MANAGE_MEMBERS, organisationId).flatMap((organisation) -> {
			String kept = (note != null && !note.isBlank()) ? note.strip() : null;
			if (kept != null && kept.length() > NOTE_MAX) {
				return Mono
					.error(new InvalidMemberInput(Map.of("note", "A note has at most " + NOTE_MAX + " characters")));
			}
			Instant now = this.clock.instant();
			String token = OneTimeTokens.create();
			Invitation invitation = new Invitation(UUID.randomUUID(), organisationId, role, kept,
					OneTimeTokens.hash(token), admin.username(), now, now.plus(this.properties.invitationTtl()), null,
					null, null);
			return this.template.insert(invitation)
				.flatMap((saved) -> this.audit
					.record(organisationId, admin.username(), "member.invited", "invitation " + saved.id(),
							"as " + name(role) + ((kept != null) ? "; " + kept : ""))
					.thenReturn(new IssuedInvitation(saved, token)));
		});
	}

	/**
	 * @return the invitations still pending in the organisations the administrator
	 * manages, newest first
	 */
	public Flux<Invitation> pending(Member admin) {
		Instant now = this.clock.instant();
		return this.access.visibleTo(admin)
			.filterWhen((organisation) -> this.access.may(admin, Action.MANAGE_MEMBERS, organisation.id()))
			.map(Organisation::id)
			.collectList()
			.flatMapMany((ids) -> ids.isEmpty() ? Flux.empty()
					: this.template.select(Invitation.class)
						.matching(Query
							.query(Criteria.where("organisation_id")
								.in(ids)
								.and("used_at")
								.isNull()
								.and("revoked_at")
								.isNull()
								.and("expires_at")
								.greaterThan(now))
							.sort(Sort.by(Sort.Direction.DESC, "created_at")))
						.all());
	}

	/**
	 * Revokes a pending invitation; its link works no more. Idempotent.
	 * @return the invitation as revoked; an {@link InvitationNotFound} error when there
	 * is none with that id where the administrator manages members
	 */
	public Mono<Invitation> revoke(Member admin, UUID id) {
		return this.template.selectOne(Query.query(Criteria.where("id").is(id)), Invitation.class)
			.filterWhen((invitation) -> this.access.may(admin, Action.MANAGE_MEMBERS, invitation.organisationId()))
			.switchIfEmpty(Mono.error(() -> new InvitationNotFound(id)))
			.flatMap((invitation) -> {
				Instant now = this.clock.instant();
				return this.template.update(Invitation.class)
					.matching(Query.query(Criteria.where("id").is(id).and("revoked_at").isNull()))
					.apply(Update.update("revoked_at", now))
					.flatMap((changed) -> (changed == 0) ? Mono.just(invitation) : this.audit
						.record(invitation.organisationId(), admin.username(), "invitation.revoked", "invitation " + id,
								null)
						.then(this.template.selectOne(Query.query(Criteria.where("id").is(id)), Invitation.class)));
			});
	}

	/**
	 * @param token the token from the link
	 * @return the invitation when it can be used now; a {@link OneTimeLinkRefused} error
	 * saying why not
	 */
	public Mono<Invitation> open(String token) {
		return Mono.defer(() -> {
			if (!OneTimeTokens.wellFormed(token)) {
				return Mono.error(unknown());
			}
			return this.template
				.selectOne(Query.query(Criteria.where("token_hash").is(OneTimeTokens.hash(token))), Invitation.class)
				.switchIfEmpty(Mono.error(Invitations::unknown))
				.flatMap((invitation) -> usable(invitation, this.clock.instant()));
		});
	}

	/**
	 * Joins the invitee: a new member of the invitation's organisation with its role. The
	 * link is used up only when the member is created.
	 * @return the new member; an {@link InvalidMemberInput} error (fields
	 * {@code username}, {@code password}) for a taken or malformed username or a short
	 * password, a {@link OneTimeLinkRefused} when the link cannot be used
	 */
	public Mono<Member> accept(String token, String username, String password) {
		return open(token).flatMap((invitation) -> {
			Map<String, String> errors = new LinkedHashMap<>();
			MemberRules.checkUsername(username, errors);
			MemberRules.checkPassword(password, errors);
			if (!errors.isEmpty()) {
				return Mono.error(new InvalidMemberInput(errors));
			}
			Instant now = this.clock.instant();
			Member member = new Member(UUID.randomUUID(), invitation.organisationId(), username,
					this.passwordEncoder.encode(password), invitation.role(), now);
			Mono<Member> join = this.template.update(Invitation.class)
				.matching(Query.query(Criteria.where("id")
					.is(invitation.id())
					.and("used_at")
					.isNull()
					.and("revoked_at")
					.isNull()
					.and("expires_at")
					.greaterThan(now)))
				.apply(Update.update("used_at", now).set("used_by", username))
				.flatMap((claimed) -> (claimed == 0)
						? Mono.error(new OneTimeLinkRefused(OneTimeLinkRefused.Reason.USED,
								"This invitation was used a moment ago; ask your administrator for a new one"))
						: this.template.insert(member));
			return this.template.select(Member.class)
				.matching(Query.query(Criteria.where("username").is(username)))
				.exists()
				.flatMap((taken) -> taken ? Mono.error(taken(username)) : join.as(this.transactions::transactional))
				.onErrorMap(DataIntegrityViolationException.class, (ex) -> taken(username))
				.flatMap((joined) -> this.audit
					.record(invitation.organisationId(), username, "member.joined", "member " + username,
							"as " + name(invitation.role()) + ", invited by " + invitation.createdBy())
					.thenReturn(joined));
		});
	}

	private Mono<Invitation> usable(Invitation invitation, Instant now) {
		if (invitation.revokedAt() != null) {
			return Mono.error(new OneTimeLinkRefused(OneTimeLinkRefused.Reason.REVOKED,
					"This invitation was revoked; ask your administrator for a new one"));
		}
		if (invitation.usedAt() != null) {
			return Mono.error(new OneTimeLinkRefused(OneTimeLinkRefused.Reason.USED,
					"This invitation has been used already; log in, or ask your administrator for a new one"));
		}
		if (!now.isBefore(invitation.expiresAt())) {
			return Mono.error(new OneTimeLinkRefused(OneTimeLinkRefused.Reason.EXPIRED,
					"This invitation has expired; ask your administrator for a new one"));
		}
		return Mono.just(invitation);
	}

	private static InvalidMemberInput taken(String username) {
		return new InvalidMemberInput(Map.of("username", "The username " + username + " is taken; choose another"));
	}

	private static OneTimeLinkRefused unknown() {
		return new OneTimeLinkRefused(OneTimeLinkRefused.Reason.UNKNOWN,
				"Hubben does not know this invitation link; check that you copied all of it");
	}

	static String name(Role role) {
		return role.name().toLowerCase(Locale.ROOT);
	}

}
