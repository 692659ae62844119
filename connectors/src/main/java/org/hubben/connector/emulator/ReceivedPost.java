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
 * @param startedAt when the emulator handled the first request of this post, at or before
 * {@code receivedAt}: the INIT of its earliest media upload on X, the start of the
 * resumable session on YouTube; {@code receivedAt} where one request makes the post (a
 * Facebook photo, a Flickr upload) and where the emulator does not keep it (a Facebook
 * video or a post of several photos). With an artificial latency set, a request is
 * handled that much after it arrived.
 */
public record ReceivedPost(String remoteId, String accountId, String text, String link, Instant receivedAt,
		String title, List<String> tags, List<ReceivedMedia> media, Instant startedAt) {

	public ReceivedPost {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		media = (media != null) ? List.copyOf(media) : List.of();
		startedAt = (startedAt == null || startedAt.isAfter(receivedAt)) ? receivedAt : startedAt;
	}

	/** A post made in one request, the request that made it. */
	public ReceivedPost(String remoteId, String accountId, String text, String link, Instant receivedAt, String title,
			List<String> tags, List<ReceivedMedia> media) {
		this(remoteId, accountId, text, link, receivedAt, title, tags, media, receivedAt);
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
