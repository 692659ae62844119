package org.hubben.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A word-level difference between two texts, as HTML: words only in the new text in
 * {@code <ins>}, words only in the old one in {@code <del>}, everything escaped. Pure
 * computation; thread-safe.
 */
final class WordDiff {

	/**
	 * Beyond this many word pairs the texts are shown as replaced whole, not compared.
	 */
	private static final long MAX_CELLS = 4_000_000;

	private static final Pattern BOUNDARY = Pattern.compile("(?<=\\s)(?=\\S)|(?<=\\S)(?=\\s)");

	private WordDiff() {
	}

	/**
	 * @param before the old text, {@code null} for none
	 * @param after the new text, {@code null} for none
	 * @return the new text as HTML with the changes marked
	 */
	static String html(String before, String after) {
		List<String> a = tokens(before);
		List<String> b = tokens(after);
		StringBuilder html = new StringBuilder();
		if ((long) a.size() * b.size() > MAX_CELLS) {
			mark(html, "del", String.join("", a));
			mark(html, "ins", String.join("", b));
			return html.toString();
		}
		int[][] common = new int[a.size() + 1][b.size() + 1];
		for (int i = a.size() - 1; i >= 0; i--) {
			for (int j = b.size() - 1; j >= 0; j--) {
				common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
						: Math.max(common[i + 1][j], common[i][j + 1]);
			}
		}
		StringBuilder deleted = new StringBuilder();
		StringBuilder inserted = new StringBuilder();
		int i = 0;
		int j = 0;
		while (i < a.size() || j < b.size()) {
			if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
				flush(html, deleted, inserted);
				html.append(escape(a.get(i)));
				i++;
				j++;
			}
			else if (j < b.size() && (i == a.size() || common[i][j + 1] >= common[i + 1][j])) {
				inserted.append(b.get(j++));
			}
			else {
				deleted.append(a.get(i++));
			}
		}
		flush(html, deleted, inserted);
		return html.toString();
	}

	private static void flush(StringBuilder html, StringBuilder deleted, StringBuilder inserted) {
		mark(html, "del", deleted.toString());
		mark(html, "ins", inserted.toString());
		deleted.setLength(0);
		inserted.setLength(0);
	}

	private static void mark(StringBuilder html, String tag, String text) {
		if (!text.isEmpty()) {
			html.append('<').append(tag).append('>').append(escape(text)).append("</").append(tag).append('>');
		}
	}

	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static List<String> tokens(String text) {
		if (text == null || text.isEmpty()) {
			return List.of();
		}
		return new ArrayList<>(List.of(BOUNDARY.split(text)));
	}

}
