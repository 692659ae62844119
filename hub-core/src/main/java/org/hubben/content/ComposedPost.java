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
 * @param sources the links to what its facts rest on, in the author's order
 */
public record ComposedPost(Post post, Map<Platform, Variant> variants, List<MediaFile> media, List<String> sources) {

	public ComposedPost {
		media = List.copyOf(media);
		sources = (sources != null) ? List.copyOf(sources) : List.of();
	}

	/** A post without sources. */
	public ComposedPost(Post post, Map<Platform, Variant> variants, List<MediaFile> media) {
		this(post, variants, media, List.of());
	}

}
