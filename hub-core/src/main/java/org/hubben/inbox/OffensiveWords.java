package org.hubben.inbox;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags comments that contain an entry of the organisation's word lists. An entry matches
 * whole words only, whatever their case, in any script: {@code idiot} matches "Idiot!",
 * "idioten" and "idiots" (the endings of its language, see {@link WordLanguage}) but not
 * "idiotsäker" or "patriot"; an entry ending in {@code *} matches every word that starts
 * so ({@code skit*}: "skitsnack"); an entry of several words matches them in a row
 * ({@code håll käften}), the last one inflected. Lines that are empty or start with
 * {@code #} are not entries. Immutable and thread-safe.
 */
public final class OffensiveWords {

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:['’][\\p{L}\\p{M}\\p{N}]+)*");

	private final List<Entry> entries;

	private OffensiveWords(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	/**
	 * @param lists each language's list, one entry a line
	 * @return the words of every list; a comment is flagged by any of them, whatever
	 * language it is written in
	 */
	public static OffensiveWords of(Map<WordLanguage, String> lists) {
		List<Entry> entries = new ArrayList<>();
		for (WordLanguage language : WordLanguage.values()) {
			String list = lists.get(language);
			if (list != null) {
				for (String line : entries(list)) {
					Entry entry = Entry.parse(line, language);
					if (entry != null) {
						entries.add(entry);
					}
				}
			}
		}
		return new OffensiveWords(entries);
	}

	/**
	 * @param list a list as a person wrote it
	 * @return its entries, trimmed, without empty lines, comments and repeats, in order
	 */
	public static List<String> entries(String list) {
		Set<String> entries = new LinkedHashSet<>();
		for (String line : list.split("\\R")) {
			String entry = line.strip();
			if (!entry.isEmpty() && !entry.startsWith("#")) {
				entries.add(entry);
			}
		}
		return List.copyOf(entries);
	}

	/**
	 * @param text a comment
	 * @return the entries it contains, as the list has them, in list order; empty when
	 * none
	 */
	public List<String> matches(String text) {
		List<String> words = words(text);
		Set<String> matched = new LinkedHashSet<>();
		for (Entry entry : this.entries) {
			if (entry.foundIn(words)) {
				matched.add(entry.source());
			}
		}
		return List.copyOf(matched);
	}

	static List<String> words(String text) {
		String normal = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		List<String> words = new ArrayList<>();
		Matcher matcher = WORD.matcher(normal);
		while (matcher.find()) {
			words.add(matcher.group().replace('’', '\''));
		}
		return words;
	}

	private record Entry(String source, List<String> words, boolean prefix, WordLanguage language) {

		static Entry parse(String line, WordLanguage language) {
			boolean prefix = line.endsWith("*");
			List<String> words = OffensiveWords.words(prefix ? line.substring(0, line.length() - 1) : line);
			return words.isEmpty() ? null : new Entry(line, words, prefix, language);
		}

		boolean foundIn(List<String> text) {
			int last = this.words.size() - 1;
			for (int start = 0; start + last < text.size(); start++) {
				if (text.subList(start, start + last).equals(this.words.subList(0, last))
						&& lastMatches(text.get(start + last))) {
					return true;
				}
			}
			return false;
		}

		private boolean lastMatches(String word) {
			String stem = this.words.get(this.words.size() - 1);
			if (!word.startsWith(stem)) {
				return false;
			}
			String ending = word.substring(stem.length());
			return ending.isEmpty() || this.prefix || this.language.inflects(ending);
		}

	}

}
