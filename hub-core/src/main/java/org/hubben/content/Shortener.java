package org.hubben.content;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.twitter.twittertext.Extractor;

/**
 * Shortens a text Hubben derived for a platform until it fits the platform's limit: at
 * the last word boundary that fits, followed by {@value #ELLIPSIS}, never inside a URL, a
 * hashtag, a mention or a grapheme (an emoji with its skin tone or its ZWJ sequence, a
 * letter with its accents), and with the link back kept. A text a person wrote for a
 * platform is never shortened; only its problems are reported.
 */
final class Shortener {

	static final String ELLIPSIS = "…";

	/** Punctuation that reads badly just before the ellipsis. */
	private static final Pattern TRAILING = Pattern.compile("[\\s,;:\\-–—(\\[{]+$");

	private static final Pattern GRAPHEME = Pattern.compile("\\X");

	private Shortener() {
	}

	/**
	 * @param text the text as the platform would receive it, never {@code null}
	 * @param link the link that must survive the shortening (it is put back at the end,
	 * on a line of its own, when the cut falls before it), or {@code null} when the link
	 * travels outside the text
	 * @param length how the platform counts a text
	 * @param limit the platform's limit in the same units
	 * @return {@code text} itself when it fits; otherwise the longest shortened text that
	 * fits, preferring a cut between words and falling back to one between graphemes (for
	 * scripts written without spaces); {@code text} itself when not even one word fits
	 * beside the link, so that the platform's problem is reported instead
	 */
	static String fit(String text, String link, ToIntFunction<String> length, int limit) {
		if (length.applyAsInt(text) <= limit) {
			return text;
		}
		List<int[]> kept = protectedSpans(text, link);
		String between = longestFitting(text, link, length, limit, wordBoundaries(text, kept));
		if (between != null) {
			return between;
		}
		String inside = longestFitting(text, link, length, limit, graphemeBoundaries(text, kept));
		return (inside != null) ? inside : text;
	}

	/**
	 * Binary search over the cut positions, shortest first: a longer cut never gives a
	 * shorter text, except where the cut passes the link, which is then not repeated at
	 * the end; a search that misses that one cut only shortens a little more.
	 */
	private static String longestFitting(String text, String link, ToIntFunction<String> length, int limit,
			List<Integer> cuts) {
		String best = null;
		int low = 0;
		int high = cuts.size() - 1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			String candidate = cutAt(text, link, cuts.get(middle));
			if (candidate != null && length.applyAsInt(candidate) <= limit) {
				best = candidate;
				low = middle + 1;
			}
			else if (candidate == null) {
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		return best;
	}

	private static String cutAt(String text, String link, int cut) {
		String prefix = TRAILING.matcher(text.substring(0, cut)).replaceFirst("");
		if (prefix.isEmpty()) {
			return null;
		}
		String shortened = prefix + ELLIPSIS;
		if (link != null && !prefix.contains(link)) {
			shortened = shortened + "\n\n" + link;
		}
		return shortened;
	}

	/** Positions of whitespace that lies outside every protected span. */
	private static List<Integer> wordBoundaries(String text, List<int[]> kept) {
		List<Integer> cuts = new ArrayList<>();
		for (int i = 1; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))
					&& outside(i, kept)) {
				cuts.add(i);
			}
		}
		return cuts;
	}

	/** Ends of graphemes that lie outside every protected span. */
	private static List<Integer> graphemeBoundaries(String text, List<int[]> kept) {
		List<Integer> cuts = new ArrayList<>();
		Matcher grapheme = GRAPHEME.matcher(text);
		while (grapheme.find()) {
			int end = grapheme.end();
			if (end < text.length() && outside(end, kept)) {
				cuts.add(end);
			}
		}
		return cuts;
	}

	/**
	 * A cut at {@code position} splits a span that starts before it and ends after it.
	 */
	private static boolean outside(int position, List<int[]> kept) {
		for (int[] span : kept) {
			if (span[0] < position && position < span[1]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * URLs (with and without a scheme), hashtags, mentions and cashtags as X finds them,
	 * and every occurrence of the link, as {@code [start, end)} in UTF-16 indices.
	 */
	private static List<int[]> protectedSpans(String text, String link) {
		List<int[]> spans = new ArrayList<>();
		for (Extractor.Entity entity : new Extractor().extractEntitiesWithIndices(text)) {
			spans.add(new int[] { entity.getStart(), entity.getEnd() });
		}
		if (link != null && !link.isEmpty()) {
			for (int at = text.indexOf(link); at >= 0; at = text.indexOf(link, at + 1)) {
				spans.add(new int[] { at, at + link.length() });
			}
		}
		return spans;
	}

}
