package org.hubben.web;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hubben.organisation.AuditEntry;
import org.hubben.organisation.AuditPage;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log: who did what, when. */
@ApiController("/api")
@Tag(name = "Audit log", description = "Who did what, when: approval, scheduling and more")
class AuditApi {

	private final AuditSearch search;

	private final CurrentMember currentMember;

	AuditApi(AuditSearch search, CurrentMember currentMember) {
		this.search = search;
		this.currentMember = currentMember;
	}

	@GetMapping("/audit")
	@Operation(operationId = "readAudit", summary = "Read the audit log, newest first, 50 a page",
			description = "For roles that may read the audit log (administrators): their organisation and those "
					+ "below. `action` is exact (`post.approved`) or a noun (`post`); `from` and `to` are days "
					+ "(`2026-05-01`, `to` inclusive) or ISO-8601 instants (`to` exclusive); a bad one is 400.")
	Mono<AuditJson> read(@RequestParam(required = false) String organisationId,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String page, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.search.search(member,
					new AuditSearch.Filter(organisationId, actor, action, from, to, page)))
			.map(AuditJson::of);
	}

	record AuditJson(List<EntryJson> entries, int page, int size, boolean more) {

		static AuditJson of(AuditPage page) {
			return new AuditJson(page.entries().stream().map(EntryJson::of).toList(), page.page(), page.size(),
					page.more());
		}

	}

	record EntryJson(UUID id, UUID organisationId, String actor, String action, String subject, String detail,
			Instant at) {

		static EntryJson of(AuditEntry entry) {
			return new EntryJson(entry.id(), entry.organisationId(), entry.actor(), entry.action(), entry.subject(),
					entry.detail(), entry.at());
		}

	}

}
