package org.hubben.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Simple HTML in: what is kept, and the plain text each platform receives. */
class RichTextTests {

	@Test
	void separatesParagraphsWithABlankLineAndBreaksWithANewline() {
		assertThat(RichText.plainText("<p>Skolorna öppnar.</p><p>Första raden<br>andra raden</p>"))
			.isEqualTo("Skolorna öppnar.\n\nFörsta raden\nandra raden");
	}

	@Test
	void writesListItemsAsBulletedOrNumberedLines() {
		assertThat(RichText.plainText("<p>Ta med:</p><ul><li>matsäck</li><li><p>regnkläder</p></li></ul>"
				+ "<ol><li>Anmäl</li><li>Kom</li></ol><p>Välkomna!</p>"))
			.isEqualTo("Ta med:\n\n• matsäck\n• regnkläder\n\n1. Anmäl\n2. Kom\n\nVälkomna!");
	}

	@Test
	void writesALinkAsItsUrlOrAsTextWithTheUrl() {
		assertThat(RichText.plainText("Läs <a href=\"https://example.org/skolval\">om skolvalet</a> i dag"))
			.isEqualTo("Läs om skolvalet (https://example.org/skolval) i dag");
		assertThat(RichText.plainText("Se <a href=\"https://example.org/skolval\">example.org/skolval</a>."))
			.isEqualTo("Se example.org/skolval.");
		assertThat(RichText.plainText("Se <a href=\"https://example.org/\"></a>")).isEqualTo("Se https://example.org/");
	}

	@Test
	void decodesEntitiesAndCollapsesSourceWhitespace() {
		assertThat(RichText
			.plainText("<p>R&auml;ksm&ouml;rg&aring;s &amp; kaffe&nbsp;&lt;3</p>\n\n   <p>  nästa\n  rad </p>"))
			.isEqualTo("Räksmörgås & kaffe <3\n\nnästa rad");
	}

	@Test
	void makesHeadingsAndBoldIntoPlainText() {
		assertThat(RichText.plainText("<h2>Rubrik</h2><p>Det <b>viktiga</b> och <em>det andra</em>.</p>"))
			.isEqualTo("Rubrik\n\nDet viktiga och det andra.");
	}

	@Test
	void removesScriptsEventHandlersAndDangerousLinks() {
		String html = "<p onclick=\"steal()\">Hej <script>alert(1)</script><b style=\"color:red\">du</b></p>"
				+ "<img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">klicka</a>"
				+ "<iframe src=\"https://evil.example\"></iframe> <a href=\"https://example.org\" onmouseover=\"x()\">ok</a>";
		String safe = RichText.sanitise(html);
		assertThat(safe).doesNotContain("script", "onclick", "onerror", "onmouseover", "javascript", "iframe", "img",
				"style", "alert");
		assertThat(safe).isEqualTo("<p>Hej <b>du</b></p><a rel=\"nofollow noopener noreferrer\">klicka</a> "
				+ "<a href=\"https://example.org\" rel=\"nofollow noopener noreferrer\">ok</a>");
		assertThat(RichText.plainText(html)).isEqualTo("Hej du\n\nklicka ok (https://example.org)");
	}

	@Test
	void keepsParagraphsListsLinksAndHeadings() {
		String html = "<h3>Skolval</h3><p><strong>Viktigt</strong> <i>nu</i><br></p><ul><li>ett</li></ul>"
				+ "<blockquote>citat</blockquote>";
		assertThat(RichText.sanitise(html)).isEqualTo(html);
	}

	@Test
	void treatsNothingAsEmpty() {
		assertThat(RichText.plainText(null)).isEmpty();
		assertThat(RichText.plainText("<p> </p><br>")).isEmpty();
		assertThat(RichText.sanitise(null)).isEmpty();
	}

}
