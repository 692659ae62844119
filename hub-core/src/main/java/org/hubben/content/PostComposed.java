package org.hubben.content;

import java.time.Instant;
import java.util.UUID;

/**
 * A post was composed and saved: published once it is stored, on the node that stored it.
 *
 * @param postId the post
 * @param organisationId the organisation that speaks in it
 * @param title its title
 * @param link the page it links to, or {@code null} for the organisation's home site
 * @param slug its URL-safe unique name
 * @param author the username of who composed it
 * @param at when it was composed
 */
public record PostComposed(UUID postId, UUID organisationId, String title, String link, String slug, String author,
		Instant at) {

}
