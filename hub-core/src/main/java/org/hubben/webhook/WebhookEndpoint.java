package org.hubben.webhook;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Where an organisation wants its events POSTed.
 *
 * @param id the identifier
 * @param organisationId the organisation whose events it receives
 * @param url where the events are POSTed
 * @param encryptedSecret the signing secret, AES-GCM encrypted and bound to the
 * endpoint's id; never shown again after it was created
 * @param eventTypes the ids of the {@link EventType}s it receives, comma-separated
 * @param active whether new events are queued for it
 * @param createdBy the username of the administrator who added it
 * @param createdAt when it was added
 */
@Table("webhook_endpoint")
public record WebhookEndpoint(@Id UUID id, UUID organisationId, String url, @Column("secret") String encryptedSecret,
		String eventTypes, boolean active, String createdBy, Instant createdAt) {

	/**
	 * @return the event types it receives, in declaration order
	 */
	public List<EventType> events() {
		List<String> ids = Arrays.stream(this.eventTypes.split(",")).map(String::strip).toList();
		return EventType.subscribable().stream().filter((type) -> ids.contains(type.id())).toList();
	}

	boolean receives(EventType type) {
		return type == EventType.PING || events().contains(type);
	}

	@Override
	public String toString() {
		// The ciphertext is not a secret without the key, but it has no business in logs.
		return "WebhookEndpoint[id=" + this.id + ", url=" + this.url + ", eventTypes=" + this.eventTypes + ", active="
				+ this.active + "]";
	}

	WebhookEndpoint withActive(boolean active) {
		return new WebhookEndpoint(this.id, this.organisationId, this.url, this.encryptedSecret, this.eventTypes,
				active, this.createdBy, this.createdAt);
	}

	WebhookEndpoint withEventTypes(String eventTypes) {
		return new WebhookEndpoint(this.id, this.organisationId, this.url, this.encryptedSecret, eventTypes,
				this.active, this.createdBy, this.createdAt);
	}

}
