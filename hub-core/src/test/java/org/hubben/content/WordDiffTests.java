package org.hubben.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordDiffTests {

	@Test
	void marksInsertedAndDeletedWordsAndKeepsTheRest() {
		assertThat(WordDiff.html("Meet us on Saturday in the park", "Meet us on Sunday in the park"))
			.isEqualTo("Meet us on <del>Saturday</del><ins>Sunday</ins> in the park");
	}

	@Test
	void escapesWhatItShows() {
		assertThat(WordDiff.html("a <b>", "a <i> & more"))
			.isEqualTo("a <del>&lt;b&gt;</del><ins>&lt;i&gt; &amp; more</ins>");
	}

	@Test
	void anEmptyOldTextIsAllInserted() {
		assertThat(WordDiff.html(null, "new words")).isEqualTo("<ins>new words</ins>");
	}

	@Test
	void xComparesTextsWithoutCaseSpacesOrLinks() {
		assertThat(XDuplicates.normalised("Vote  on Sunday!\n\nhttps://example.org/a?utm=x"))
			.isEqualTo(XDuplicates.normalised("vote on SUNDAY! https://other.example/b"));
		assertThat(XDuplicates.hashtag("Region Syd-Öst 2")).isEqualTo("RegionSydÖst2");
	}

}
