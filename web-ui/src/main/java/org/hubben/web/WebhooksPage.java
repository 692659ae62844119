package org.hubben.web;

import java.security.Principal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.organisation.Member;
import org.hubben.webhook.CreatedEndpoint;
import org.hubben.webhook.EndpointDraft;
import org.hubben.webhook.EventType;
import org.hubben.webhook.InvalidWebhook;
import org.hubben.webhook.WebhookCall;
import org.hubben.webhook.WebhookEndpoint;
import org.hubben.webhook.WebhookForbidden;
import org.hubben.webhook.WebhookNotFound;
import org.hubben.webhook.WebhookRegistrar;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /settings/webhooks}: an administrator adds endpoints (the secret is shown once,
 * on the page that answers the form), and per endpoint reads its delivery log, sends a
 * test event, switches it on or off and removes it.
 */
@Controller
class WebhooksPage {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final CurrentMember currentMember;

	private final WebhookRegistrar registrar;

	WebhooksPage(CurrentMember currentMember, WebhookRegistrar registrar) {
		this.currentMember = currentMember;
		this.registrar = registrar;
	}

	@GetMapping("/settings/webhooks")
	Mono<Rendering> endpoints(Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> list(member, new AddForm(null, List.of()), Map.of(), null, HttpStatus.OK));
	}

	@PostMapping("/settings/webhooks")
	Mono<Rendering> add(@ModelAttribute AddForm form, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.registrar.add(member, new EndpointDraft(form.url(), form.events()))
				.flatMap((created) -> list(member, new AddForm(null, List.of()), Map.of(), created, HttpStatus.CREATED))
				.onErrorResume(InvalidWebhook.class,
						(ex) -> list(member, form, ex.errors(), null, HttpStatus.BAD_REQUEST)));
	}

	@GetMapping("/settings/webhooks/{id}")
	Mono<Rendering> endpoint(@PathVariable UUID id, @RequestParam(name = "tested", required = false) String tested,
			Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.registrar.endpoint(member, id)
				.flatMap((endpoint) -> this.registrar.log(member, id, WebhookApi.LOG_SIZE)
					.map(CallRow::of)
					.collectList()
					.map((calls) -> Rendering.view("webhook")
						.modelAttribute("endpoint", EndpointRow.of(endpoint))
						.modelAttribute("calls", calls)
						.modelAttribute("tested", tested != null)
						.build())))
			.onErrorMap(WebhooksPage::asPageError);
	}

	@PostMapping("/settings/webhooks/{id}/test")
	Mono<Rendering> sendTestEvent(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.registrar.sendTestEvent(member, id))
			.map((call) -> Rendering.redirectTo("/settings/webhooks/" + id + "?tested=" + call.id()).build())
			.onErrorMap(WebhooksPage::asPageError);
	}

	@PostMapping("/settings/webhooks/{id}/active")
	Mono<Rendering> switchOnOrOff(@PathVariable UUID id, @RequestParam boolean active, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.registrar.change(member, id, active, null))
			.map((endpoint) -> Rendering.redirectTo("/settings/webhooks/" + id).build())
			.onErrorMap(WebhooksPage::asPageError);
	}

	@PostMapping("/settings/webhooks/{id}/delete")
	Mono<Rendering> remove(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.registrar.remove(member, id))
			.thenReturn(Rendering.redirectTo("/settings/webhooks").build())
			.onErrorMap(WebhooksPage::asPageError);
	}

	/** The error page's status for what the registrar refused. */
	private static Throwable asPageError(Throwable ex) {
		if (ex instanceof WebhookForbidden) {
			return new ResponseStatusException(HttpStatus.FORBIDDEN, ex.getMessage());
		}
		if (ex instanceof WebhookNotFound) {
			return new ResponseStatusException(HttpStatus.NOT_FOUND, ex.getMessage());
		}
		return ex;
	}

	private Mono<Rendering> list(Member member, AddForm form, Map<String, String> errors, CreatedEndpoint created,
			HttpStatus status) {
		boolean admin = member.role().may(Action.MANAGE_SETTINGS, Reach.OWN);
		Mono<List<EndpointRow>> rows = admin ? this.registrar.endpoints(member).map(EndpointRow::of).collectList()
				: Mono.just(List.of());
		return rows.map((endpoints) -> Rendering.view("webhooks")
			.modelAttribute("admin", admin)
			.modelAttribute("endpoints", endpoints)
			.modelAttribute("form", form)
			.modelAttribute("errors", errors)
			.modelAttribute("eventTypes", EventType.subscribable())
			.modelAttribute("created", created)
			.status(admin ? status : HttpStatus.FORBIDDEN)
			.build());
	}

	private static String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : "";
	}

	/**
	 * @param url where to POST
	 * @param events the event ids ticked
	 */
	record AddForm(String url, List<String> events) {

		AddForm {
			events = (events != null) ? List.copyOf(events) : List.of();
		}

	}

	record EndpointRow(UUID id, String url, List<String> events, boolean active, String createdBy, String createdAt) {

		static EndpointRow of(WebhookEndpoint endpoint) {
			return new EndpointRow(endpoint.id(), endpoint.url(),
					endpoint.events().stream().map(EventType::id).toList(), endpoint.active(), endpoint.createdBy(),
					time(endpoint.createdAt()));
		}

	}

	record CallRow(UUID id, String event, String state, int attempts, String statusCode, String error, String createdAt,
			String nextAttemptAt, String finishedAt) {

		static CallRow of(WebhookCall call) {
			boolean waiting = switch (call.state()) {
				case PENDING, RETRYING -> true;
				default -> false;
			};
			return new CallRow(call.id(), call.eventType(), call.state().name(), call.attempts(),
					(call.statusCode() != null) ? call.statusCode().toString() : "none", call.lastError(),
					time(call.createdAt()), waiting ? time(call.nextAttemptAt()) : "", time(call.finishedAt()));
		}

	}

}
