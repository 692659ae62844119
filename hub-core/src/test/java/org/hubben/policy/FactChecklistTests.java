package org.hubben.policy;

import java.util.List;

import org.hubben.policy.FactChecklist.Item;
import org.hubben.policy.FactChecklist.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FactChecklistTests {

	@Test
	void asksToCheckEachSourceFigureDateAndQuote() {
		FactChecklist checklist = FactChecklist.of(
				"Skolan får 250 miljoner kronor från 1 maj 2027. Ministern sa ”vi satsar på alla barn” i går; 42 % fler lärare.",
				List.of("https://example.org/budget"), "Liberalerna");
		assertThat(checklist.items()).extracting(Item::kind)
			.containsExactly(Kind.SOURCE, Kind.FIGURE, Kind.FIGURE, Kind.DATE, Kind.QUOTE, Kind.OWN_NAME,
					Kind.OPEN_FIRST);
		assertThat(checklist.items()).extracting(Item::text)
			.contains("The source https://example.org/budget says what the post says it does",
					"The figure “250 miljoner” is right: check it against the sources",
					"The figure “42 %” is right: check it against the sources",
					"The date “1 maj 2027” is right: check it against the sources",
					"The quote “vi satsar på alla barn” is word for word: check it against the sources",
					"It speaks in Liberalerna's own name and is clear that Liberalerna is the sender");
		assertThat(checklist.needsChecking()).isTrue();
	}

	@Test
	void asksForASourceWhenAFigureHasNone() {
		FactChecklist checklist = FactChecklist.of("Unemployment fell by 3.5 percent.", List.of(), "Hubben");
		assertThat(checklist.items()).extracting(Item::text)
			.contains("The figure “3.5 percent” is right: check it against a source, and add the source to the post");
	}

	@Test
	void aPostWithoutFactsNeedsNoChecking() {
		FactChecklist checklist = FactChecklist.of(
				"Flow 3f1c2d7e-1234-4bcd-9876-0123456789ab: read what changes on Monday at https://example.org/2027/05",
				List.of(), "Hubben");
		assertThat(checklist.items()).extracting(Item::kind).containsExactly(Kind.OWN_NAME, Kind.OPEN_FIRST);
		assertThat(checklist.needsChecking()).isFalse();
	}

	@Test
	void findsIsoDatesAndYearsButNotNumbersInLinks() {
		FactChecklist checklist = FactChecklist.of("Since 2018, and again on 2027-05-01 (see www.example.org/1999).",
				List.of(), "Hubben");
		assertThat(checklist.items()).filteredOn((item) -> item.kind() == Kind.DATE)
			.extracting(Item::text)
			.containsExactly("The date “2018” is right: check it against a source, and add the source to the post",
					"The date “2027-05-01” is right: check it against a source, and add the source to the post");
	}

}
