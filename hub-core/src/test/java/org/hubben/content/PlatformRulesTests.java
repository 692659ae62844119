package org.hubben.content;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.twitter.twittertext.Extractor;
import org.hubben.connector.Capabilities;
import org.hubben.connector.Capabilities.LinkPlacement;
import org.hubben.connector.Capabilities.TagRules;
import org.hubben.connector.Capabilities.TextMeasure;
import org.hubben.connector.MediaRules;
import org.hubben.connector.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of each platform applied to one text: X's weighted length, shortening on a
 * word boundary with the link kept, YouTube's title and forbidden characters, tags from
 * hashtags, and edited variants left as written. The capabilities are those the
 * connectors declare.
 */
class PlatformRulesTests {

	private static final MediaRules ANY_MEDIA = new MediaRules(MediaRules.Required.NOTHING, Set.of("image/jpeg"), 1, 4,
			Set.of("video/mp4"), 1, 1, false);

	static final Capabilities X = new Capabilities(280, TextMeasure.X_WEIGHTED, LinkPlacement.IN_TEXT, 0, "",
			TagRules.HASHTAGS_IN_TEXT, ANY_MEDIA);

	static final Capabilities FACEBOOK = new Capabilities(63206, TextMeasure.CODE_POINTS, LinkPlacement.SEPARATE_FIELD,
			0, "", TagRules.HASHTAGS_IN_TEXT, ANY_MEDIA);

	static final Capabilities YOUTUBE = new Capabilities(5000, TextMeasure.UTF8_BYTES, LinkPlacement.IN_TEXT, 100, "<>",
			new TagRules(0, 500), ANY_MEDIA);

	static final Capabilities FLICKR = new Capabilities(10_000, TextMeasure.CODE_POINTS, LinkPlacement.IN_TEXT, 255, "",
			new TagRules(75, 0), ANY_MEDIA);

	private static final URI HOME = URI.create("https://example.org/skolval");

	private static final URI LINK = URI
		.create("https://example.org/skolval?utm_source=x&utm_medium=social&utm_campaign=skolval-1a2b3c4d");

	/** Tricky texts and their weighted length on X, as twitter-text v3 counts them. */
	@ParameterizedTest(name = "[{index}] {0} weighs {1}")
	@CsvSource(delimiter = '|', textBlock = """
			Hej                                                             | 3
			å ä ö Å Ä Ö                                                     | 11
			Skolorna öppnar på måndag                                       | 25
			日本語                                                           | 6
			你好，世界                                                        | 10
			한국어                                                           | 6
			👍                                                              | 2
			👍🏽                                                             | 2
			👩🏽‍💻                                                           | 2
			👨‍👩‍👧‍👦                                                         | 2
			🇸🇪                                                             | 2
			❤️ Malmö                                                        | 8
			https://example.org                                             | 23
			https://example.org/a/very/long/path/that/goes/on/and/on/and/on | 23
			example.org                                                     | 23
			Läs mer på example.org/skolval                                  | 34
			Läs mer på http://example.org/skolval och www.example.se        | 62
			#Skolval #Malmö                                                 | 15
			""")
	void weighsTrickyTextsAsXDoes(String text, int weightedLength) {
		assertThat(org.hubben.content.TextMeasure.lengthOf(text, TextMeasure.X_WEIGHTED)).isEqualTo(weightedLength);
	}

	@Test
	void weighsTextsAtAndOnePastTheLimit() {
		assertThat(xLength("a".repeat(280))).isEqualTo(280);
		assertThat(xLength("a".repeat(281))).isEqualTo(281);
		assertThat(xLength("日".repeat(140))).isEqualTo(280);
		assertThat(xLength("日".repeat(140) + "a")).isEqualTo(281);
		assertThat(xLength("ö".repeat(257) + " " + "https://example.org/" + "x".repeat(200))).isEqualTo(281);
	}

	@Test
	void keepsADerivedTextThatIsExactlyAtTheLimit() {
		String body = words(280 - 2 - 23);
		Variant x = derive(X, body);
		assertThat(x.length()).isEqualTo(280);
		assertThat(x.text()).isEqualTo(body + "\n\n" + LINK);
		assertThat(x.shortened()).isFalse();
		assertThat(x.problems()).isEmpty();
	}

	@Test
	void shortensADerivedTextOnePastTheLimitOnAWordBoundaryWithTheLinkKept() {
		String body = words(280 - 2 - 23 + 1);
		Variant x = derive(X, body);
		assertThat(x.shortened()).isTrue();
		assertThat(x.problems()).isEmpty();
		assertThat(x.length()).isLessThanOrEqualTo(280).isEqualTo(xLength(x.text()));
		assertThat(x.text()).endsWith("…\n\n" + LINK);
		String kept = x.text().substring(0, x.text().indexOf('…'));
		assertThat(body).startsWith(kept);
		assertThat(body.charAt(kept.length())).as("the cut falls between words").isEqualTo(' ');
		assertThat(kept).doesNotEndWith(" ");
	}

	@Test
	void shortensALongTextToTheLongestFitOnAWordBoundary() {
		String body = "Från måndag öppnar alla skolor igen, och här är vad som ändras för elever och föräldrar. "
			.repeat(12);
		Variant x = derive(X, body.strip());
		assertThat(x.length()).isLessThanOrEqualTo(280);
		String kept = x.text().substring(0, x.text().indexOf('…'));
		int nextWord = body.indexOf(' ', kept.length() + 1);
		String oneWordMore = body.substring(0, nextWord) + "…\n\n" + LINK;
		assertThat(xLength(oneWordMore)).as("one word more would not fit").isGreaterThan(280);
	}

	@Test
	void keepsTheLinkWhereTheAuthorWroteItWhenTheCutFallsAfterIt() {
		String body = "Läs om skolvalet på " + HOME + " innan du väljer. " + words(400);
		Variant x = derive(X, body);
		assertThat(x.length()).isLessThanOrEqualTo(280);
		assertThat(x.text()).startsWith("Läs om skolvalet på " + LINK + " innan du väljer.").endsWith("…");
		assertThat(x.text().indexOf(LINK.toString())).isEqualTo(x.text().lastIndexOf(LINK.toString()));
	}

	@Test
	void putsTheLinkBackAtTheEndWhenTheCutFallsBeforeIt() {
		String body = words(400) + " Läs mer på " + HOME;
		Variant x = derive(X, body);
		assertThat(x.length()).isLessThanOrEqualTo(280);
		assertThat(x.text()).endsWith("…\n\n" + LINK);
	}

	@Test
	void neverCutsInsideAnEmojiSequenceOrAHashtagInATextWithoutSpaces() {
		String family = "👩🏽‍💻";
		String body = family.repeat(300);
		Variant x = derive(X, body);
		assertThat(x.length()).isLessThanOrEqualTo(280);
		String kept = x.text().substring(0, x.text().indexOf('…'));
		assertThat(kept).matches("(" + Pattern.quote(family) + ")+");
		String cjk = "日本語の文章".repeat(20) + "＃東京オリンピック" + "日本語の文章".repeat(30);
		assertCutOutsideEveryEntity(cjk, derive(X, cjk).text());
	}

	@Test
	void neverCutsInsideAUrlOrAMention() {
		String text = "Se https://example.org/" + "lång-adress-".repeat(30) + " och @hubben_demo " + "ord ".repeat(100);
		for (int limit = 30; limit < 200; limit += 7) {
			Capabilities small = new Capabilities(limit, TextMeasure.CODE_POINTS, LinkPlacement.SEPARATE_FIELD, 0, "",
					TagRules.HASHTAGS_IN_TEXT, ANY_MEDIA);
			String fitted = derive(small, text).text();
			assertCutOutsideEveryEntity(text, fitted);
		}
	}

	@Test
	void derivesTheYouTubeTitleFromThePostTitleOnAWordBoundary() {
		String title = "Skolorna öppnar igen på måndag och det här är allt som föräldrar och elever behöver veta om "
				+ "skolstarten i Malmö";
		Variant youtube = PlatformRules.derive(source(Platform.YOUTUBE, YOUTUBE, title, "Text", null, null));
		assertThat(youtube.title()).endsWith("…").hasSizeLessThanOrEqualTo(100);
		assertThat(youtube.titleLength()).isLessThanOrEqualTo(100);
		assertThat(youtube.titleLimit()).isEqualTo(100);
		String kept = youtube.title().substring(0, youtube.title().length() - 1);
		assertThat(title).startsWith(kept);
		assertThat(title.charAt(kept.length())).isEqualTo(' ');
		assertThat(youtube.problems()).isEmpty();
		Variant shortTitle = PlatformRules.derive(source(Platform.YOUTUBE, YOUTUBE, "Skolstart", "Text", null, null));
		assertThat(shortTitle.title()).isEqualTo("Skolstart");
	}

	@Test
	void replacesAngleBracketsInDerivedYouTubeTextAndTitle() {
		Variant youtube = PlatformRules
			.derive(source(Platform.YOUTUBE, YOUTUBE, "<Skolval> 2026", "Betyg > 3 och <b>fet</b>", null, null));
		assertThat(youtube.title()).isEqualTo("‹Skolval› 2026");
		assertThat(youtube.text()).startsWith("Betyg › 3 och ‹b›fet‹/b›").doesNotContain("<", ">");
		assertThat(youtube.problems()).isEmpty();
		Variant x = derive(X, "Betyg > 3");
		assertThat(x.text()).startsWith("Betyg > 3");
	}

	@Test
	void countsTheYouTubeDescriptionInUtf8Bytes() {
		String body = "å".repeat(2600);
		Variant edited = PlatformRules.derive(source(Platform.YOUTUBE, YOUTUBE, "T", "x", body, null));
		assertThat(edited.length()).isEqualTo(5200 + 2 + LINK.toString().length());
		assertThat(edited.problems()).singleElement()
			.asString()
			.startsWith("YouTube allows 5000 bytes of UTF-8")
			.endsWith("(" + (edited.length() - 5000) + " too many)");
		Variant derived = PlatformRules.derive(source(Platform.YOUTUBE, YOUTUBE, "T", body, null, null));
		assertThat(derived.length()).isLessThanOrEqualTo(5000);
		assertThat(derived.problems()).isEmpty();
	}

	@Test
	void leavesAnEditedVariantExactlyAsWrittenAndReportsItsProblems() {
		String written = "Betyg <b>viktiga</b> " + "ord ".repeat(100);
		Variant x = PlatformRules.derive(source(Platform.X, X, "T", "Kort", written, null));
		assertThat(x.edited()).isTrue();
		assertThat(x.shortened()).isFalse();
		assertThat(x.text()).isEqualTo(written.strip() + "\n\n" + LINK);
		assertThat(x.problems()).singleElement().asString().startsWith("X allows 280 characters");
		Variant youtube = PlatformRules
			.derive(source(Platform.YOUTUBE, YOUTUBE, "T", "Kort", "Betyg > 3", "A <title> of ours"));
		assertThat(youtube.text()).startsWith("Betyg > 3");
		assertThat(youtube.title()).isEqualTo("A <title> of ours");
		assertThat(youtube.problems()).containsExactly(
				"YouTube does not allow > in the text; write ‹ and › instead, or leave them out",
				"YouTube does not allow < or > in the title; write ‹ and › instead, or leave them out");
		String longTitle = "Ord ".repeat(40).strip();
		Variant titled = PlatformRules.derive(source(Platform.YOUTUBE, YOUTUBE, "T", "Kort", null, longTitle));
		assertThat(titled.title()).isEqualTo(longTitle);
		assertThat(titled.problems())
			.containsExactly("YouTube allows titles of 100 characters; this one has 159 (59 too many)");
	}

	@Test
	void takesFlickrTagsFromTheHashtagsAsManyAsFlickrTakes() {
		String hashtags = IntStream.rangeClosed(1, 80).mapToObj((i) -> "#tagg" + i).collect(Collectors.joining(" "));
		Variant flickr = PlatformRules
			.derive(source(Platform.FLICKR, FLICKR, "T", "Bilder från #Malmö " + hashtags, null, null));
		assertThat(flickr.tags()).hasSize(75).startsWith("Malmö", "tagg1").endsWith("tagg74");
		assertThat(flickr.problems()).isEmpty();
		Variant edited = PlatformRules.derive(source(Platform.FLICKR, FLICKR, "T", "x", hashtags, null));
		assertThat(edited.problems()).containsExactly("Flickr takes at most 75 tags; this text has 80 hashtags");
		Variant youtube = PlatformRules.derive(source(Platform.YOUTUBE, YOUTUBE, "T", hashtags, null, null));
		assertThat(PlatformRules.tagsLength(youtube.tags())).isLessThanOrEqualTo(500);
		assertThat(youtube.tags()).hasSizeLessThan(80);
		Variant x = derive(X, "#Skolval i #Malmö");
		assertThat(x.tags()).containsExactly("Skolval", "Malmö");
	}

	@Test
	void keepsFacebooksLinkOutsideTheText() {
		Variant facebook = PlatformRules.derive(source(Platform.FACEBOOK, FACEBOOK, "T", "Hej", null, null));
		assertThat(facebook.text()).isEqualTo("Hej");
		assertThat(facebook.length()).isEqualTo(3);
		assertThat(facebook.limit()).isEqualTo(63206);
		assertThat(facebook.title()).isNull();
	}

	@Test
	void saysWhatIsMissingFromAnUnfinishedDraft() {
		Variant x = PlatformRules.derive(source(Platform.X, X, "", "", null, null));
		assertThat(x.problems()).containsExactly("X needs a text");
		Variant youtube = PlatformRules.derive(source(Platform.YOUTUBE, YOUTUBE, "", "", null, null));
		assertThat(youtube.problems()).contains("YouTube needs a text", "YouTube needs a title");
	}

	private static void assertCutOutsideEveryEntity(String original, String fitted) {
		int cut = fitted.indexOf('…');
		if (cut < 0) {
			assertThat(fitted).isEqualTo(original);
			return;
		}
		assertThat(original).startsWith(fitted.substring(0, cut));
		for (Extractor.Entity entity : new Extractor().extractEntitiesWithIndices(original)) {
			assertThat(cut <= entity.getStart() || cut >= entity.getEnd())
				.as("the cut at %d splits %s", cut, entity.getValue())
				.isTrue();
		}
	}

	@Test
	void carriesTheSenderLineOnFacebookYouTubeAndFlickrKeepingRoomForIt() {
		String sender = "Avsändare: Liberalerna <kansliet>";
		Variant youtube = PlatformRules.derive(new PlatformRules.Source(Platform.YOUTUBE, YOUTUBE, "Titel", words(6000),
				null, null, HOME, LINK, List.of(), sender));
		assertThat(youtube.text()).endsWith("\n\nAvsändare: Liberalerna ‹kansliet›");
		assertThat(youtube.length()).isLessThanOrEqualTo(5000);
		assertThat(youtube.text()).contains(LINK.toString());
		assertThat(youtube.senderLine()).isEqualTo("Avsändare: Liberalerna ‹kansliet›");
		Variant edited = PlatformRules.derive(new PlatformRules.Source(Platform.FACEBOOK, FACEBOOK, "Titel", "Text",
				"Skrivet för Facebook", null, HOME, LINK, List.of(), "Avsändare: Liberalerna"));
		assertThat(edited.text()).isEqualTo("Skrivet för Facebook\n\nAvsändare: Liberalerna");
	}

	@Test
	void leavesTheSenderLineOutOnXWhenItDoesNotFitAndSaysSo() {
		Variant fits = PlatformRules.derive(new PlatformRules.Source(Platform.X, X, "Titel", "Kort text", null, null,
				HOME, LINK, List.of(), "Avsändare: Liberalerna"));
		assertThat(fits.text()).endsWith("\n\nAvsändare: Liberalerna");
		assertThat(fits.senderLineLeftOut()).isFalse();
		Variant full = PlatformRules.derive(new PlatformRules.Source(Platform.X, X, "Titel", words(400), null, null,
				HOME, LINK, List.of(), "Avsändare: Liberalerna"));
		assertThat(full.text()).doesNotContain("Avsändare");
		assertThat(full.senderLineLeftOut()).isTrue();
		assertThat(full.senderLine()).isNull();
		assertThat(xLength(full.text())).isLessThanOrEqualTo(280);
	}

	private static Variant derive(Capabilities capabilities, String text) {
		return PlatformRules.derive(source(Platform.X, capabilities, "Titel", text, null, null));
	}

	private static PlatformRules.Source source(Platform platform, Capabilities capabilities, String title, String text,
			String editedText, String editedTitle) {
		return new PlatformRules.Source(platform, capabilities, title, text, editedText, editedTitle, HOME, LINK,
				List.of());
	}

	private static int xLength(String text) {
		return org.hubben.content.TextMeasure.lengthOf(text, TextMeasure.X_WEIGHTED);
	}

	/** Swedish words, space-separated, exactly {@code length} characters long. */
	private static String words(int length) {
		StringBuilder text = new StringBuilder();
		String[] words = { "skolan", "öppnar", "på", "måndag", "för", "alla", "elever", "och", "lärare" };
		for (int i = 0; text.length() < length; i++) {
			if (!text.isEmpty()) {
				text.append(' ');
			}
			text.append(words[i % words.length]);
		}
		text.setLength(length);
		if (text.charAt(length - 1) == ' ') {
			text.setCharAt(length - 1, 'a');
		}
		return text.toString();
	}

}
