package org.hubben.connector;

/**
 * What one platform accepts in a post. Content is validated against these when it is
 * composed, never when it fires.
 *
 * @param textLimit the most the platform accepts in the post text, in units of
 * {@code textMeasure}
 * @param textMeasure how the platform counts the length of a text
 * @param linkPlacement where the link back to the home site travels
 * @param titleLimit the most characters a title may have, or 0 when the platform has no
 * title
 * @param media the images and videos it takes with a post
 */
public record Capabilities(int textLimit, TextMeasure textMeasure, LinkPlacement linkPlacement, int titleLimit,
		MediaRules media) {

	public Capabilities {
		java.util.Objects.requireNonNull(media, "media");
	}

	/** How a platform counts text length. */
	public enum TextMeasure {

		/** Unicode code points. */
		CODE_POINTS,

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

}
