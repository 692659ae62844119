package org.hubben.web;

import java.security.Principal;
import java.util.UUID;
import java.util.function.Supplier;

import org.hubben.organisation.Access;
import org.hubben.organisation.AccessDenied;
import org.hubben.organisation.Action;
import org.hubben.organisation.Member;
import org.hubben.organisation.Members;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The member behind an authenticated request, and whether they may do what they ask where
 * they ask it. One rule for things named by identifier: what the member may not even see
 * (VIEW) is not found, as an unknown identifier is, so that asking reveals nothing; what
 * they see but may not act on is an {@link AccessDenied} (403) with the reason.
 */
@Component
class CurrentMember {

	private final Members members;

	private final Access access;

	CurrentMember(Members members, Access access) {
		this.members = members;
		this.access = access;
	}

	/**
	 * @return the member; an {@link IllegalStateException} error if the login has no
	 * member row (removed while logged in)
	 */
	Mono<Member> of(Principal principal) {
		return this.members.findByUsername(principal.getName())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("No member " + principal.getName())));
	}

	/**
	 * @return the member, when they may take the action in their own organisation; an
	 * {@link AccessDenied} error when they may not
	 */
	Mono<Member> allowed(Principal principal, Action action) {
		return of(principal).flatMap((member) -> allowed(member, action, member.organisationId()));
	}

	/**
	 * @return the member, when they may take the action in the organisation; an
	 * {@link AccessDenied} error when they may not
	 */
	Mono<Member> allowed(Member member, Action action, UUID organisationId) {
		return this.access.check(member, action, organisationId).thenReturn(member);
	}

	/**
	 * @return whether the member may take the action in the organisation, without an
	 * error either way: for showing only the buttons that will work
	 */
	Mono<Boolean> may(Member member, Action action, UUID organisationId) {
		return this.access.may(member, action, organisationId);
	}

	/**
	 * Checks an action on something the member names by identifier.
	 * @param organisationId the organisation the thing belongs to
	 * @param notFound the error for a thing the member may not see
	 * @return the member when they may; the {@code notFound} error when they may not see
	 * the organisation's work; an {@link AccessDenied} error when they see it but may not
	 * take the action
	 */
	Mono<Member> allowed(Member member, Action action, UUID organisationId,
			Supplier<? extends RuntimeException> notFound) {
		return this.access.may(member, Action.VIEW, organisationId)
			.flatMap((sees) -> sees ? allowed(member, action, organisationId) : Mono.error(notFound.get()));
	}

}
