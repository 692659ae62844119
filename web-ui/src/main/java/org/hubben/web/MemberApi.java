package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.hubben.organisation.Access;
import org.hubben.organisation.Action;
import org.hubben.organisation.Invitation;
import org.hubben.organisation.Invitations;
import org.hubben.organisation.Member;
import org.hubben.organisation.MemberAdministrator;
import org.hubben.organisation.MemberRules;
import org.hubben.organisation.MemberSummary;
import org.hubben.organisation.PasswordResets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * {@code /api/members} and {@code /api/invitations}: administrators manage the members of
 * their organisation and of every one below it. Links (invitations, password resets) are
 * in the answer that made them, once.
 */
@ApiController("/api")
@Tag(name = "Members", description = "Members, invitations and password resets (administrators)")
class MemberApi {

	private final MemberAdministrator administrator;

	private final Invitations invitations;

	private final PasswordResets resets;

	private final Access access;

	private final CurrentMember currentMember;

	private final MemberLinks links;

	MemberApi(MemberAdministrator administrator, Invitations invitations, PasswordResets resets, Access access,
			CurrentMember currentMember, MemberLinks links) {
		this.administrator = administrator;
		this.invitations = invitations;
		this.resets = resets;
		this.access = access;
		this.currentMember = currentMember;
		this.links = links;
	}

	@GetMapping("/members")
	@Operation(operationId = "listMembers", summary = "List the members you manage",
			description = "The members of your organisation and of every one below it, by organisation; 403 unless "
					+ "you are an administrator.")
	Flux<MemberJson> members(Principal principal) {
		return admin(principal).flatMapMany(this.administrator::membersManagedBy)
			.concatMap((group) -> Flux.fromIterable(group.members())
				.map((member) -> MemberJson.of(member, group.organisation().name())));
	}

	@PatchMapping("/members/{id}")
	@Operation(operationId = "changeMemberRole", summary = "Change a member's role",
			description = "409 when it would leave their organisation without an administrator.")
	Mono<MemberJson> changeRole(@PathVariable UUID id, @RequestBody RoleJson body, Principal principal) {
		return admin(principal)
			.flatMap((admin) -> this.administrator.changeRole(admin, id, MemberRules.role(body.role())))
			.map(MemberJson::of);
	}

	@DeleteMapping("/members/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "removeMember", summary = "Remove a member",
			description = "Their login and API tokens stop working; what they wrote stays. 409 for yourself or the "
					+ "last administrator of an organisation.")
	Mono<Void> remove(@PathVariable UUID id, Principal principal) {
		return admin(principal).flatMap((admin) -> this.administrator.remove(admin, id)).then();
	}

	@PostMapping("/members/{id}/password-reset")
	@Operation(operationId = "createPasswordReset", summary = "Make a password-reset link for a member",
			description = "The link is in `link`, this once; it works once, for a day. The member's old password and "
					+ "page sessions end when they use it; their API tokens keep working.")
	@ApiResponse(responseCode = "201", description = "The link")
	Mono<ResponseEntity<LinkJson>> passwordReset(@PathVariable UUID id, Principal principal) {
		return admin(principal).flatMap((admin) -> this.resets.create(admin, id))
			.map((issued) -> ResponseEntity.status(HttpStatus.CREATED)
				.body(new LinkJson(issued.reset().id(), this.links.passwordReset(issued.token()),
						issued.reset().expiresAt())));
	}

	@PostMapping("/invitations")
	@Operation(operationId = "createInvitation", summary = "Invite someone",
			description = "The link is in `link`, this once: Hubben keeps only its hash. It works once, until "
					+ "`expiresAt` or until revoked.")
	@ApiResponse(responseCode = "201", description = "The invitation, with its link")
	Mono<ResponseEntity<LinkJson>> invite(@RequestBody InviteJson body, Principal principal) {
		return this.currentMember.of(principal).flatMap((admin) -> {
			if (body.organisationId() == null) {
				return Mono.error(new InvalidRequest(Map.of("organisationId", "Name the organisation to invite into")));
			}
			return this.invitations.invite(admin, body.organisationId(), MemberRules.role(body.role()), body.note());
		})
			.map((issued) -> ResponseEntity.created(URI.create("/api/invitations/" + issued.invitation().id()))
				.body(new LinkJson(issued.invitation().id(), this.links.invitation(issued.token()),
						issued.invitation().expiresAt())));
	}

	@GetMapping("/invitations")
	@Operation(operationId = "listInvitations", summary = "List pending invitations",
			description = "Those not used, revoked or expired, in the organisations you manage; newest first.")
	Flux<InvitationJson> pending(Principal principal) {
		return admin(principal).flatMapMany(this.invitations::pending).map(InvitationJson::of);
	}

	@DeleteMapping("/invitations/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "revokeInvitation", summary = "Revoke an invitation",
			description = "Its link works no more. Idempotent.")
	Mono<Void> revoke(@PathVariable UUID id, Principal principal) {
		return admin(principal).flatMap((admin) -> this.invitations.revoke(admin, id)).then();
	}

	/** The caller, when they may manage members of their own organisation at least. */
	private Mono<Member> admin(Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.access.check(member, Action.MANAGE_MEMBERS, member.organisationId())
				.thenReturn(member));
	}

	/**
	 * @param lastLoginAt when they last logged in with their password; {@code null} when
	 * never
	 */
	record MemberJson(UUID id, UUID organisationId, String organisationName, String username,
			@Schema(allowableValues = {
					"admin", "editor", "approver", "viewer" }) String role,
			Instant createdAt, Instant lastLoginAt){

		static MemberJson of(MemberSummary member, String organisationName) {
			return new MemberJson(member.id(), member.organisationId(), organisationName, member.username(),
					member.role().name().toLowerCase(Locale.ROOT), member.createdAt(), member.lastLoginAt());
		}

		static MemberJson of(Member member) {
			return new MemberJson(member.id(), member.organisationId(), null, member.username(),
					member.role().name().toLowerCase(Locale.ROOT), member.createdAt(), null);
		}

	}

	record RoleJson(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {
			"admin", "editor", "approver", "viewer" }) String role){

	}

	/**
	 * @param note whom it is for; at most 200 characters
	 */
	record InviteJson(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID organisationId,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {
					"admin", "editor", "approver", "viewer" }) String role,
			@Schema(maxLength = 200, example = "Alma, new press officer") String note){

	}

	/** A link just made, shown this once. */
	record LinkJson(UUID id, String link, Instant expiresAt) {

		@Override
		public String toString() {
			return "LinkJson[id=" + this.id + "]";
		}

	}

	record InvitationJson(UUID id, UUID organisationId, String role, String note, String createdBy, Instant createdAt,
			Instant expiresAt) {

		static InvitationJson of(Invitation invitation) {
			return new InvitationJson(invitation.id(), invitation.organisationId(),
					invitation.role().name().toLowerCase(Locale.ROOT), invitation.note(), invitation.createdBy(),
					invitation.createdAt(), invitation.expiresAt());
		}

	}

}
