package org.hubben.connector.emulator;

import java.time.Instant;
import java.util.List;

/**
 * One post an emulator accepted, as the platform would show it.
 *
 * @param remoteId the identifier the emulator answered with
 * @param accountId the page, channel or user it was posted as
 * @param text the text as received (a YouTube or Flickr description)
 * @param link the link as received: a separate field, or the first URL found in the text;
 * may be {@code null}
 * @param receivedAt when the emulator accepted it
 * @param title the title as received, or {@code null} where the platform has none
 * @param tags the tags as received; empty when there were none
 * @param media the media the post carries, in order; empty for a text post
 */
public record ReceivedPost(String remoteId, String accountId, String text, String link, Instant receivedAt,
		String title, List<String> tags, List<ReceivedMedia> media) {

	public ReceivedPost {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		media = (media != null) ? List.copyOf(media) : List.of();
	}

	/** A text post without title, tags or media. */
	public ReceivedPost(String remoteId, String accountId, String text, String link, Instant receivedAt) {
		this(remoteId, accountId, text, link, receivedAt, null, List.of(), List.of());
	}

	/**
	 * One image or video an emulator received in full.
	 *
	 * @param contentType the content type the client declared
	 * @param size how many bytes arrived
	 * @param sha256 the hex SHA-256 of the bytes, so a test can check they are the file's
	 */
	public record ReceivedMedia(String contentType, long size, String sha256) {

	}

}
