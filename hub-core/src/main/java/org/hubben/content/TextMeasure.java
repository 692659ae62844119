package org.hubben.content;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.twitter.twittertext.TwitterTextParser;
import org.hubben.connector.Capabilities;

/** Counts a text the way a platform counts it. */
final class TextMeasure {

	/**
	 * X's weighted lengths of recent texts: twitter-text's parse is the costliest step of
	 * deriving a variant, and one post's X text is measured when it is composed, twice
	 * when it is scheduled and again when it is sent. Bounded by count and by text length
	 * (a few MB at most); forgotten whole when full.
	 */
	private static final Map<String, Integer> X_LENGTHS = new ConcurrentHashMap<>();

	private static final int X_LENGTHS_REMEMBERED = 2_048;

	private static final int X_LENGTH_REMEMBERED_CHARS = 1_000;

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
			case X_WEIGHTED -> xWeighted(text);
			case UTF8_BYTES -> text.getBytes(StandardCharsets.UTF_8).length;
			case CODE_POINTS -> codePoints(text);
		};
	}

	private static int xWeighted(String text) {
		if (text.length() > X_LENGTH_REMEMBERED_CHARS) {
			return TwitterTextParser.parseTweet(text).weightedLength;
		}
		Integer known = X_LENGTHS.get(text);
		if (known != null) {
			return known;
		}
		int length = TwitterTextParser.parseTweet(text).weightedLength;
		if (X_LENGTHS.size() >= X_LENGTHS_REMEMBERED) {
			X_LENGTHS.clear();
		}
		X_LENGTHS.put(text, length);
		return length;
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
