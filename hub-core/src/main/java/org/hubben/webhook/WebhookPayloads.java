package org.hubben.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.hubben.content.PostComposed;
import org.hubben.publishing.DeliveryStateChanged;
import org.hubben.publishing.PublicationRescheduled;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON bodies of webhook calls: {@code {"id": <event id>, "type": <event type>,
 * "createdAt": <ISO instant>, "organisationId": ..., "data": {...}}}.
 */
final class WebhookPayloads {

	private final JsonMapper json;

	WebhookPayloads(JsonMapper json) {
		this.json = json;
	}

	String of(UUID eventId, EventType type, UUID organisationId, Instant at, Map<String, Object> data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", eventId.toString());
		body.put("type", type.id());
		body.put("createdAt", at.toString());
		body.put("organisationId", organisationId.toString());
		body.put("data", data);
		return this.json.writeValueAsString(body);
	}

	static Map<String, Object> data(PostComposed event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("postId", event.postId().toString());
		data.put("title", event.title());
		data.put("link", event.link());
		data.put("slug", event.slug());
		data.put("author", event.author());
		data.put("composedAt", event.at().toString());
		return data;
	}

	static Map<String, Object> data(DeliveryStateChanged event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("deliveryId", event.deliveryId().toString());
		data.put("publicationId", event.publicationId().toString());
		data.put("postId", event.postId().toString());
		data.put("channelId", event.channelId().toString());
		data.put("platform", event.platform().id());
		data.put("state", event.state().name());
		data.put("remoteId", event.remoteId());
		data.put("remoteUrl", event.remoteUrl());
		data.put("error", event.error());
		data.put("changedAt", event.at().toString());
		return data;
	}

	static Map<String, Object> data(PublicationRescheduled event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("publicationId", event.publicationId().toString());
		data.put("postId", event.postId().toString());
		data.put("previousDueAt", event.previousDueAt().toString());
		data.put("dueAt", event.dueAt().toString());
		data.put("zone", event.zoneId());
		data.put("rescheduledBy", event.rescheduledBy());
		return data;
	}

	static Map<String, Object> ping(WebhookEndpoint endpoint, String requestedBy) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("message", "A test event from Hubben: this endpoint receives and can verify Hubben's calls");
		data.put("endpointId", endpoint.id().toString());
		data.put("requestedBy", requestedBy);
		return data;
	}

}
