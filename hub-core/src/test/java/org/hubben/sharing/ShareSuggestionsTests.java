package org.hubben.sharing;

import java.net.URI;
import java.util.List;

import com.twitter.twittertext.TwitterTextParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShareSuggestionsTests {

	private static final URI LINK = URI.create(
			"https://hubben.example.org/p/val-2026-1a2b3c4d?utm_source=supporter&utm_medium=social&utm_campaign=val-2026-1a2b3c4d");

	@Test
	void offersXFacebookAndAnywhereElseWithEachPlatformsOwnDialog() {
		List<Suggestion> suggestions = ShareSuggestions.of("Val 2026", "Rösta på söndag & ta med en vän!", LINK);
		assertThat(suggestions).extracting(Suggestion::target).containsExactly("x", "facebook", "other");
		assertThat(suggestions.get(0).dialog()).hasToString("https://x.com/intent/post?text="
				+ "R%C3%B6sta%20p%C3%A5%20s%C3%B6ndag%20%26%20ta%20med%20en%20v%C3%A4n%21&url="
				+ "https%3A%2F%2Fhubben.example.org%2Fp%2Fval-2026-1a2b3c4d%3Futm_source%3Dsupporter%26utm_medium"
				+ "%3Dsocial%26utm_campaign%3Dval-2026-1a2b3c4d");
		assertThat(suggestions.get(1).dialog()).hasToString("https://www.facebook.com/sharer/sharer.php?u="
				+ "https%3A%2F%2Fhubben.example.org%2Fp%2Fval-2026-1a2b3c4d%3Futm_source%3Dsupporter%26utm_medium"
				+ "%3Dsocial%26utm_campaign%3Dval-2026-1a2b3c4d");
		assertThat(suggestions.get(2).dialog()).isNull();
		assertThat(suggestions).allSatisfy((suggestion) -> assertThat(suggestion.text()).endsWith(LINK.toString()));
		assertThat(suggestions.get(2).text()).startsWith("Val 2026\n\nRösta på söndag");
	}

	@Test
	void shortensTheTextForXAtAWordSoThatItFitsBesideTheLink() {
		String text = "Ord ".repeat(100).strip();
		Suggestion x = ShareSuggestions.of("Lång", text, LINK).get(0);
		assertThat(TwitterTextParser.parseTweet(x.text()).weightedLength).isLessThanOrEqualTo(280);
		assertThat(x.text()).contains("Ord…\n\n" + LINK);
		Suggestion facebook = ShareSuggestions.of("Lång", text, LINK).get(1);
		assertThat(facebook.text()).startsWith(text);
	}

	@Test
	void leavesATextThatFitsAsItIs() {
		assertThat(ShareSuggestions.fitForX("Kort text", LINK.toString())).isEqualTo("Kort text");
	}

}
