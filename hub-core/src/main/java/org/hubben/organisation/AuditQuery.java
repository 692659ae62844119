package org.hubben.organisation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a reader of the audit log asks for: entries of some organisations, optionally of
 * one actor, one action and a time range, newest first, one page at a time.
 *
 * @param organisationIds the organisations, at least one (the caller checked that the
 * reader may read their logs)
 * @param actor a username, exactly; {@code null} for anyone
 * @param action a dotted action such as {@code post.approved}, or a noun such as
 * {@code post} for every action on posts; {@code null} for any
 * @param from the earliest instant, inclusive; {@code null} for no limit
 * @param to the latest instant, exclusive; {@code null} for no limit
 * @param page the page, from 0
 * @param size entries a page, 1 to 200
 */
public record AuditQuery(List<UUID> organisationIds, String actor, String action, Instant from, Instant to, int page,
		int size) {

	public AuditQuery {
		organisationIds = List.copyOf(organisationIds);
		actor = (actor != null && !actor.isBlank()) ? actor.strip() : null;
		action = (action != null && !action.isBlank()) ? action.strip() : null;
		page = Math.max(page, 0);
		size = Math.min(Math.max(size, 1), 200);
	}

}
