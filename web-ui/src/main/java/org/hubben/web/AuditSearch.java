package org.hubben.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.organisation.Access;
import org.hubben.organisation.AccessDenied;
import org.hubben.organisation.Action;
import org.hubben.organisation.AuditLog;
import org.hubben.organisation.AuditPage;
import org.hubben.organisation.AuditQuery;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The audit log as a reader asks for it, for the page and the API alike: the filters as
 * typed, checked, and the organisations whose log the member may read (their own and
 * every one below, for a role that may {@link Action#READ_AUDIT}).
 */
@Component
class AuditSearch {

	static final int PAGE_SIZE = 50;

	private final Access access;

	private final AuditLog auditLog;

	AuditSearch(Access access, AuditLog auditLog) {
		this.access = access;
		this.auditLog = auditLog;
	}

	/**
	 * @return the organisations whose log the member may read, own first; an
	 * {@link AccessDenied} error when none
	 */
	Mono<List<Organisation>> readable(Member member) {
		return this.access.check(member, Action.READ_AUDIT, member.organisationId())
			.thenMany(this.access.visibleTo(member))
			.filterWhen((organisation) -> this.access.may(member, Action.READ_AUDIT, organisation.id()))
			.collectList();
	}

	/**
	 * @return the page asked for; an {@link AccessDenied} error when the member may not
	 * read the log (of the organisation asked for), an {@link InvalidRequest} error for a
	 * bad date, organisation or page
	 */
	Mono<AuditPage> search(Member member, Filter filter) {
		return Mono.defer(() -> {
			Map<String, String> errors = new LinkedHashMap<>();
			UUID organisationId = filter.organisationId(errors);
			Instant from = instant("from", filter.from(), false, errors);
			Instant to = instant("to", filter.to(), true, errors);
			int page = filter.page(errors);
			if (from != null && to != null && !from.isBefore(to)) {
				errors.put("to", "Choose a time after 'from'");
			}
			if (!errors.isEmpty()) {
				return Mono.error(new InvalidRequest(errors));
			}
			Mono<List<UUID>> ids = (organisationId != null)
					? this.access.check(member, Action.READ_AUDIT, organisationId).map((found) -> List.of(found.id()))
					: readable(member).map((found) -> found.stream().map(Organisation::id).toList());
			return ids.flatMap((organisations) -> this.auditLog
				.search(new AuditQuery(organisations, filter.actor(), filter.action(), from, to, page, PAGE_SIZE)));
		});
	}

	Mono<List<String>> actions(List<Organisation> organisations) {
		return this.auditLog.actions(organisations.stream().map(Organisation::id).toList());
	}

	/**
	 * A day ({@code 2026-05-01}, read in Stockholm's zone; {@code to} takes the whole
	 * day) or an ISO-8601 instant.
	 */
	private static Instant instant(String field, String value, boolean end, Map<String, String> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.strip()).toInstant();
		}
		catch (DateTimeParseException notInstant) {
			try {
				LocalDate day = LocalDate.parse(value.strip());
				return (end ? day.plusDays(1) : day).atStartOfDay(ZoneId.of("Europe/Stockholm")).toInstant();
			}
			catch (DateTimeParseException ex) {
				errors.put(field, "'" + value + "' is not a day such as 2026-05-01 or an ISO-8601 time such as "
						+ "2026-05-01T08:00:00Z");
				return null;
			}
		}
	}

	/**
	 * The filters as typed.
	 *
	 * @param organisationId an organisation, or blank for all the member may read
	 * @param actor a username, or blank for anyone
	 * @param action an action such as {@code post.approved}, or a noun such as
	 * {@code post}; blank for any
	 * @param from a day or an instant; blank for no limit
	 * @param to a day (inclusive) or an instant (exclusive); blank for no limit
	 * @param page the page from 0; blank for 0
	 */
	record Filter(String organisationId, String actor, String action, String from, String to, String page) {

		Filter {
			organisationId = (organisationId != null) ? organisationId : "";
			actor = (actor != null) ? actor : "";
			action = (action != null) ? action : "";
			from = (from != null) ? from : "";
			to = (to != null) ? to : "";
			page = (page != null) ? page : "";
		}

		UUID organisationId(Map<String, String> errors) {
			if (this.organisationId.isBlank()) {
				return null;
			}
			try {
				return UUID.fromString(this.organisationId.strip());
			}
			catch (IllegalArgumentException ex) {
				errors.put("organisationId", "'" + this.organisationId + "' is not an organisation's id");
				return null;
			}
		}

		int page(Map<String, String> errors) {
			if (this.page.isBlank()) {
				return 0;
			}
			try {
				int number = Integer.parseInt(this.page.strip());
				if (number < 0) {
					errors.put("page", "Pages count from 0");
				}
				return number;
			}
			catch (NumberFormatException ex) {
				errors.put("page", "'" + this.page + "' is not a page number");
				return 0;
			}
		}

		/** The query string of these filters on another page. */
		String onPage(int other) {
			return "organisationId=" + enc(this.organisationId) + "&actor=" + enc(this.actor) + "&action="
					+ enc(this.action) + "&from=" + enc(this.from) + "&to=" + enc(this.to) + "&page=" + other;
		}

		private static String enc(String value) {
			return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

}
