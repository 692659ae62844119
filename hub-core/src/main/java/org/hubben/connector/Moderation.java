package org.hubben.connector;

/**
 * What a platform lets the organisation do with a comment it does not want shown on its
 * own posts.
 */
public enum Moderation {

	/**
	 * Hide it from the public; the author may still see it (Facebook {@code is_hidden}, X
	 * hidden replies, YouTube's {@code rejected} moderation status).
	 */
	HIDE,

	/** Delete it: the platform has no hiding (Flickr). */
	DELETE

}
