package org.hubben.organisation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Decides whether a member may act in an organisation: their {@link Role} and where the
 * organisation stands from theirs in the tree ({@link Reach}), as {@link Role#may} tables
 * it. Every request that acts on an organisation's posts, channels, members or settings
 * asks here first; the web layer maps {@link AccessDenied} to 403.
 */
@Service
public class Access {

	private final Organisations organisations;

	Access(Organisations organisations) {
		this.organisations = organisations;
	}

	/**
	 * @param member who asks
	 * @param action what they ask to do
	 * @param organisationId the organisation they ask it in
	 * @return the organisation when they may; an {@link AccessDenied} error when they may
	 * not, and when there is no such organisation (so that asking tells nobody which
	 * organisations exist)
	 */
	public Mono<Organisation> check(Member member, Action action, UUID organisationId) {
		return this.organisations.findById(organisationId)
			.flatMap((organisation) -> reach(member.organisationId(), organisation).flatMap((reach) -> {
				if (member.role().may(action, reach)) {
					return Mono.just(organisation);
				}
				return Mono.<Organisation>error(denied(member, action, organisation, reach));
			}))
			.switchIfEmpty(Mono.error(() -> new AccessDenied(action, organisationId,
					"There is no organisation " + organisationId + " where you may " + verb(action))));
	}

	/**
	 * @return whether the member may, without an error either way
	 */
	public Mono<Boolean> may(Member member, Action action, UUID organisationId) {
		return check(member, action, organisationId).thenReturn(true).onErrorReturn(AccessDenied.class, false);
	}

	/**
	 * @param fromId the member's organisation
	 * @param toId the organisation they act in
	 * @return where {@code toId} stands from {@code fromId}; empty when either does not
	 * exist
	 */
	public Mono<Reach> reach(UUID fromId, UUID toId) {
		return this.organisations.findById(toId).flatMap((to) -> reach(fromId, to));
	}

	private Mono<Reach> reach(UUID fromId, Organisation to) {
		if (to.id().equals(fromId)) {
			return Mono.just(Reach.OWN);
		}
		return ancestorsOf(to).map(Organisation::id)
			.collectList()
			.flatMap((aboveTo) -> aboveTo.contains(fromId) ? Mono.just(Reach.BELOW)
					: this.organisations.findById(fromId)
						.flatMap((from) -> ancestorsOf(from).map(Organisation::id).collectList())
						.map((aboveFrom) -> aboveFrom.contains(to.id()) ? Reach.ABOVE : Reach.ELSEWHERE));
	}

	/**
	 * @return the organisations above this one, nearest first, up to the centre
	 */
	public Flux<Organisation> ancestorsOf(Organisation organisation) {
		if (organisation.parentId() == null) {
			return Flux.empty();
		}
		return this.organisations.findById(organisation.parentId())
			.flatMapMany((parent) -> Flux.just(parent).concatWith(ancestorsOf(parent)));
	}

	/**
	 * @return the organisation and every one below it, each parent before its children
	 * (depth first, siblings by name); empty when there is no such organisation
	 */
	public Flux<Organisation> subtree(UUID organisationId) {
		return this.organisations.findById(organisationId).flatMapMany(this::subtree);
	}

	private Flux<Organisation> subtree(Organisation root) {
		return Flux.just(root)
			.concatWith(this.organisations.findByParentId(root.id())
				.sort((a, b) -> a.name().compareToIgnoreCase(b.name()))
				.concatMap(this::subtree));
	}

	/**
	 * @return the organisations the member sees: their own and every one below it
	 */
	public Flux<Organisation> visibleTo(Member member) {
		return subtree(member.organisationId());
	}

	/**
	 * @return the ids of the organisations the member sees
	 */
	public Mono<List<UUID>> visibleIds(Member member) {
		return visibleTo(member).map(Organisation::id).collect(ArrayList::new, List::add);
	}

	private static AccessDenied denied(Member member, Action action, Organisation organisation, Reach reach) {
		String role = member.role().name().toLowerCase(Locale.ROOT);
		String why = switch (reach) {
			case OWN -> "your role (" + role + ") does not allow it";
			case BELOW -> "from an organisation above, you may only see, staff and audit " + organisation.name()
					+ "; its own members " + verb(action);
			case ABOVE -> organisation.name() + " is above yours; you may only adopt what it shares";
			case ELSEWHERE -> organisation.name() + " is neither yours nor below it";
		};
		return new AccessDenied(action, organisation.id(),
				"You may not " + verb(action) + " in " + organisation.name() + ": " + why);
	}

	private static String verb(Action action) {
		return switch (action) {
			case VIEW -> "see its work";
			case COMPOSE -> "compose posts";
			case SCHEDULE -> "publish on its channels";
			case APPROVE -> "approve posts";
			case ADOPT -> "adopt shared posts";
			case MANAGE_CHANNELS -> "manage channels";
			case MANAGE_MEMBERS -> "manage members";
			case MANAGE_SETTINGS -> "change settings";
			case READ_AUDIT -> "read the audit log";
		};
	}

}
