package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

/**
 * A person moved a publication that had not started going out to another time; its
 * deliveries are still pending. Published on the node that moved it, once the change is
 * committed.
 *
 * @param publicationId the publication
 * @param postId the post it carries
 * @param organisationId the post's organisation
 * @param previousDueAt when it was due before
 * @param dueAt when it is due now
 * @param zoneId the IANA zone the person planned in
 * @param rescheduledBy the username of who moved it
 * @param at when it was moved
 */
public record PublicationRescheduled(UUID publicationId, UUID postId, UUID organisationId, Instant previousDueAt,
		Instant dueAt, String zoneId, String rescheduledBy, Instant at) {

}
