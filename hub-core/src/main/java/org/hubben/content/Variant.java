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
 * @param tags the hashtags of the text, without {@code #}, for platforms that take tags
 * @param media the ids of the post's media this platform receives, in the author's order
 * (see {@code MediaSelection}); empty for a text post
 */
public record Variant(Platform platform, String text, String title, URI link, int length, int limit, boolean edited,
		List<String> problems, List<String> tags, List<UUID> media) {

	public Variant {
		problems = List.copyOf(problems);
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		media = (media != null) ? List.copyOf(media) : List.of();
	}

	public boolean publishable() {
		return this.problems.isEmpty();
	}

}
