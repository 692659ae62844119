package org.hubben.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A language of the word lists that flag offensive comments, with the endings its words
 * take, so that an entry also matches its common inflections.
 */
public enum WordLanguage {

	/** Swedish: nouns, adjectives and verbs in their usual forms. */
	SV("Swedish",
			List.of("en", "et", "n", "t", "er", "ar", "or", "na", "erna", "arna", "orna", "ens", "ets", "s", "a", "e",
					"are", "aste", "ast", "ade", "at", "isk", "iska", "iskt", "ig", "iga", "igt", "ing", "ingar")),

	/** English: plurals, past tenses, participles and adjectives. */
	EN("English", List.of("s", "es", "ed", "d", "ing", "er", "ers", "ish", "y", "ic", "ly", "est"));

	private final String displayName;

	private final List<String> endings;

	WordLanguage(String displayName, List<String> endings) {
		this.displayName = displayName;
		this.endings = endings;
	}

	/**
	 * @return {@code sv} or {@code en}
	 */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	public String displayName() {
		return this.displayName;
	}

	/**
	 * @return whether {@code ending} (what follows an entry in a word) makes the word an
	 * inflection of the entry
	 */
	boolean inflects(String ending) {
		return this.endings.contains(ending);
	}

	/**
	 * @return Hubben's default list for the language, one entry a line
	 */
	public String defaultWords() {
		try (InputStream in = WordLanguage.class.getResourceAsStream("words-" + code() + ".txt")) {
			if (in == null) {
				throw new IllegalStateException("No default word list for " + this.displayName);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param code {@code sv} or {@code en}, any case
	 * @return the language, or {@code null} for another code
	 */
	public static WordLanguage of(String code) {
		for (WordLanguage language : values()) {
			if (language.code().equalsIgnoreCase(code)) {
				return language;
			}
		}
		return null;
	}

}
