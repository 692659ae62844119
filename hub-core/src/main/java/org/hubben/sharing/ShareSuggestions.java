package org.hubben.sharing;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.twitter.twittertext.TwitterTextParser;

/**
 * Suggested texts and share dialogs for supporters. Facebook's sharer takes only the link
 * (Facebook forbids pre-filled text), so its text is there to copy; X's intent takes the
 * text and the link. YouTube and Flickr have no dialog for sharing someone else's link,
 * so none is offered for them: the text for anywhere else serves there.
 */
public final class ShareSuggestions {

	/** X's limit in its own weighted units, a link counting as 23. */
	static final int X_LIMIT = 280;

	private ShareSuggestions() {
	}

	/**
	 * @param title the post's title
	 * @param text the post's text as written
	 * @param link the link the supporter shares, tagged {@code utm_source=supporter}
	 * @return X, Facebook and anywhere else, in that order
	 */
	public static List<Suggestion> of(String title, String text, URI link) {
		String body = text.strip();
		String forX = fitForX(body, link.toString());
		return List.of(
				new Suggestion("x", forX + "\n\n" + link,
						URI.create(
								"https://x.com/intent/post?text=" + encode(forX) + "&url=" + encode(link.toString()))),
				new Suggestion("facebook", body + "\n\n" + link,
						URI.create("https://www.facebook.com/sharer/sharer.php?u=" + encode(link.toString()))),
				new Suggestion("other", title.strip() + "\n\n" + body + "\n\n" + link, null));
	}

	/**
	 * Shortens the text at a word boundary, with an ellipsis, until it fits beside the
	 * link in one post on X.
	 */
	static String fitForX(String text, String link) {
		if (fits(text, link)) {
			return text;
		}
		int[] codePoints = text.codePoints().toArray();
		for (int end = codePoints.length - 1; end > 0; end--) {
			if (!Character.isWhitespace(codePoints[end])) {
				continue;
			}
			String candidate = new String(codePoints, 0, end).strip() + "…";
			if (fits(candidate, link)) {
				return candidate;
			}
		}
		for (int end = codePoints.length - 1; end > 0; end--) {
			String candidate = new String(codePoints, 0, end) + "…";
			if (fits(candidate, link)) {
				return candidate;
			}
		}
		return "";
	}

	private static boolean fits(String text, String link) {
		return TwitterTextParser.parseTweet(text + "\n\n" + link).weightedLength <= X_LIMIT;
	}

	/** Percent-encoding for a query value, with spaces as {@code %20}. */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
