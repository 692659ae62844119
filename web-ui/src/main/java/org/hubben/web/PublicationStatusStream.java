package org.hubben.web;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hubben.organisation.Action;
import org.hubben.publishing.DeliveryStatus;
import org.hubben.publishing.PublicationChange;
import org.hubben.publishing.PublicationNotFound;
import org.hubben.publishing.PublicationWatcher;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /publications/{id}/status}: the live state of a publication's deliveries as
 * server-sent events, for the publication page (the login session, the member's own
 * organisation only). One {@code deliveries} event carries every delivery, then one comes
 * for each change with the deliveries that changed; a comment line every
 * {@value #HEARTBEAT_SECONDS} seconds keeps proxies from closing a quiet stream. The
 * stream ends after an event whose {@code settled} is {@code true}.
 */
@RestController
class PublicationStatusStream {

	static final int HEARTBEAT_SECONDS = 15;

	private static final Duration HEARTBEAT = Duration.ofSeconds(HEARTBEAT_SECONDS);

	static final String EVENT = "deliveries";

	private final CurrentMember currentMember;

	private final PublicationWatcher watcher;

	PublicationStatusStream(CurrentMember currentMember, PublicationWatcher watcher) {
		this.currentMember = currentMember;
		this.watcher = watcher;
	}

	/**
	 * An error before the first event (an unknown publication, or another organisation's)
	 * still sets the status: the response is committed with its first event.
	 */
	@GetMapping(path = "/publications/{id}/status", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<StatusJson>> status(@PathVariable UUID id, Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMapMany((member) -> this.watcher.watch(id, member.organisationId()))
			.map((change) -> ServerSentEvent.builder(StatusJson.of(change)).event(EVENT).build())
			.publish((events) -> Flux.merge(events,
					Flux.interval(HEARTBEAT, HEARTBEAT)
						.map((tick) -> ServerSentEvent.<StatusJson>builder().comment("still watching").build())
						.takeUntilOther(events.ignoreElements())));
	}

	@ExceptionHandler
	ResponseEntity<Void> notFound(PublicationNotFound ex) {
		return ResponseEntity.notFound().build();
	}

	/**
	 * One event of the stream.
	 *
	 * @param deliveries the deliveries that changed (all of them in the first event)
	 * @param settled whether every delivery is sent, failed or cancelled: the stream ends
	 */
	record StatusJson(List<DeliveryJson> deliveries, boolean settled) {

		static StatusJson of(PublicationChange change) {
			return new StatusJson(
					change.changed().stream().map((status) -> DeliveryJson.of(status, change.zoneId())).toList(),
					change.settled());
		}

	}

	/**
	 * One delivery.
	 *
	 * @param id the delivery
	 * @param channelId its channel
	 * @param channel the channel's name
	 * @param platform the platform's name
	 * @param state its state
	 * @param settled whether it will change no more by itself
	 * @param reason why it failed, is unknown, waits or retries; otherwise {@code null}
	 * @param remoteId the platform's id of the post once sent
	 * @param remoteUrl where to see the post once sent
	 * @param attempts how many times it was claimed
	 * @param nextAttemptAt when a retrying delivery goes again
	 * @param nextAttempt the same, as a person reads it in the publication's zone
	 */
	record DeliveryJson(UUID id, UUID channelId, String channel, String platform, String state, boolean settled,
			String reason, String remoteId, String remoteUrl, int attempts, Instant nextAttemptAt, String nextAttempt) {

		static DeliveryJson of(DeliveryStatus status, String zoneId) {
			return new DeliveryJson(status.deliveryId(), status.channelId(), status.channel(),
					status.platform().displayName(), status.state().name(), status.settled(), status.reason(),
					status.remoteId(), status.remoteUrl(), status.attempts(), status.nextAttemptAt(),
					(status.nextAttemptAt() != null) ? DueTimeText.of(status.nextAttemptAt(), zoneId) : null);
		}

	}

}
