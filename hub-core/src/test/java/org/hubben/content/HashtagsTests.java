package org.hubben.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashtagsTests {

	@Test
	void takesEachHashtagWithoutItsHash() {
		assertThat(Hashtags.of("Vi pratar #Skolval i kväll. #val2026 #Skolval")).containsExactly("Skolval", "val2026");
	}

	@Test
	void readsLettersOfEveryScript() {
		assertThat(Hashtags.of("#Göteborg #Ålandsfrågan #日本語 #Zürich_2026")).containsExactly("Göteborg", "Ålandsfrågan",
				"日本語", "Zürich_2026");
	}

	@Test
	void countsTheSameTagInAnotherCaseOnce() {
		assertThat(Hashtags.of("#skolval #SKOLVAL #Skolval")).containsExactly("skolval");
	}

	@Test
	void ignoresNumbersLinksAndHashesInsideWords() {
		assertThat(Hashtags.of("We are #1 in C# and see https://example.org/#top or page#part &#39; ##")).isEmpty();
	}

	@Test
	void stopsAtPunctuation() {
		assertThat(Hashtags.of("(#Skolval), #Vård! #Omsorg.")).containsExactly("Skolval", "Vård", "Omsorg");
	}

	@Test
	void findsNothingInNothing() {
		assertThat(Hashtags.of("")).isEmpty();
		assertThat(Hashtags.of(null)).isEmpty();
	}

}
