package org.hubben.content;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hubben.connector.Platform;
import org.hubben.media.MediaFile;

/**
 * What each platform would receive of a draft that is not saved.
 *
 * @param post the post the draft would make, with the plain text and the sanitised HTML
 * derived from it; its identifier and slug are not kept anywhere
 * @param variants one per platform Hubben has a connector for, in platform order
 * @param media the images and videos the draft carries, in the author's order
 */
public record PostPreview(Post post, Map<Platform, Variant> variants, List<MediaFile> media) {

	public PostPreview {
		variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
		media = List.copyOf(media);
	}

}
