package org.hubben.media;

/**
 * A medium's row exists but its file does not, or no longer has the size it was stored
 * with: the media directory was changed, or this node does not share it.
 */
public class MediaMissing extends RuntimeException {

	MediaMissing(MediaFile media) {
		super("The file of " + media.filename() + " is missing from the media directory (every node must see the "
				+ "same media directory)", null, false, false);
	}

}
