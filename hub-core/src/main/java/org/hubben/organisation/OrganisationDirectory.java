package org.hubben.organisation;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The organisations a member sees (their own and every one below it), with their members'
 * and channels' counts. Non-blocking.
 */
@Service
public class OrganisationDirectory {

	private final Access access;

	private final Members members;

	private final Channels channels;

	OrganisationDirectory(Access access, Members members, Channels channels) {
		this.access = access;
		this.members = members;
		this.channels = channels;
	}

	/**
	 * @return the member's organisation first, then every one below it, each parent
	 * before its children (depth first, siblings by name)
	 */
	public Flux<OrganisationSummary> tree(Member member) {
		Map<UUID, Integer> depths = new HashMap<>();
		return this.access.visibleTo(member).concatMap((organisation) -> {
			int depth = (organisation.parentId() != null) ? depths.getOrDefault(organisation.parentId(), -1) + 1 : 0;
			depths.put(organisation.id(), depth);
			return summary(organisation, depth);
		});
	}

	/**
	 * @return the organisation, when the member may see its work; an {@link AccessDenied}
	 * error when they may not, or there is no such organisation
	 */
	public Mono<OrganisationSummary> one(Member member, UUID organisationId) {
		return this.access.check(member, Action.VIEW, organisationId)
			.flatMap((organisation) -> summary(organisation, 0));
	}

	private Mono<OrganisationSummary> summary(Organisation organisation, int depth) {
		return Mono
			.zip(this.members.countByOrganisationId(organisation.id()),
					this.channels.countByOrganisationId(organisation.id()))
			.map((counts) -> new OrganisationSummary(organisation, depth, counts.getT1(), counts.getT2()));
	}

}
