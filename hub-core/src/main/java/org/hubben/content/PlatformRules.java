package org.hubben.content;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import org.hubben.connector.Capabilities;
import org.hubben.connector.Platform;
import org.hubben.media.MediaFile;

/**
 * Derives what one platform receives of a post from its {@link Capabilities}, and says
 * why the platform would refuse it. A derived text or title is made to fit: characters
 * the platform refuses are replaced ({@code <} by {@code ‹}, {@code >} by {@code ›}),
 * then it is shortened on a word boundary with the link kept (see {@link Shortener}); the
 * tags are the hashtags, as many as the platform takes. What a person wrote for a
 * platform stays exactly as they wrote it: its problems are reported, never rewritten.
 * Pure computation; thread-safe.
 */
final class PlatformRules {

	private PlatformRules() {
	}

	/**
	 * What is derived from.
	 *
	 * @param platform the platform
	 * @param capabilities what it accepts
	 * @param title the post's title
	 * @param text the post's plain text
	 * @param editedText the text a person wrote for this platform, or {@code null}
	 * @param editedTitle the title a person wrote for this platform, or {@code null}
	 * @param home the link back, untagged (as an author may have written it in the text)
	 * @param link the link back, tagged for this platform
	 * @param media the post's media, in the author's order
	 * @param senderLine the organisation's sender line, or {@code null} for none
	 */
	record Source(Platform platform, Capabilities capabilities, String title, String text, String editedText,
			String editedTitle, URI home, URI link, List<MediaFile> media, String senderLine) {

		Source(Platform platform, Capabilities capabilities, String title, String text, String editedText,
				String editedTitle, URI home, URI link, List<MediaFile> media) {
			this(platform, capabilities, title, text, editedText, editedTitle, home, link, media, null);
		}

		boolean edited() {
			return this.editedText != null || this.editedTitle != null;
		}

	}

	static Variant derive(Source source) {
		Capabilities capabilities = source.capabilities();
		String name = source.platform().displayName();
		ToIntFunction<String> measure = (value) -> TextMeasure.lengthOf(value, capabilities.textMeasure());
		boolean textEdited = source.editedText() != null;
		String base = textEdited ? source.editedText().strip() : replaceForbidden(source.text().strip(), capabilities);
		String text = switch (capabilities.linkPlacement()) {
			case IN_TEXT -> withLinkInText(base, source.home(), source.link());
			case SEPARATE_FIELD -> base;
		};
		boolean shortened = false;
		String sender = senderLineFor(source, base);
		boolean senderAlways = sender != null && source.platform() != Platform.X;
		String suffix = (sender != null) ? "\n\n" + sender : "";
		if (!textEdited && !base.isEmpty()) {
			String keptLink = (capabilities.linkPlacement() == Capabilities.LinkPlacement.IN_TEXT)
					? source.link().toString() : null;
			// Room is kept for the sender line where it always goes; on X it goes only
			// when it still fits after the text was made to fit.
			int room = capabilities.textLimit() - (senderAlways ? measure.applyAsInt(suffix) : 0);
			String fitted = Shortener.fit(text, keptLink, measure, room);
			shortened = !fitted.equals(text);
			text = fitted;
		}
		boolean senderLeftOut = false;
		if (sender != null && !base.isEmpty()) {
			if (senderAlways || measure.applyAsInt(text + suffix) <= capabilities.textLimit()) {
				text = text + suffix;
			}
			else {
				senderLeftOut = true;
				sender = null;
			}
		}
		else {
			sender = null;
		}
		String title = null;
		if (capabilities.titleLimit() > 0) {
			if (source.editedTitle() != null) {
				title = source.editedTitle().strip();
			}
			else {
				String whole = replaceForbidden(source.title().strip(), capabilities);
				title = Shortener.fit(whole, null, TextMeasure::codePoints, capabilities.titleLimit());
				shortened |= !title.equals(whole);
			}
		}
		int length = measure.applyAsInt(text);
		List<String> problems = new ArrayList<>();
		if (base.isEmpty()) {
			problems.add(name + " needs a text");
		}
		if (length > capabilities.textLimit()) {
			problems.add(tooLong(name, capabilities, length));
		}
		forbiddenIn(base, capabilities).ifPresent((found) -> problems
			.add(name + " does not allow " + found + " in the text; write ‹ and › instead, or leave them out"));
		int titleLength = (title != null) ? TextMeasure.codePoints(title) : 0;
		if (title != null) {
			if (title.isEmpty()) {
				problems.add(name + " needs a title");
			}
			if (titleLength > capabilities.titleLimit()) {
				problems.add(name + " allows titles of " + capabilities.titleLimit() + " characters; this one has "
						+ titleLength + " (" + (titleLength - capabilities.titleLimit()) + " too many)");
			}
			forbiddenIn(title, capabilities).ifPresent((found) -> problems
				.add(name + " does not allow " + found + " in the title; write ‹ and › instead, or leave them out"));
		}
		List<String> hashtags = Hashtags.of(base);
		List<String> tags = fittingTags(hashtags, capabilities.tags());
		if (textEdited && tags.size() < hashtags.size()) {
			problems.add(tagProblem(name, capabilities.tags(), hashtags));
		}
		MediaSelection.Selection selection = MediaSelection.select(source.platform(), capabilities.media(),
				source.media());
		problems.addAll(selection.problems());
		return new Variant(source.platform(), text, title, source.link(), length, capabilities.textLimit(),
				source.edited(), problems, tags, selection.taken().stream().map(MediaFile::id).toList(), titleLength,
				capabilities.titleLimit(), shortened, sender, senderLeftOut);
	}

	/**
	 * The sender line as this platform takes it (characters it refuses replaced); null
	 * when there is none or the text already carries it.
	 */
	private static String senderLineFor(Source source, String base) {
		if (source.senderLine() == null || source.senderLine().isBlank()) {
			return null;
		}
		String line = replaceForbidden(source.senderLine().strip(), source.capabilities());
		return base.contains(line) ? null : line;
	}

	private static String tooLong(String name, Capabilities capabilities, int length) {
		int over = length - capabilities.textLimit();
		String counted = switch (capabilities.textMeasure()) {
			case X_WEIGHTED -> " (a link counts 23, an emoji or a CJK character 2)";
			case UTF8_BYTES -> " of UTF-8 (å, ä and ö take 2 bytes, an emoji 4)";
			case CODE_POINTS -> "";
		};
		String unit = TextMeasure.unit(capabilities.textMeasure());
		return name + " allows " + capabilities.textLimit() + " " + unit + counted + "; this text has " + length + " ("
				+ over + " too many)";
	}

	private static String tagProblem(String name, Capabilities.TagRules rules, List<String> hashtags) {
		if (rules.maxCount() > 0 && hashtags.size() > rules.maxCount()) {
			return name + " takes at most " + rules.maxCount() + " tags; this text has " + hashtags.size()
					+ " hashtags";
		}
		return name + " takes tags of at most " + rules.maxTotalLength()
				+ " characters together; leave out some hashtags (" + tagsLength(hashtags) + " now)";
	}

	/** The hashtags in order, as many as the platform's tag rules let through. */
	static List<String> fittingTags(List<String> hashtags, Capabilities.TagRules rules) {
		List<String> tags = new ArrayList<>();
		for (String tag : hashtags) {
			List<String> more = new ArrayList<>(tags);
			more.add(tag);
			if ((rules.maxCount() > 0 && more.size() > rules.maxCount())
					|| (rules.maxTotalLength() > 0 && tagsLength(more) > rules.maxTotalLength())) {
				break;
			}
			tags = more;
		}
		return List.copyOf(tags);
	}

	/**
	 * Tags' length as YouTube counts it: joined with commas, a tag with a space in
	 * quotes.
	 */
	static int tagsLength(List<String> tags) {
		int length = Math.max(0, tags.size() - 1);
		for (String tag : tags) {
			length += TextMeasure.codePoints(tag) + (tag.contains(" ") ? 2 : 0);
		}
		return length;
	}

	/**
	 * The characters the platform refuses, replaced by look-alikes it takes ({@code <}
	 * and {@code >} by {@code ‹} and {@code ›}) or left out.
	 */
	static String replaceForbidden(String text, Capabilities capabilities) {
		if (capabilities.forbidden().isEmpty()) {
			return text;
		}
		StringBuilder replaced = new StringBuilder(text.length());
		text.codePoints().forEach((codePoint) -> {
			if (capabilities.forbidden().indexOf(codePoint) < 0) {
				replaced.appendCodePoint(codePoint);
			}
			else if (codePoint == '<') {
				replaced.append('‹');
			}
			else if (codePoint == '>') {
				replaced.append('›');
			}
		});
		return replaced.toString();
	}

	/**
	 * @return the forbidden characters found, as "< or >", or empty
	 */
	private static java.util.Optional<String> forbiddenIn(String text, Capabilities capabilities) {
		List<String> found = capabilities.forbidden()
			.codePoints()
			.filter((codePoint) -> text.indexOf(codePoint) >= 0)
			.mapToObj(Character::toString)
			.toList();
		return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join(" or ", found));
	}

	/**
	 * The link goes where the author wrote it; if they did not, at the end on a line of
	 * its own.
	 */
	static String withLinkInText(String text, URI untagged, URI tagged) {
		String raw = untagged.toString();
		if (text.contains(raw)) {
			return text.replace(raw, tagged.toString());
		}
		return text.isEmpty() ? tagged.toString() : text + "\n\n" + tagged;
	}

}
