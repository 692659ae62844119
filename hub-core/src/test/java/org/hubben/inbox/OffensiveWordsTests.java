package org.hubben.inbox;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffensiveWordsTests {

	private final OffensiveWords words = OffensiveWords.of(Map.of(WordLanguage.SV,
			"# a comment line\nidiot\nskit*\nhåll käften\n  dum  \n\nidiot\n", WordLanguage.EN, "liar\nfool\nshut up"));

	@Test
	void matchesWholeWordsWhateverTheirCase() {
		assertThat(this.words.matches("Vilken IDIOT!")).containsExactly("idiot");
		assertThat(this.words.matches("You are a Liar.")).containsExactly("liar");
		assertThat(this.words.matches("Ett bra förslag")).isEmpty();
	}

	@Test
	void doesNotMatchInsideOtherWords() {
		assertThat(this.words.matches("En sann patriot")).isEmpty();
		assertThat(this.words.matches("Helt idiotsäkert")).isEmpty();
		assertThat(this.words.matches("Dumplings, a foolproof plan")).isEmpty();
	}

	@Test
	void matchesTheCommonInflectionsOfTheEntrysLanguage() {
		assertThat(this.words.matches("Idioten har fel")).containsExactly("idiot");
		assertThat(this.words.matches("Ni är idioter allihop")).containsExactly("idiot");
		assertThat(this.words.matches("idioterna igen")).containsExactly("idiot");
		assertThat(this.words.matches("Liars, all of them")).containsExactly("liar");
		assertThat(this.words.matches("fools")).containsExactly("fool");
		assertThat(this.words.matches("dumt sagt")).containsExactly("dum");
	}

	@Test
	void anEntryEndingInAStarMatchesEveryWordThatStartsSo() {
		assertThat(this.words.matches("Rent skitsnack")).containsExactly("skit*");
		assertThat(this.words.matches("Skit!")).containsExactly("skit*");
		assertThat(this.words.matches("Oskyldig")).isEmpty();
	}

	@Test
	void matchesEntriesOfSeveralWordsInARow() {
		assertThat(this.words.matches("Håll  käften nu")).containsExactly("håll käften");
		assertThat(this.words.matches("Käften, håll den")).isEmpty();
		assertThat(this.words.matches("Just SHUT UP.")).containsExactly("shut up");
	}

	@Test
	void readsAnyScriptAndComposedOrDecomposedLetters() {
		OffensiveWords unicode = OffensiveWords.of(Map.of(WordLanguage.SV, "fåne\nдурак"));
		assertThat(unicode.matches("Din FÅNE")).containsExactly("fåne");
		assertThat(unicode.matches("Din fa\u030Ane")).containsExactly("fåne");
		assertThat(unicode.matches("Ты ДУРАК")).containsExactly("дурак");
	}

	@Test
	void reportsEveryEntryMatchedOnceInListOrder() {
		assertThat(this.words.matches("Liar! Idiot, idiot, idiot.")).containsExactly("idiot", "liar");
	}

	@Test
	void listsDropBlankLinesCommentsAndRepeats() {
		assertThat(OffensiveWords.entries("# heading\n idiot \n\nidiot\nfåne\r\nskit*")).containsExactly("idiot",
				"fåne", "skit*");
	}

	@Test
	void theDefaultListsFlagCommonInsultsInBothLanguagesAndLeavePoliteTextAlone() {
		OffensiveWords defaults = OffensiveWords.of(Map.of(WordLanguage.SV, WordLanguage.SV.defaultWords(),
				WordLanguage.EN, WordLanguage.EN.defaultWords()));
		assertThat(OffensiveWords.entries(WordLanguage.SV.defaultWords())).hasSizeGreaterThan(30);
		assertThat(OffensiveWords.entries(WordLanguage.EN.defaultWords())).hasSizeGreaterThan(30);
		assertThat(defaults.matches("Ni är ett gäng lögnare och pucko-politiker")).contains("lögnare", "pucko");
		assertThat(defaults.matches("What a bunch of morons")).contains("moron");
		assertThat(defaults.matches("Tack för ett bra möte i går, vi ses på lördag!")).isEmpty();
		assertThat(defaults.matches("Thanks for the clear answer about the schools.")).isEmpty();
	}

}
