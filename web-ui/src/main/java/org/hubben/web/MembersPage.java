package org.hubben.web;

import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.hubben.organisation.AccessDenied;
import org.hubben.organisation.Invitation;
import org.hubben.organisation.InvalidMemberInput;
import org.hubben.organisation.InvitationNotFound;
import org.hubben.organisation.Invitations;
import org.hubben.organisation.Member;
import org.hubben.organisation.MemberAdministrator;
import org.hubben.organisation.MemberChangeRefused;
import org.hubben.organisation.MemberNotFound;
import org.hubben.organisation.MemberRules;
import org.hubben.organisation.MemberSummary;
import org.hubben.organisation.OrganisationMembers;
import org.hubben.organisation.PasswordResets;
import org.hubben.organisation.Role;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /members}: an administrator's members, grouped by the organisations they manage;
 * role changes, removal, invitations and password-reset links. A link is shown on the
 * page that made it, once.
 */
@Controller
class MembersPage {

	private static final Map<String, String> NOTICES = Map.of("revoked", "members.notice.revoked", "role",
			"members.notice.role", "removed", "members.notice.removed");

	private final MemberAdministrator administrator;

	private final Invitations invitations;

	private final PasswordResets resets;

	private final CurrentMember currentMember;

	private final MemberLinks links;

	MembersPage(MemberAdministrator administrator, Invitations invitations, PasswordResets resets,
			CurrentMember currentMember, MemberLinks links) {
		this.administrator = administrator;
		this.invitations = invitations;
		this.resets = resets;
		this.currentMember = currentMember;
		this.links = links;
	}

	@GetMapping("/members")
	Mono<Rendering> members(Principal principal, ServerWebExchange exchange) {
		String notice = NOTICES.entrySet()
			.stream()
			.filter((each) -> exchange.getRequest().getQueryParams().containsKey(each.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
		return this.currentMember.of(principal)
			.flatMap((admin) -> page(admin, View.blank(admin).notice(notice), HttpStatus.OK));
	}

	@PostMapping("/members/invitations")
	Mono<Rendering> invite(@ModelAttribute InviteForm form, Principal principal) {
		return this.currentMember.of(principal).flatMap((admin) -> {
			UUID organisationId;
			Role role;
			try {
				organisationId = UUID.fromString(String.valueOf(form.organisationId()));
				role = MemberRules.role(form.role());
			}
			catch (IllegalArgumentException ex) {
				return page(admin,
						View.blank(admin)
							.form(form)
							.errors(Map.of("organisationId", "Choose an organisation you manage")),
						HttpStatus.BAD_REQUEST);
			}
			catch (InvalidMemberInput ex) {
				return page(admin, View.blank(admin).form(form).errors(ex.errors()), HttpStatus.BAD_REQUEST);
			}
			return this.invitations.invite(admin, organisationId, role, form.note())
				.flatMap((issued) -> page(admin,
						View.blank(admin)
							.invited(new IssuedLink(this.links.invitation(issued.token()),
									issued.invitation().expiresAt(), null)),
						HttpStatus.CREATED))
				.onErrorResume(InvalidMemberInput.class,
						(ex) -> page(admin, View.blank(admin).form(form).errors(ex.errors()), HttpStatus.BAD_REQUEST))
				.onErrorResume(AccessDenied.class,
						(ex) -> page(admin,
								View.blank(admin).form(form).errors(Map.of("organisationId", ex.getMessage())),
								HttpStatus.FORBIDDEN));
		});
	}

	@PostMapping("/members/invitations/{id}/revoke")
	Mono<Rendering> revoke(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((admin) -> this.invitations.revoke(admin, id)
				.map((revoked) -> Rendering.redirectTo("/members?revoked").build())
				.onErrorResume(InvitationNotFound.class,
						(ex) -> page(admin, View.blank(admin).problem(ex.getMessage()), HttpStatus.NOT_FOUND)));
	}

	@PostMapping("/members/{id}/role")
	Mono<Rendering> changeRole(@PathVariable UUID id, @ModelAttribute RoleForm form, Principal principal) {
		return this.currentMember.of(principal).flatMap((admin) -> {
			Role role;
			try {
				role = MemberRules.role(form.role());
			}
			catch (InvalidMemberInput ex) {
				return page(admin, View.blank(admin).problem(ex.errors().get("role")), HttpStatus.BAD_REQUEST);
			}
			return this.administrator.changeRole(admin, id, role)
				.map((changed) -> Rendering.redirectTo("/members?role").build())
				.onErrorResume((ex) -> refused(admin, ex));
		});
	}

	@PostMapping("/members/{id}/remove")
	Mono<Rendering> remove(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((admin) -> this.administrator.remove(admin, id)
				.map((removed) -> Rendering.redirectTo("/members?removed").build())
				.onErrorResume((ex) -> refused(admin, ex)));
	}

	@PostMapping("/members/{id}/password-reset")
	Mono<Rendering> passwordReset(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((admin) -> this.administrator.managed(admin, id)
				.flatMap((member) -> this.resets.create(admin, id)
					.flatMap((issued) -> page(admin,
							View.blank(admin)
								.reset(new IssuedLink(this.links.passwordReset(issued.token()),
										issued.reset().expiresAt(), member.username())),
							HttpStatus.CREATED)))
				.onErrorResume((ex) -> refused(admin, ex)));
	}

	private Mono<Rendering> refused(Member admin, Throwable ex) {
		if (ex instanceof MemberNotFound) {
			return page(admin, View.blank(admin).problem(ex.getMessage()), HttpStatus.NOT_FOUND);
		}
		if (ex instanceof MemberChangeRefused) {
			return page(admin, View.blank(admin).problem(ex.getMessage()), HttpStatus.CONFLICT);
		}
		return Mono.error(ex);
	}

	private Mono<Rendering> page(Member admin, View view, HttpStatus status) {
		return this.administrator.membersManagedBy(admin).collectList().flatMap((groups) -> {
			if (groups.isEmpty()) {
				return Mono.just(Rendering.view("members")
					.modelAttribute("denied", true)
					.modelAttribute("groups", List.of())
					.status(HttpStatus.FORBIDDEN)
					.build());
			}
			String zone = groups.get(0).organisation().zoneId();
			Map<UUID, String> names = new java.util.HashMap<>();
			groups.forEach((group) -> names.put(group.organisation().id(), group.organisation().name()));
			return this.invitations.pending(admin)
				.map((invitation) -> PendingRow.of(invitation, names.get(invitation.organisationId()), zone))
				.collectList()
				.map((pending) -> Rendering.view("members")
					.modelAttribute("denied", false)
					.modelAttribute("self", admin.id())
					.modelAttribute("groups", groups.stream().map((group) -> Group.of(group, zone)).toList())
					.modelAttribute("organisations", groups.stream().map(OrganisationMembers::organisation).toList())
					.modelAttribute("roles",
							List.of(Role.values())
								.stream()
								.map((role) -> role.name().toLowerCase(Locale.ROOT))
								.toList())
					.modelAttribute("pending", pending)
					.modelAttribute("form", view.form)
					.modelAttribute("errors", view.errors)
					.modelAttribute("invited", (view.invited != null) ? view.invited.shown(zone) : null)
					.modelAttribute("reset", (view.reset != null) ? view.reset.shown(zone) : null)
					.modelAttribute("notice", view.notice)
					.modelAttribute("problem", view.problem)
					.status(status)
					.build());
		});
	}

	/**
	 * @param organisationId the organisation to invite into
	 * @param role {@code admin}, {@code editor}, {@code approver} or {@code viewer}
	 * @param note whom it is for, optional
	 */
	record InviteForm(String organisationId, String role, String note) {

	}

	record RoleForm(String role) {

	}

	/** A link just made, to show once. */
	record IssuedLink(String link, java.time.Instant expiresAt, String username) {

		Shown shown(String zone) {
			return new Shown(this.link, DueTimeText.of(this.expiresAt, zone), this.username);
		}

		record Shown(String link, String expires, String username) {

		}

	}

	record Group(UUID id, String name, List<Row> members) {

		static Group of(OrganisationMembers group, String zone) {
			return new Group(group.organisation().id(), group.organisation().name(),
					group.members().stream().map((member) -> Row.of(member, zone)).toList());
		}

	}

	/**
	 * @param lastLogin when they last logged in, or {@code null} for never
	 */
	record Row(UUID id, String username, String role, String since, String lastLogin) {

		static Row of(MemberSummary member, String zone) {
			return new Row(member.id(), member.username(), member.role().name().toLowerCase(Locale.ROOT),
					DueTimeText.of(member.createdAt(), zone),
					(member.lastLoginAt() != null) ? DueTimeText.of(member.lastLoginAt(), zone) : null);
		}

	}

	record PendingRow(UUID id, String organisation, String role, String note, String createdBy, String expires) {

		static PendingRow of(Invitation invitation, String organisation, String zone) {
			return new PendingRow(invitation.id(), organisation, invitation.role().name().toLowerCase(Locale.ROOT),
					invitation.note(), invitation.createdBy(), DueTimeText.of(invitation.expiresAt(), zone));
		}

	}

	/** What the page shows besides the lists. */
	private static final class View {

		private InviteForm form;

		private Map<String, String> errors = Map.of();

		private IssuedLink invited;

		private IssuedLink reset;

		private String notice;

		private String problem;

		static View blank(Member admin) {
			View view = new View();
			view.form = new InviteForm(admin.organisationId().toString(), "editor", "");
			return view;
		}

		View form(InviteForm form) {
			this.form = form;
			return this;
		}

		View errors(Map<String, String> errors) {
			this.errors = errors;
			return this;
		}

		View invited(IssuedLink link) {
			this.invited = link;
			return this;
		}

		View reset(IssuedLink link) {
			this.reset = link;
			return this;
		}

		View notice(String key) {
			this.notice = key;
			return this;
		}

		View problem(String message) {
			this.problem = message;
			return this;
		}

	}

}
