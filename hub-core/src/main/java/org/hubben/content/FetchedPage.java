package org.hubben.content;

import java.net.URI;

/**
 * A page as fetched.
 *
 * @param url where it was found, after any redirects
 * @param contentType the {@code Content-Type} it was served with, or {@code null}
 * @param body its first bytes, at most {@link PageFetcher#SIZE_LIMIT}; empty when it is
 * neither HTML nor a feed, which are not read
 * @param truncated whether the page went on beyond what was read
 */
record FetchedPage(URI url, String contentType, byte[] body, boolean truncated) {

	boolean html() {
		return PageFetcher.isHtml(this.contentType);
	}

	boolean feed() {
		return PageFetcher.isFeed(this.contentType);
	}

}
