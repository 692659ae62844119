package org.hubben.web;

import org.hubben.approval.Approvals;
import org.hubben.content.PostNotFound;
import org.hubben.inbox.Inbox;
import org.hubben.organisation.AccessDenied;
import org.hubben.organisation.Action;
import org.hubben.organisation.Reach;
import org.hubben.organisation.Role;
import org.hubben.publishing.PublicationNotFound;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * What every page shares: the CSRF token for its forms (Thymeleaf adds it to each
 * {@code th:action} form) and a friendly page for an unknown post or publication. Ordered
 * first, so that these pages get HTML where {@link ApiProblems} would answer problem
 * JSON.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(assignableTypes = { LoginPage.class, DashboardPage.class, ComposePage.class, PublicationPage.class,
		EmulatorFeedPage.class, ChannelsPage.class, TipsPage.class, ApiTokensPage.class, WebhooksPage.class,
		ImportPage.class, FeedPage.class, InboxPage.class, WordListsPage.class, PrivacyPage.class,
		OrganisationSettingsPage.class, CalendarPage.class, OrganisationsPage.class, MembersPage.class,
		InvitationPage.class, PasswordResetPage.class, ApprovalsPage.class, ApprovalSettingsPage.class,
		AuditLogPage.class, LibraryPage.class })
class PageModels {

	private final CurrentMember currentMember;

	private final Inbox inbox;

	private final Approvals approvals;

	PageModels(CurrentMember currentMember, Inbox inbox, Approvals approvals) {
		this.currentMember = currentMember;
		this.inbox = inbox;
		this.approvals = approvals;
	}

	/**
	 * The count beside Approvals in the header: submissions of the member's organisation
	 * waiting for an approver.
	 */
	@ModelAttribute("approvalsWaiting")
	Mono<Long> approvalsWaiting(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.flatMap(this.currentMember::of)
			.flatMap((member) -> this.approvals.waitingCount(member.organisationId()))
			.onErrorResume((ex) -> Mono.empty());
	}

	/** The count beside Inbox in the header: flagged comments the public still sees. */
	@ModelAttribute("inboxFlagged")
	Mono<Long> inboxFlagged(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.flatMap(this.currentMember::of)
			.flatMap((member) -> this.inbox.flaggedCount(member.organisationId()))
			.onErrorResume((ex) -> Mono.empty());
	}

	/**
	 * What the member's role lets them do in their own organisation, so that the header
	 * and the pages show only the links and buttons that will work.
	 */
	@ModelAttribute("may")
	Mono<Abilities> may(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.flatMap(this.currentMember::of)
			.map((member) -> Abilities.of(member.role()))
			.onErrorResume((ex) -> Mono.empty());
	}

	/** Whether the header shows Members: administrators manage members. */
	@ModelAttribute("managesMembers")
	Mono<Boolean> managesMembers(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.flatMap(this.currentMember::of)
			.map((member) -> member.role() == Role.ADMIN)
			.onErrorResume((ex) -> Mono.empty());
	}

	@ModelAttribute("_csrf")
	Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		if (token == null) {
			return Mono.empty();
		}
		return token.doOnSuccess((resolved) -> exchange.getAttributes()
			.put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, resolved));
	}

	@ExceptionHandler
	Rendering postNotFound(PostNotFound ex) {
		return notFound(ex.getMessage());
	}

	@ExceptionHandler
	Rendering publicationNotFound(PublicationNotFound ex) {
		return notFound(ex.getMessage());
	}

	/** The member's role does not allow it there: 403, with the reason. */
	@ExceptionHandler
	Rendering accessDenied(AccessDenied ex) {
		return Rendering.view("error/403")
			.modelAttribute("message", ex.getMessage())
			.status(HttpStatus.FORBIDDEN)
			.build();
	}

	/** An identifier in the path that is not even a UUID names nothing either. */
	@ExceptionHandler
	Rendering badPath(ServerWebInputException ex) {
		return notFound("There is no such page");
	}

	/**
	 * What a role may do in the member's own organisation.
	 */
	record Abilities(boolean compose, boolean schedule, boolean manageChannels, boolean manageSettings) {

		static Abilities of(Role role) {
			return new Abilities(role.may(Action.COMPOSE, Reach.OWN), role.may(Action.SCHEDULE, Reach.OWN),
					role.may(Action.MANAGE_CHANNELS, Reach.OWN), role.may(Action.MANAGE_SETTINGS, Reach.OWN));
		}

	}

	static Rendering notFound(String message) {
		return Rendering.view("error/404").modelAttribute("message", message).status(HttpStatus.NOT_FOUND).build();
	}

}
