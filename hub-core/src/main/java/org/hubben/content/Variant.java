package org.hubben.content;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.Platform;

/**
 * A post as one platform will receive it.
 *
 * @param platform the platform
 * @param text the exact text that will be posted (with the link in it where the platform
 * carries it there)
 * @param title the title, or {@code null} where the platform has none
 * @param link the tagged link back to the home site
 * @param length the text's length in the platform's own units
 * @param limit the platform's limit in the same units
 * @param edited whether a person edited this variant
 * @param problems why the platform would refuse it, its media included; empty when it can
 * be published
 * @param tags the hashtags of the text, without {@code #}; for platforms with a tag field
 * (YouTube, Flickr) as many as the platform takes
 * @param media the ids of the post's media this platform receives, in the author's order
 * (see {@code MediaSelection}); empty for a text post
 * @param titleLength the title's length in characters (code points); 0 without a title
 * @param titleLimit the platform's limit for titles; 0 where it has no title
 * @param shortened whether Hubben shortened the derived text or title to fit the limit
 * @param senderLine the organisation's sender line when the text carries it, else
 * {@code null}
 * @param senderLineLeftOut whether the organisation has a sender line that this text does
 * not carry because it would not fit the platform's limit (X)
 */
public record Variant(Platform platform, String text, String title, URI link, int length, int limit, boolean edited,
		List<String> problems, List<String> tags, List<UUID> media, int titleLength, int titleLimit, boolean shortened,
		String senderLine, boolean senderLineLeftOut) {

	public Variant {
		problems = List.copyOf(problems);
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		media = (media != null) ? List.copyOf(media) : List.of();
	}

	/**
	 * A variant neither shortened nor with a title limit, as tests of other modules build
	 * it.
	 */
	public Variant(Platform platform, String text, String title, URI link, int length, int limit, boolean edited,
			List<String> problems, List<String> tags, List<UUID> media) {
		this(platform, text, title, link, length, limit, edited, problems, tags, media,
				(title != null) ? TextMeasure.codePoints(title) : 0, 0, false, null, false);
	}

	public boolean publishable() {
		return this.problems.isEmpty();
	}

}
