package org.hubben.content;

import com.twitter.twittertext.TwitterTextParser;
import org.hubben.connector.Capabilities;

/** Counts a text the way a platform counts it. */
final class TextMeasure {

	private TextMeasure() {
	}

	/**
	 * @return the length in the platform's own units: X's weighted length (twitter-text
	 * v3), or code points
	 */
	static int lengthOf(String text, Capabilities.TextMeasure measure) {
		return switch (measure) {
			case X_WEIGHTED -> TwitterTextParser.parseTweet(text).weightedLength;
			case CODE_POINTS -> text.codePointCount(0, text.length());
		};
	}

}
