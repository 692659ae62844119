package org.hubben.web;

import org.hubben.content.PostNotFound;
import org.hubben.inbox.Inbox;
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
		OrganisationSettingsPage.class, CalendarPage.class, LibraryPage.class })
class PageModels {

	private final CurrentMember currentMember;

	private final Inbox inbox;

	PageModels(CurrentMember currentMember, Inbox inbox) {
		this.currentMember = currentMember;
		this.inbox = inbox;
	}

	/** The count beside Inbox in the header: flagged comments the public still sees. */
	@ModelAttribute("inboxFlagged")
	Mono<Long> inboxFlagged(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.flatMap(this.currentMember::of)
			.flatMap((member) -> this.inbox.flaggedCount(member.organisationId()))
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

	/** An identifier in the path that is not even a UUID names nothing either. */
	@ExceptionHandler
	Rendering badPath(ServerWebInputException ex) {
		return notFound("There is no such page");
	}

	private static Rendering notFound(String message) {
		return Rendering.view("error/404").modelAttribute("message", message).status(HttpStatus.NOT_FOUND).build();
	}

}
