package org.hubben.content;

import java.nio.charset.StandardCharsets;

import com.twitter.twittertext.TwitterTextParser;
import org.hubben.connector.Capabilities;

/** Counts a text the way a platform counts it. */
final class TextMeasure {

	private TextMeasure() {
	}

	/**
	 * @param text a text, never {@code null}
	 * @return the length in the platform's own units: X's weighted length (twitter-text
	 * v3: a URL counts 23, CJK and emoji 2, an emoji sequence joined with ZWJ once),
	 * UTF-8 bytes, or code points
	 */
	static int lengthOf(String text, Capabilities.TextMeasure measure) {
		return switch (measure) {
			case X_WEIGHTED -> TwitterTextParser.parseTweet(text).weightedLength;
			case UTF8_BYTES -> text.getBytes(StandardCharsets.UTF_8).length;
			case CODE_POINTS -> codePoints(text);
		};
	}

	static int codePoints(String text) {
		return text.codePointCount(0, text.length());
	}

	/**
	 * @return the unit a person reads the limit in, for messages: "characters" or "bytes"
	 */
	static String unit(Capabilities.TextMeasure measure) {
		return (measure == Capabilities.TextMeasure.UTF8_BYTES) ? "bytes" : "characters";
	}

}
