package org.hubben.publishing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.hubben.connector.Targeting;

/**
 * What a person asks for when they publish a post.
 *
 * @param channelIds the channels to publish on, at least one, no repeats
 * @param at when; {@code null} for now
 * @param zone the IANA zone they planned in; {@code null} for the organisation's zone
 * @param sendLate whether deliveries that Hubben could not send within the late limit of
 * their time still go out late, rather than fail as having missed their time
 * @param factsChecked whether they went through the post's fact checklist
 * ({@link org.hubben.policy.FactChecklist}); a post that states facts to verify is
 * scheduled only when they did
 * @param targeting who alone may see it, for a targeted ("dark") Facebook post;
 * {@code null} for an open publication. Accepted only alongside an open publication of
 * the same post ({@link org.hubben.policy.OpenTargeting}).
 */
public record PublicationRequest(List<UUID> channelIds, Instant at, String zone, boolean sendLate, boolean factsChecked,
		Targeting targeting) {

	/**
	 * How far in the past a time may be and still mean "now" (clocks differ a little).
	 */
	public static final Duration PAST_TOLERANCE = Duration.ofMinutes(1);

	/** The most channels one publication goes to. */
	public static final int MAX_CHANNELS = 100;

	/**
	 * What is wrong with the request on its own, before any post or channel is looked at:
	 * the channels chosen, a time that has passed, the zone, the audience.
	 * @param now the present instant
	 * @return a reason per field; empty when nothing is wrong
	 */
	public Map<String, String> problems(Instant now) {
		Map<String, String> errors = new LinkedHashMap<>();
		List<UUID> channels = (this.channelIds != null) ? this.channelIds : List.of();
		if (channels.isEmpty()) {
			errors.put("channelIds", "Choose at least one channel");
		}
		else if (channels.size() > MAX_CHANNELS) {
			errors.put("channelIds", "At most " + MAX_CHANNELS + " channels at once");
		}
		else if (channels.stream().anyMatch(Objects::isNull) || new HashSet<>(channels).size() != channels.size()) {
			errors.put("channelIds", "Each channel may be chosen once");
		}
		if (this.at != null && this.at.isBefore(now.minus(PAST_TOLERANCE))) {
			errors.put("at", "This time has passed; choose a time from now on, or leave it empty to publish now");
		}
		if (this.zone != null) {
			try {
				DueTimes.zone(this.zone);
			}
			catch (InvalidPublication ex) {
				errors.putAll(ex.errors());
			}
		}
		if (this.targeting != null) {
			errors.putAll(this.targeting.problems());
		}
		return errors;
	}

	/** An open publication. */
	public PublicationRequest(List<UUID> channelIds, Instant at, String zone, boolean sendLate, boolean factsChecked) {
		this(channelIds, at, zone, sendLate, factsChecked, null);
	}

	/** A request whose person did not confirm the fact checklist. */
	public PublicationRequest(List<UUID> channelIds, Instant at, String zone, boolean sendLate) {
		this(channelIds, at, zone, sendLate, false);
	}

}
