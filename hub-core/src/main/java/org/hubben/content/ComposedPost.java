package org.hubben.content;

import java.util.Map;

import org.hubben.connector.Platform;

/**
 * A post with the variant each platform will receive.
 *
 * @param post the post
 * @param variants one per platform Hubben has a connector for, in platform order
 */
public record ComposedPost(Post post, Map<Platform, Variant> variants) {

}
