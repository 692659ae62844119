package org.hubben.webhook;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One event to POST to one endpoint: a row of the outbox and of the endpoint's delivery
 * log. State changes only through the conditional updates in {@link WebhookCalls}.
 *
 * @param id the identifier, sent as {@code X-Hubben-Delivery}, the same on every attempt
 * @param endpointId the endpoint
 * @param eventId the event, the same for every endpoint that receives it
 * @param eventType the {@link EventType#id()}, sent as {@code X-Hubben-Event}
 * @param payload the JSON body, fixed when the event happened
 * @param state where it stands
 * @param attempts how many times it was POSTed (or claimed to be)
 * @param nextAttemptAt when it may be claimed
 * @param claimedAt when it was last claimed
 * @param statusCode the HTTP status of the last answer; {@code null} when there was none
 * @param lastError why the last attempt did not deliver it; {@code null} when it did
 * @param createdAt when the event happened
 * @param finishedAt when it was delivered or failed for good
 */
@Table("webhook_call")
public record WebhookCall(@Id UUID id, UUID endpointId, UUID eventId, String eventType, String payload, CallState state,
		int attempts, Instant nextAttemptAt, Instant claimedAt, Integer statusCode, String lastError, Instant createdAt,
		Instant finishedAt) {

	static WebhookCall pending(UUID endpointId, UUID eventId, EventType type, String payload, Instant now) {
		return new WebhookCall(UUID.randomUUID(), endpointId, eventId, type.id(), payload, CallState.PENDING, 0, now,
				null, null, null, now, null);
	}

}
