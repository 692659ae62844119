package org.hubben.webhook;

import java.util.List;

/**
 * What an administrator submits to add a webhook endpoint.
 *
 * @param url where to POST: https, or http for {@code localhost}; may be {@code null},
 * which is refused
 * @param events the {@link EventType#id()}s to receive, at least one; may be
 * {@code null}, which is refused
 */
public record EndpointDraft(String url, List<String> events) {

	public EndpointDraft {
		events = (events != null) ? events.stream().filter((event) -> event != null && !event.isBlank()).toList()
				: List.of();
	}

}
