package org.hubben.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person checks before a post goes out (seed 004: what is published is fact-based
 * and true, spoken in the organisation's own name, and a targeted message is one also
 * said openly): each source the post names, each figure, date and quote found in its text
 * (to verify against a source), and the two rules that always hold. Derived from the post
 * alone, so the compose page, the API and the approval step show the same list.
 * Immutable; thread-safe.
 *
 * @param items the items, in the order they are shown
 */
public record FactChecklist(List<Item> items) {

	/**
	 * Figures: a number with a unit, a percentage or an amount, or one of four or more
	 * digits.
	 */
	private static final Pattern FIGURE = Pattern.compile("(?<![\\p{L}\\p{N}-])(?:\\d{1,3}(?:[ \\u00a0.,]\\d{3})+"
			+ "|\\d+(?:[.,]\\d+)?\\s?(?:%|‰|procent|percent|kr|kronor|SEK|EUR|€|USD|\\$|miljon(?:er)?|miljard(?:er)?"
			+ "|million|billion|tusen|thousand)|\\d{4,})(?![\\p{L}\\p{N}-])", Pattern.CASE_INSENSITIVE);

	/** Dates: ISO dates, "22 mars 2018", "March 22" and the like, and years. */
	private static final Pattern DATE = Pattern.compile("(?<![\\p{L}\\p{N}-])(?:\\d{4}-\\d{2}-\\d{2}"
			+ "|\\d{1,2}\\.?\\s(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
			+ "|january|february|march|may|june|july|august|october)(?:\\s\\d{4})?"
			+ "|(?:january|february|march|april|may|june|july|august|september|october|november|december)\\s\\d{1,2}"
			+ "(?:,?\\s\\d{4})?|(?:19|20)\\d{2})(?![\\p{L}\\p{N}-])", Pattern.CASE_INSENSITIVE);

	/** Quotes: at least three words between quotation marks. */
	private static final Pattern QUOTE = Pattern
		.compile("[\"“”«»„]([^\"“”«»„\\n]*?\\S+\\s+\\S+\\s+\\S+[^\"“”«»„\\n]*?)[\"“”«»]");

	private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");

	public FactChecklist {
		items = List.copyOf(items);
	}

	/**
	 * Derives the checklist of a post.
	 * @param text the post's plain text
	 * @param sources the links its facts rest on
	 * @param organisationName who speaks in it
	 * @return the checklist: each source, each figure, date and quote, then the rules
	 * that always hold
	 */
	public static FactChecklist of(String text, List<String> sources, String organisationName) {
		List<Item> items = new ArrayList<>();
		for (String source : sources) {
			items.add(new Item(Kind.SOURCE, "The source " + source + " says what the post says it does"));
		}
		// Numbers inside links are addresses, not facts.
		String body = (text != null) ? LINK.matcher(text).replaceAll(" ") : "";
		Set<String> dates = found(DATE, body, 0);
		// A year inside a date is part of the date, not a figure of its own.
		String withoutDates = DATE.matcher(body).replaceAll(" ");
		for (String figure : found(FIGURE, withoutDates, 0)) {
			items.add(new Item(Kind.FIGURE, "The figure “" + figure + "” is right" + against(sources)));
		}
		for (String date : dates) {
			items.add(new Item(Kind.DATE, "The date “" + date + "” is right" + against(sources)));
		}
		for (String quote : found(QUOTE, body, 1)) {
			items.add(new Item(Kind.QUOTE, "The quote “" + quote + "” is word for word" + against(sources)));
		}
		items.add(new Item(Kind.OWN_NAME, "It speaks in " + organisationName + "'s own name and is clear that "
				+ organisationName + " is the sender"));
		items.add(new Item(Kind.OPEN_FIRST,
				"No targeted (dark) version goes out without the same message published openly"));
		return new FactChecklist(items);
	}

	private static String against(List<String> sources) {
		return sources.isEmpty() ? ": check it against a source, and add the source to the post"
				: ": check it against the sources";
	}

	private static Set<String> found(Pattern pattern, String text, int group) {
		Set<String> found = new LinkedHashSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(group).strip());
		}
		return found;
	}

	/**
	 * @return whether the post states something to verify against a source: it names
	 * sources, or its text has figures, dates or quotes. Such a post is scheduled only
	 * once a person confirmed the checklist.
	 */
	public boolean needsChecking() {
		return this.items.stream().anyMatch((item) -> item.kind().factual());
	}

	/**
	 * One thing to check.
	 *
	 * @param kind what sort of thing
	 * @param text what to check, in words for the person
	 */
	public record Item(Kind kind, String text) {

	}

	/** What sort of thing an {@link Item} asks to check. */
	public enum Kind {

		/** A source the post names. */
		SOURCE(true),
		/** A figure in the text. */
		FIGURE(true),
		/** A date in the text. */
		DATE(true),
		/** A quote in the text. */
		QUOTE(true),
		/** The organisation speaks in its own name. */
		OWN_NAME(false),
		/** No targeting without the open post. */
		OPEN_FIRST(false);

		private final boolean factual;

		Kind(boolean factual) {
			this.factual = factual;
		}

		/** Whether it is a fact to verify against a source. */
		public boolean factual() {
			return this.factual;
		}

	}

}
