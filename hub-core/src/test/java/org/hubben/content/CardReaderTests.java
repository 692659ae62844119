package org.hubben.content;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardReaderTests {

	private static final String LINK = "https://www.example.org/news/schools";

	private static LinkCard read(String html) {
		return read("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
	}

	private static LinkCard read(String contentType, byte[] body) {
		return CardReader.read(LINK, new FetchedPage(URI.create(LINK), contentType, body, false));
	}

	@Test
	void readsTheOpenGraphCardAndResolvesItsImage() {
		LinkCard card = read("""
				<html><head>
				<title>Ignored</title>
				<meta property="og:title" content="  Schools
				   open  ">
				<meta property="og:description" content="What changes on Monday &amp; why">
				<meta property="og:image" content="../images/school.jpg">
				<meta property="og:url" content="https://www.example.org/news/schools/">
				</head></html>
				""");
		assertThat(card.url()).isEqualTo(LINK);
		assertThat(card.title()).isEqualTo("Schools open");
		assertThat(card.description()).isEqualTo("What changes on Monday & why");
		assertThat(card.image()).isEqualTo("https://www.example.org/images/school.jpg");
		assertThat(card.canonical()).isEqualTo("https://www.example.org/news/schools/");
		assertThat(card.warnings()).isEmpty();
	}

	@Test
	void readsTwitterCardTagsWhenThereIsNoOpenGraph() {
		LinkCard card = read("""
				<html><head><base href="https://cdn.example.org/assets/">
				<meta name="twitter:card" content="summary_large_image">
				<meta name="twitter:title" content="Schools open">
				<meta name="twitter:description" content="What changes">
				<meta name="twitter:image" content="school.jpg">
				</head></html>
				""");
		assertThat(card.title()).isEqualTo("Schools open");
		assertThat(card.description()).isEqualTo("What changes");
		assertThat(card.image()).isEqualTo("https://cdn.example.org/assets/school.jpg");
		assertThat(card.warnings()).isEmpty();
	}

	@Test
	void fallsBackToTheTitleAndDescriptionAndWarnsThatThereIsNoCard() {
		LinkCard card = read("""
				<html><head><title>Schools open</title>
				<meta name="description" content="What changes on Monday">
				</head><body><img src="/big.jpg"></body></html>
				""");
		assertThat(card.title()).isEqualTo("Schools open");
		assertThat(card.description()).isEqualTo("What changes on Monday");
		assertThat(card.image()).isNull();
		assertThat(card.warnings()).containsExactly("The page has no Open Graph or Twitter card tags, so platforms "
				+ "may show the link without a picture or description");
	}

	@Test
	void warnsWhenThePageNamesAnotherCanonicalAddress() {
		LinkCard card = read("""
				<html><head><meta property="og:title" content="Schools">
				<link rel="canonical" href="/news/2026/schools-open">
				</head></html>
				""");
		assertThat(card.canonical()).isEqualTo("https://www.example.org/news/2026/schools-open");
		assertThat(card.warnings()).containsExactly("The page names https://www.example.org/news/2026/schools-open "
				+ "as its address, not the link; platforms may show and count that address instead");
	}

	@Test
	void takesTheSameAddressWrittenAnotherWayAsTheSame() {
		assertThat(CardReader.sameAddress("HTTPS://WWW.example.org:443/news/schools/#top",
				"https://www.example.org/news/schools?utm_source=x&utm_medium=social"))
			.isTrue();
		assertThat(CardReader.sameAddress("https://www.example.org/news/schools?page=2",
				"https://www.example.org/news/schools"))
			.isFalse();
		assertThat(
				CardReader.sameAddress("http://www.example.org/news/schools", "https://www.example.org/news/schools"))
			.isFalse();
	}

	@Test
	void keepsOnlyWebAddressesAsImages() {
		LinkCard card = read("""
				<html><head><meta property="og:title" content="Schools">
				<meta property="og:image" content="javascript:alert(1)">
				<meta name="twitter:image" content="data:image/png;base64,AAAA">
				</head></html>
				""");
		assertThat(card.image()).isNull();
	}

	@Test
	void readsThePageInTheCharsetItDeclares() {
		String html = "<html><head><meta property=\"og:title\" content=\"Göteborg öppnar skolor\"></head></html>";
		assertThat(read("text/html; charset=ISO-8859-1", html.getBytes(Charset.forName("ISO-8859-1"))).title())
			.isEqualTo("Göteborg öppnar skolor");
		String declared = "<html><head><meta charset=\"windows-1252\">"
				+ "<meta property=\"og:title\" content=\"Malmö\"></head></html>";
		assertThat(read("text/html", declared.getBytes(Charset.forName("windows-1252"))).title()).isEqualTo("Malmö");
	}

	@Test
	void shortensAVeryLongTitle() {
		LinkCard card = read("<title>" + "å".repeat(400) + "</title>");
		assertThat(card.title()).hasSize(CardReader.TITLE_MAX).endsWith("…");
	}

	@Test
	void hasNoCardForSomethingOtherThanAPage() {
		LinkCard card = read("application/pdf", new byte[0]);
		assertThat(card.title()).isNull();
		assertThat(card.warnings())
			.containsExactly("The link leads to application/pdf, not a web page, so it has no card");
	}

}
