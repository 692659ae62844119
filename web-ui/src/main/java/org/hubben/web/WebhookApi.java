package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hubben.organisation.Action;
import org.hubben.webhook.EndpointDraft;
import org.hubben.webhook.EventType;
import org.hubben.webhook.WebhookCall;
import org.hubben.webhook.WebhookEndpoint;
import org.hubben.webhook.WebhookRegistrar;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Outbound webhooks of the member's organisation, for its administrators. */
@ApiController("/api/webhooks")
@Tag(name = "Webhooks", description = "Signed calls to your endpoints on post and delivery events (administrators)")
class WebhookApi {

	/** How many calls the log shows. */
	static final int LOG_SIZE = 100;

	private final CurrentMember currentMember;

	private final WebhookRegistrar registrar;

	WebhookApi(CurrentMember currentMember, WebhookRegistrar registrar) {
		this.currentMember = currentMember;
		this.registrar = registrar;
	}

	@GetMapping
	@Operation(operationId = "listWebhooks", summary = "List the organisation's webhook endpoints")
	Flux<EndpointJson> endpoints(Principal principal) {
		return this.currentMember.allowed(principal, Action.MANAGE_SETTINGS)
			.flatMapMany(this.registrar::endpoints)
			.map((endpoint) -> EndpointJson.of(endpoint, null));
	}

	@PostMapping
	@Operation(operationId = "addWebhook", summary = "Add a webhook endpoint",
			description = "The answer is the only one that carries the signing secret.")
	@ApiResponse(responseCode = "201", description = "The endpoint, with its secret")
	Mono<ResponseEntity<EndpointJson>> add(@RequestBody EndpointDraft draft, Principal principal) {
		return this.currentMember.allowed(principal, Action.MANAGE_SETTINGS)
			.flatMap((member) -> this.registrar.add(member, draft))
			.map((created) -> ResponseEntity.created(URI.create("/api/webhooks/" + created.endpoint().id()))
				.body(EndpointJson.of(created.endpoint(), created.secret())));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getWebhook", summary = "Get a webhook endpoint")
	Mono<EndpointJson> endpoint(@PathVariable UUID id, Principal principal) {
		return this.currentMember.allowed(principal, Action.MANAGE_SETTINGS)
			.flatMap((member) -> this.registrar.endpoint(member, id))
			.map((endpoint) -> EndpointJson.of(endpoint, null));
	}

	@PatchMapping("/{id}")
	@Operation(operationId = "changeWebhook", summary = "Switch a webhook endpoint on or off, or change its events")
	Mono<EndpointJson> change(@PathVariable UUID id, @RequestBody ChangeJson change, Principal principal) {
		return this.currentMember.allowed(principal, Action.MANAGE_SETTINGS)
			.flatMap((member) -> this.registrar.change(member, id, change.active(), change.events()))
			.map((endpoint) -> EndpointJson.of(endpoint, null));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "removeWebhook", summary = "Remove a webhook endpoint")
	Mono<Void> remove(@PathVariable UUID id, Principal principal) {
		return this.currentMember.allowed(principal, Action.MANAGE_SETTINGS)
			.flatMap((member) -> this.registrar.remove(member, id));
	}

	@PostMapping("/{id}/test")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "sendWebhookTestEvent", summary = "Queue a test event for a webhook endpoint")
	Mono<CallJson> sendTestEvent(@PathVariable UUID id, Principal principal) {
		return this.currentMember.allowed(principal, Action.MANAGE_SETTINGS)
			.flatMap((member) -> this.registrar.sendTestEvent(member, id))
			.map(CallJson::of);
	}

	@GetMapping("/{id}/calls")
	@Operation(operationId = "listWebhookCalls", summary = "The endpoint's delivery log, latest first")
	Flux<CallJson> log(@PathVariable UUID id, Principal principal) {
		return this.currentMember.allowed(principal, Action.MANAGE_SETTINGS)
			.flatMapMany((member) -> this.registrar.log(member, id, LOG_SIZE))
			.map(CallJson::of);
	}

	/**
	 * @param secret the signing secret, only in the answer that created the endpoint;
	 * otherwise {@code null}
	 */
	record EndpointJson(UUID id, String url, List<String> events, boolean active, String createdBy, Instant createdAt,
			String secret) {

		static EndpointJson of(WebhookEndpoint endpoint, String secret) {
			return new EndpointJson(endpoint.id(), endpoint.url(),
					endpoint.events().stream().map(EventType::id).toList(), endpoint.active(), endpoint.createdBy(),
					endpoint.createdAt(), secret);
		}

	}

	/**
	 * @param active {@code true} or {@code false} to switch the endpoint on or off;
	 * absent to leave it
	 * @param events the event ids it receives from now on; absent to leave them
	 */
	record ChangeJson(Boolean active, List<String> events) {

	}

	record CallJson(UUID id, String event, String state, int attempts, Integer statusCode, String error,
			Instant createdAt, Instant nextAttemptAt, Instant finishedAt) {

		static CallJson of(WebhookCall call) {
			return new CallJson(call.id(), call.eventType(), call.state().name(), call.attempts(), call.statusCode(),
					call.lastError(), call.createdAt(), call.nextAttemptAt(), call.finishedAt());
		}

	}

}
