package org.hubben.web;

import java.security.Principal;

import org.hubben.organisation.Member;
import org.hubben.organisation.Members;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** The member behind an authenticated request. */
@Component
class CurrentMember {

	private final Members members;

	CurrentMember(Members members) {
		this.members = members;
	}

	/**
	 * @return the member; an {@link IllegalStateException} error if the login has no
	 * member row (removed while logged in)
	 */
	Mono<Member> of(Principal principal) {
		return this.members.findByUsername(principal.getName())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("No member " + principal.getName())));
	}

}
