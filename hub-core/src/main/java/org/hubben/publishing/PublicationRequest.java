package org.hubben.publishing;

import java.time.Instant;
import java.util.List;
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

	/** An open publication. */
	public PublicationRequest(List<UUID> channelIds, Instant at, String zone, boolean sendLate, boolean factsChecked) {
		this(channelIds, at, zone, sendLate, factsChecked, null);
	}

	/** A request whose person did not confirm the fact checklist. */
	public PublicationRequest(List<UUID> channelIds, Instant at, String zone, boolean sendLate) {
		this(channelIds, at, zone, sendLate, false);
	}

}
