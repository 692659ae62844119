package org.hubben.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.hubben.content.PostComposed;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.publishing.DeliveryStateChanged;
import org.hubben.publishing.PublicationRescheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.event.EventListener;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;

/**
 * Turns post and delivery events into outbox rows, one per active endpoint of the
 * organisation that receives the event's type; the {@link WebhookSender} POSTs them.
 * Listeners return at once (they are called on the thread that changed the state) and
 * record the rows asynchronously; a failure to record them is logged.
 */
class WebhookOutbox {

	private static final Logger logger = LoggerFactory.getLogger(WebhookOutbox.class);

	private final WebhookEndpoints endpoints;

	private final Channels channels;

	private final R2dbcEntityTemplate template;

	private final WebhookPayloads payloads;

	WebhookOutbox(WebhookEndpoints endpoints, Channels channels, R2dbcEntityTemplate template,
			WebhookPayloads payloads) {
		this.endpoints = endpoints;
		this.channels = channels;
		this.template = template;
		this.payloads = payloads;
	}

	@EventListener
	void postComposed(PostComposed event) {
		record(Mono.just(event.organisationId()), EventType.POST_COMPOSED, event.at(), WebhookPayloads.data(event))
			.subscribe(null, (ex) -> logger.error("Could not queue the webhooks of post {}", event.postId(), ex));
	}

	@EventListener
	void deliveryStateChanged(DeliveryStateChanged event) {
		EventType.of(event.state())
			.ifPresent((type) -> record(this.channels.findById(event.channelId()).map(Channel::organisationId), type,
					event.at(), WebhookPayloads.data(event))
				.subscribe(null,
						(ex) -> logger.error("Could not queue the webhooks of delivery {}", event.deliveryId(), ex)));
	}

	@EventListener
	void publicationRescheduled(PublicationRescheduled event) {
		record(Mono.just(event.organisationId()), EventType.PUBLICATION_RESCHEDULED, event.at(),
				WebhookPayloads.data(event))
			.subscribe(null,
					(ex) -> logger.error("Could not queue the webhooks of publication {}", event.publicationId(), ex));
	}

	/**
	 * @return how many calls were queued
	 */
	Mono<Long> record(Mono<UUID> organisation, EventType type, Instant at, Map<String, Object> data) {
		return organisation.flatMap((organisationId) -> {
			UUID eventId = UUID.randomUUID();
			String body = this.payloads.of(eventId, type, organisationId, at, data);
			return this.endpoints.findByOrganisationIdAndActiveTrue(organisationId)
				.filter((endpoint) -> endpoint.receives(type))
				.concatMap(
						(endpoint) -> this.template.insert(WebhookCall.pending(endpoint.id(), eventId, type, body, at)))
				.count();
		}).defaultIfEmpty(0L);
	}

}
