package org.hubben.content;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the hashtags in a text, for platforms that take tags: {@code #Skolval} gives
 * {@code Skolval}.
 */
final class Hashtags {

	/**
	 * A {@code #} (or the full-width {@code ＃}) that does not follow a letter, digit,
	 * {@code &}, {@code /} or another {@code #} (so not in {@code C#}, {@code &#39;} or a
	 * URL's {@code /#top}), then letters, marks, digits and underscores with at least one
	 * letter (so {@code #1} is no tag).
	 */
	private static final Pattern HASHTAG = Pattern
		.compile("(?<![\\p{L}\\p{M}\\p{N}_&/#＃])[#＃]([\\p{L}\\p{M}\\p{N}_]*\\p{L}[\\p{L}\\p{M}\\p{N}_]*)");

	private Hashtags() {
	}

	/**
	 * @return the tags without {@code #}, in order of first appearance, each once
	 * (ignoring case); empty when there are none
	 */
	static List<String> of(String text) {
		if (text == null || text.isEmpty()) {
			return List.of();
		}
		List<String> tags = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		Matcher matcher = HASHTAG.matcher(text);
		while (matcher.find()) {
			String tag = matcher.group(1);
			if (seen.add(tag.toLowerCase(Locale.ROOT))) {
				tags.add(tag);
			}
		}
		return List.copyOf(tags);
	}

}
