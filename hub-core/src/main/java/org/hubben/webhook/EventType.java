package org.hubben.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.hubben.publishing.DeliveryState;

/** What an endpoint can receive; {@link #id()} is the {@code X-Hubben-Event} header. */
public enum EventType {

	/** A post was composed. */
	POST_COMPOSED("post.composed", "A post was composed"),

	/** A delivery reached the platform. */
	DELIVERY_SENT("delivery.sent", "A post went out on a channel"),

	/** A delivery failed for good (until someone retries it). */
	DELIVERY_FAILED("delivery.failed", "A post failed on a channel"),

	/** A delivery is put back in line: the platform was unavailable or rate limited. */
	DELIVERY_RETRYING("delivery.retrying", "A delivery will be retried"),

	/** A delivery's outcome is unknown until it is looked up. */
	DELIVERY_UNKNOWN("delivery.unknown", "A delivery's outcome is unknown"),

	/** A delivery waits for its channel to be reconnected. */
	DELIVERY_WAITING("delivery.waiting", "A delivery waits for a reconnect"),

	/** A person moved a publication that had not started going out to another time. */
	PUBLICATION_RESCHEDULED("publication.rescheduled", "A publication was moved to another time"),

	/** Sent by the "send test event" button only; every endpoint receives it. */
	PING("ping", "Test event");

	private final String id;

	private final String description;

	EventType(String id, String description) {
		this.id = id;
		this.description = description;
	}

	public String id() {
		return this.id;
	}

	public String description() {
		return this.description;
	}

	/**
	 * @return the types an endpoint may subscribe to: all but {@link #PING}
	 */
	public static List<EventType> subscribable() {
		return Arrays.stream(values()).filter((type) -> type != PING).toList();
	}

	/**
	 * @return the type with this id; empty when there is none
	 */
	public static Optional<EventType> byId(String id) {
		String wanted = (id != null) ? id.strip().toLowerCase(Locale.ROOT) : "";
		return Arrays.stream(values()).filter((type) -> type.id.equals(wanted)).findFirst();
	}

	/**
	 * @return the event for a delivery now in {@code state}; empty for states no one
	 * subscribes to
	 */
	static Optional<EventType> of(DeliveryState state) {
		return switch (state) {
			case SENT -> Optional.of(DELIVERY_SENT);
			case FAILED -> Optional.of(DELIVERY_FAILED);
			case RETRYING -> Optional.of(DELIVERY_RETRYING);
			case UNKNOWN -> Optional.of(DELIVERY_UNKNOWN);
			case WAITING -> Optional.of(DELIVERY_WAITING);
			default -> Optional.empty();
		};
	}

}
