package org.hubben.content;

import java.time.Instant;

/**
 * A post that is not scheduled yet: it has no publication.
 *
 * @param post the post
 * @param fromFeed whether the home site's feed made it (see {@link HomeSiteFeed}), rather
 * than a person
 * @param articlePublishedAt when the home site published the article it was drafted from,
 * or {@code null} when the feed did not say or a person wrote it
 */
public record Draft(Post post, boolean fromFeed, Instant articlePublishedAt) {

}
