package org.hubben.content;

import java.util.List;
import java.util.Map;

import org.hubben.connector.Platform;
import org.hubben.media.MediaFile;

/**
 * A post with the variant each platform will receive.
 *
 * @param post the post
 * @param variants one per platform Hubben has a connector for, in platform order
 * @param media the images and videos the post carries, in the author's order
 */
public record ComposedPost(Post post, Map<Platform, Variant> variants, List<MediaFile> media) {

	public ComposedPost {
		media = List.copyOf(media);
	}

}
