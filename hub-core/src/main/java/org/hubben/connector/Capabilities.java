package org.hubben.connector;

import java.util.Objects;

/**
 * What one platform accepts in a post. Content is validated against these when it is
 * composed, never when it fires.
 *
 * @param textLimit the most the platform accepts in the post text, in units of
 * {@code textMeasure}
 * @param textMeasure how the platform counts the length of a text
 * @param linkPlacement where the link back to the home site travels
 * @param titleLimit the most characters (code points) a title may have, or 0 when the
 * platform has no title
 * @param forbidden the characters the platform refuses in the text and the title
 * (YouTube: {@code <} and {@code >}); empty when it takes every character
 * @param tags how many tags it takes with a post
 * @param media the images and videos it takes with a post
 */
public record Capabilities(int textLimit, TextMeasure textMeasure, LinkPlacement linkPlacement, int titleLimit,
		String forbidden, TagRules tags, MediaRules media) {

	public Capabilities {
		Objects.requireNonNull(textMeasure, "textMeasure");
		Objects.requireNonNull(linkPlacement, "linkPlacement");
		forbidden = (forbidden != null) ? forbidden : "";
		Objects.requireNonNull(tags, "tags");
		Objects.requireNonNull(media, "media");
	}

	/** How a platform counts text length. */
	public enum TextMeasure {

		/** Unicode code points. */
		CODE_POINTS,

		/** Bytes of the text's UTF-8 encoding (YouTube's description). */
		UTF8_BYTES,

		/**
		 * X's weighted length: URLs count 23, CJK and emoji count 2 (twitter-text v3
		 * rules).
		 */
		X_WEIGHTED

	}

	/** Where the link back to the home site goes. */
	public enum LinkPlacement {

		/** Appended to the text, so it counts towards the text limit. */
		IN_TEXT,

		/**
		 * A separate field of the request (Facebook's {@code link}), not part of the
		 * text.
		 */
		SEPARATE_FIELD

	}

	/**
	 * The tags (keywords) a platform takes with a post, besides the hashtags in its text.
	 *
	 * @param maxCount how many tags one post may carry; 0 for no limit
	 * @param maxTotalLength the most characters all tags together may have, counted as
	 * YouTube counts them (joined with commas, a tag with a space in quotes); 0 for no
	 * limit
	 */
	public record TagRules(int maxCount, int maxTotalLength) {

		/**
		 * A platform without a tag field (X, Facebook): its hashtags stay in the text, so
		 * nothing limits them beyond the text's own limit.
		 */
		public static final TagRules HASHTAGS_IN_TEXT = new TagRules(0, 0);

	}

}
