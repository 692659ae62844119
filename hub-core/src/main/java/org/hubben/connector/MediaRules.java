package org.hubben.connector;

import java.util.Set;

/**
 * What media one platform takes with a post. Content checks a post's media against these
 * when it is composed, so a channel that cannot take the post is refused then, with a
 * reason, and never when the post fires.
 *
 * @param required what a post must carry to go to this platform at all
 * @param imageTypes the image content types accepted (sniffed types, such as
 * {@code image/jpeg})
 * @param imageMaxBytes the largest image accepted
 * @param maxImages how many images one post may carry; 0 when the platform takes none
 * @param videoTypes the video content types accepted
 * @param videoMaxBytes the largest video accepted
 * @param maxVideos how many videos one post may carry; 0 when the platform takes none
 * @param mixes whether images and a video may go in the same post
 */
public record MediaRules(Required required, Set<String> imageTypes, long imageMaxBytes, int maxImages,
		Set<String> videoTypes, long videoMaxBytes, int maxVideos, boolean mixes) {

	public MediaRules {
		imageTypes = Set.copyOf(imageTypes);
		videoTypes = Set.copyOf(videoTypes);
	}

	/** What a post needs to carry for a platform to take it. */
	public enum Required {

		/** Text alone will do (Facebook, X). */
		NOTHING,

		/** Exactly the one video the platform is about (YouTube). */
		VIDEO,

		/** A photo or a video (Flickr). */
		IMAGE_OR_VIDEO

	}

}
