package org.hubben.publishing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
 */
public record PublicationRequest(List<UUID> channelIds, Instant at, String zone, boolean sendLate,
		boolean factsChecked) {

	/** A request whose person did not confirm the fact checklist. */
	public PublicationRequest(List<UUID> channelIds, Instant at, String zone, boolean sendLate) {
		this(channelIds, at, zone, sendLate, false);
	}

}
