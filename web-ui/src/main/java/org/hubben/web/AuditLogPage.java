package org.hubben.web;

import java.security.Principal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.hubben.organisation.AuditEntry;
import org.hubben.organisation.AuditPage;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisation;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /audit}: the audit log for those who may read it (administrators: their
 * organisation and those below), filtered by organisation, actor, action and days, newest
 * first, 50 a page. Others get 403 with the reason.
 */
@Controller
class AuditLogPage {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final AuditSearch search;

	private final CurrentMember currentMember;

	AuditLogPage(AuditSearch search, CurrentMember currentMember) {
		this.search = search;
		this.currentMember = currentMember;
	}

	@GetMapping("/audit")
	Mono<Rendering> page(@ModelAttribute("filter") AuditSearch.Filter filter, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.search.readable(member)
				.flatMap((organisations) -> this.search.actions(organisations)
					.flatMap((actions) -> this.search.search(member, filter)
						.map((found) -> render(member, organisations, actions, filter, found, Map.of(), HttpStatus.OK))
						.onErrorResume(InvalidRequest.class,
								(ex) -> Mono.just(render(member, organisations, actions, filter,
										new AuditPage(List.of(), 0, AuditSearch.PAGE_SIZE, false), ex.errors(),
										HttpStatus.BAD_REQUEST))))));
	}

	private static Rendering render(Member member, List<Organisation> organisations, List<String> actions,
			AuditSearch.Filter filter, AuditPage found, Map<String, String> errors, HttpStatus status) {
		Map<UUID, String> names = organisations.stream()
			.collect(Collectors.toMap(Organisation::id, Organisation::name));
		ZoneId zone = organisations.stream()
			.filter((organisation) -> organisation.id().equals(member.organisationId()))
			.findFirst()
			.map(Organisation::zone)
			.orElse(ZoneId.of("Europe/Stockholm"));
		Map<UUID, String> times = found.entries()
			.stream()
			.collect(Collectors.toMap(AuditEntry::id, (entry) -> TIME.format(entry.at().atZone(zone))));
		return Rendering.view("audit")
			.modelAttribute("filter", filter)
			.modelAttribute("organisations", organisations)
			.modelAttribute("names", names)
			.modelAttribute("actions", actions)
			.modelAttribute("entries", found.entries())
			.modelAttribute("times", times)
			.modelAttribute("page", found.page())
			.modelAttribute("more", found.more())
			.modelAttribute("errors", errors)
			.status(status)
			.build();
	}

}
