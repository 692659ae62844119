package org.hubben.web;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.organisation.Channel;
import org.hubben.publishing.Delivery;
import org.hubben.publishing.DeliveryState;
import org.hubben.publishing.DuePublication;

/**
 * What the calendar shows: the deliveries to one channel or platform, and the
 * publications in one state. Each field is {@code null} for any.
 *
 * @param channel only deliveries to this channel
 * @param platform only deliveries on this platform
 * @param state only publications whose shown deliveries add up to this state
 */
record CalendarFilter(UUID channel, Platform platform, CalendarState state) {

	static final CalendarFilter ANY = new CalendarFilter(null, null, null);

	/**
	 * @param channel a channel id, or blank
	 * @param platform a platform id ({@code x}), or blank
	 * @param state a {@link CalendarState} id, or blank
	 * @return the filter; an {@link InvalidRequest} naming each value that means nothing
	 */
	static CalendarFilter parse(String channel, String platform, String state) {
		Map<String, String> errors = new LinkedHashMap<>();
		UUID channelId = null;
		if (channel != null && !channel.isBlank()) {
			try {
				channelId = UUID.fromString(channel.strip());
			}
			catch (IllegalArgumentException ex) {
				errors.put("channel", "'" + channel + "' is not a channel id");
			}
		}
		Platform chosenPlatform = null;
		if (platform != null && !platform.isBlank()) {
			chosenPlatform = Platform.byId(platform.strip()).orElse(null);
			if (chosenPlatform == null) {
				errors.put("platform", "'" + platform + "' is not a platform: facebook, youtube, x or flickr");
			}
		}
		CalendarState chosenState = null;
		if (state != null && !state.isBlank()) {
			chosenState = CalendarState.byId(state.strip()).orElse(null);
			if (chosenState == null) {
				errors.put("state",
						"'" + state + "' is not a state: scheduled, partly-sent, sent, failed or cancelled");
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequest(errors);
		}
		return new CalendarFilter(channelId, chosenPlatform, chosenState);
	}

	/**
	 * @param due the publications due in the grid's range
	 * @param channels the organisation's channels, by id, for their names
	 * @param zone the organisation's zone
	 * @param now to tell which publications may still move
	 * @return a chip per publication with a delivery this filter keeps, showing only
	 * those deliveries, and in the state this filter wants
	 */
	List<CalendarGrid.Chip> chips(List<DuePublication> due, Map<UUID, Channel> channels, ZoneId zone, Instant now) {
		return due.stream().map((publication) -> {
			List<Delivery> shown = publication.view().deliveries().stream().filter(this::keeps).toList();
			if (shown.isEmpty()) {
				return null;
			}
			CalendarState summary = CalendarState.of(shown.stream().map(Delivery::state).toList());
			if (this.state != null && this.state != summary) {
				return null;
			}
			Instant dueAt = publication.view().publication().dueAt();
			return new CalendarGrid.Chip(publication.view().publication().id(), publication.postTitle(), dueAt,
					dueAt.atZone(zone).toLocalDateTime(), summary, shown.stream().map((delivery) -> {
						Channel channel = channels.get(delivery.channelId());
						return new CalendarGrid.Badge(delivery.platform().id(), delivery.platform().displayName(),
								(channel != null) ? channel.name() : "(removed channel)", delivery.state().name());
					}).toList(), movable(publication, now));
		}).filter((chip) -> chip != null).toList();
	}

	/** Whether the delivery goes to the channel and platform this filter wants. */
	boolean keeps(Delivery delivery) {
		return (this.channel == null || this.channel.equals(delivery.channelId()))
				&& (this.platform == null || this.platform == delivery.platform());
	}

	/**
	 * Whether a person may still move the publication: it is due later and none of its
	 * deliveries has started going out (the publisher decides for certain).
	 */
	static boolean movable(DuePublication publication, Instant now) {
		return publication.view().publication().dueAt().isAfter(now) && !publication.view().deliveries().isEmpty()
				&& publication.view()
					.deliveries()
					.stream()
					.allMatch((delivery) -> delivery.state() == DeliveryState.PENDING && delivery.claimedAt() == null);
	}

}
