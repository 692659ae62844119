package org.hubben.web.site;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.hubben.HubbenIntegrationTest;
import org.hubben.sharing.PublicCounts;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

@HubbenIntegrationTest
class SiteIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PublicCounts counts;

	private SiteFixture site;

	@BeforeEach
	void fixture() {
		this.site = new SiteFixture(this.port);
	}

	@Test
	void showsAPublishedPostWithOpenGraphTwitterCardAndCanonicalAddress() {
		String title = SiteFixture.unique("Skolorna öppnar");
		Map<String, Object> post = this.site.publish(title, "Från måndag öppnar skolorna igen.", false);
		String page = "http://localhost:8080/p/" + post.get("slug");
		Document html = get("/p/" + post.get("slug") + "?lang=en");
		assertThat(html.select("html").attr("lang")).isEqualTo("en");
		assertThat(html.select("h1").text()).isEqualTo(title);
		assertThat(html.select(".post-text").text()).isEqualTo("Från måndag öppnar skolorna igen.");
		assertThat(html.select("link[rel=canonical]").attr("href")).isEqualTo(page);
		assertThat(meta(html, "og:type")).isEqualTo("article");
		assertThat(meta(html, "og:title")).isEqualTo(title);
		assertThat(meta(html, "og:description")).isEqualTo("Från måndag öppnar skolorna igen.");
		assertThat(meta(html, "og:url")).isEqualTo(page);
		assertThat(meta(html, "og:image")).isEqualTo(page + "/card.png");
		assertThat(meta(html, "og:site_name")).isEqualTo("Hubben");
		assertThat(html.select("meta[name=twitter:card]").attr("content")).isEqualTo("summary_large_image");
		assertThat(html.select("meta[name=twitter:title]").attr("content")).isEqualTo(title);
		assertThat(html.select("meta[name=twitter:image]").attr("content")).isEqualTo(page + "/card.png");
		assertThat(html.select("link[type=application/atom+xml]").attr("href"))
			.isEqualTo("http://localhost:8080/o/hubben/feed.atom");
		assertThat(html.select(".placements a").eachText()).containsExactlyInAnyOrder("See it on Facebook",
				"See it on X");
		assertThat(html.select("a.button").attr("href")).isEqualTo("/p/" + post.get("slug") + "/share?lang=en");
		byte[] card = this.site.visitor()
			.get()
			.uri("/p/{slug}/card.png", post.get("slug"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.IMAGE_PNG)
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(image(card)).isEqualTo("1200x630");
	}

	@Test
	void linksEveryPublishedPostBackToItsPageWhenHubbenServesTheHomeSite() {
		String title = SiteFixture.unique("Link back");
		Map<String, Object> post = this.site.publish(title, SiteFixture.unique("Text"), false);
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) post.get("variants");
		assertThat(variants.get("x").get("link")).isEqualTo("http://localhost:8080/p/" + post.get("slug")
				+ "?utm_source=x&utm_medium=social&utm_campaign=" + post.get("slug"));
		assertThat(this.jdbc.sql("select home_site_url from organisation where parent_id is null")
			.query(String.class)
			.optional()).isEmpty();
	}

	@Test
	void escapesWhatTheAuthorWrote() {
		Map<String, Object> post = this.site.publish(SiteFixture.unique("<script>alert(1)</script>"),
				"<img src=x onerror=alert(1)> & \"quotes\"", false);
		String raw = body("/p/" + post.get("slug"));
		assertThat(raw).doesNotContain("<script>alert").doesNotContain("<img src=x");
		assertThat(Jsoup.parse(raw).select(".post-text").text()).isEqualTo("<img src=x onerror=alert(1)> & \"quotes\"");
	}

	@Test
	void hasNoPageForAPostThatHasNotGoneOut() {
		Map<?, ?> post = org.hubben.TestClients.admin(this.port)
			.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Draft", "text", "Not yet"))
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		EntityExchangeResult<String> result = this.site.visitor()
			.get()
			.uri("/p/{slug}?lang=sv", post.get("slug"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.returnResult();
		assertThat(Jsoup.parse(result.getResponseBody()).select("h1").text()).isEqualTo("Hittades inte");
		this.site.visitor()
			.get()
			.uri("/o/no-such-organisation")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.returnResult();
		this.site.visitor()
			.get()
			.uri("/p/anything/else/here")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.returnResult();
	}

	@Test
	void answersNotModifiedForTheStrongETagItGave() {
		Map<String, Object> post = this.site.publish(SiteFixture.unique("Cached"), SiteFixture.unique("Text"), false);
		String path = "/p/" + post.get("slug");
		EntityExchangeResult<byte[]> first = this.site.visitor()
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		String etag = first.getResponseHeaders().getETag();
		assertThat(etag).matches("\"[A-Za-z0-9_-]{27}\"");
		assertThat(first.getResponseHeaders().getCacheControl()).contains("public").contains("max-age=60");
		assertThat(first.getResponseHeaders().getVary()).contains(HttpHeaders.ACCEPT_LANGUAGE);
		this.site.visitor()
			.get()
			.uri(path)
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, etag)
			.expectHeader()
			.value(HttpHeaders.CACHE_CONTROL, (value) -> assertThat(value).contains("max-age=60"))
			.expectBody()
			.isEmpty();
		this.site.visitor()
			.get()
			.uri(path)
			.header(HttpHeaders.IF_NONE_MATCH, "\"something-else\"")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		this.site.visitor()
			.head()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, etag);
	}

	@Test
	void servesTheRenderedPageFromMemoryWithoutAskingTheDatabaseAgain() {
		String title = SiteFixture.unique("From memory");
		Map<String, Object> post = this.site.publish(title, SiteFixture.unique("Text"), false);
		assertThat(get("/p/" + post.get("slug")).select("h1").text()).isEqualTo(title);
		// Changed behind Hubben's back, where no change check looks: the page in memory
		// stays as it was rendered.
		this.jdbc.sql("update post set title = 'Changed in the database' where id = ?")
			.param(UUID.fromString((String) post.get("id")))
			.update();
		SiteFixture.sleep(java.time.Duration.ofSeconds(1));
		assertThat(get("/p/" + post.get("slug")).select("h1").text()).isEqualTo(title);
	}

	@Test
	void speaksSwedishOrEnglishByAcceptLanguageAndKeepsAChosenLanguageInItsLinks() {
		Document swedish = Jsoup.parse(this.site.visitor()
			.get()
			.uri("/o/hubben")
			.header(HttpHeaders.ACCEPT_LANGUAGE, "sv-SE,sv;q=0.9,en;q=0.5")
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_LANGUAGE, "sv")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(swedish.select("html").attr("lang")).isEqualTo("sv");
		assertThat(swedish.select(".skip-link").text()).isEqualTo("Hoppa till innehållet");
		assertThat(swedish.select("nav a").eachText()).contains("Inlägg", "Kanaler", "Delningskit");
		assertThat(swedish.select("nav a").eachAttr("href")).contains("/o/hubben/channels");
		Document english = Jsoup.parse(this.site.visitor()
			.get()
			.uri("/o/hubben")
			.header(HttpHeaders.ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(english.select("html").attr("lang")).isEqualTo("en");
		assertThat(english.select("nav a").eachText()).contains("Posts", "Channels", "Share kit");
		Document chosen = Jsoup.parse(this.site.visitor()
			.get()
			.uri("/o/hubben?lang=en")
			.header(HttpHeaders.ACCEPT_LANGUAGE, "sv")
			.exchange()
			.expectHeader()
			.doesNotExist(HttpHeaders.VARY)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(chosen.select("html").attr("lang")).isEqualTo("en");
		assertThat(chosen.select("nav a").eachAttr("href")).contains("/o/hubben/channels?lang=en");
		Document fallback = Jsoup.parse(this.site.visitor()
			.get()
			.uri("/privacy")
			.header(HttpHeaders.ACCEPT_LANGUAGE, "de-DE")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(fallback.select("html").attr("lang")).isEqualTo("sv");
		assertThat(fallback.select("h1").text()).isEqualTo("Integritet");
	}

	@Test
	void offersAValidAtomFeedOfTheOrganisationsPosts() throws Exception {
		String title = SiteFixture.unique("In the feed & <more>");
		Map<String, Object> post = this.site.publish(title, "Feed text", false);
		SiteFixture.sleep(java.time.Duration.ofSeconds(1));
		byte[] feed = this.site.visitor()
			.get()
			.uri("/o/hubben/feed.atom")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/atom+xml;charset=UTF-8")
			.expectBody()
			.returnResult()
			.getResponseBody();
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		org.w3c.dom.Document atom = factory.newDocumentBuilder().parse(new ByteArrayInputStream(feed));
		Element root = atom.getDocumentElement();
		assertThat(root.getLocalName()).isEqualTo("feed");
		assertThat(root.getNamespaceURI()).isEqualTo(AtomFeed.NAMESPACE);
		// RFC 4287 4.1.1: exactly one id, title and updated; an author; a self link.
		assertThat(children(root, "id")).hasSize(1);
		assertThat(children(root, "title")).hasSize(1);
		assertThat(children(root, "updated")).singleElement()
			.satisfies((updated) -> Instant.parse(updated.getTextContent()));
		assertThat(children(root, "author")).hasSize(1);
		assertThat(children(root, "link")).anySatisfy((link) -> {
			assertThat(link.getAttribute("rel")).isEqualTo("self");
			assertThat(link.getAttribute("href")).isEqualTo("http://localhost:8080/o/hubben/feed.atom");
		});
		List<Element> entries = children(root, "entry");
		assertThat(entries).isNotEmpty();
		for (Element entry : entries) {
			assertThat(children(entry, "id")).singleElement()
				.satisfies((id) -> assertThat(id.getTextContent()).startsWith("urn:uuid:"));
			assertThat(children(entry, "title")).hasSize(1);
			assertThat(children(entry, "updated")).hasSize(1);
			assertThat(children(entry, "link"))
				.anySatisfy((link) -> assertThat(link.getAttribute("rel")).isEqualTo("alternate"));
		}
		Element ours = entries.stream()
			.filter((entry) -> children(entry, "title").get(0).getTextContent().equals(title))
			.findFirst()
			.orElseThrow();
		assertThat(children(ours, "id").get(0).getTextContent()).isEqualTo("urn:uuid:" + post.get("id"));
		assertThat(children(ours, "content").get(0).getTextContent()).isEqualTo("Feed text");
		assertThat(children(ours, "link").get(0).getAttribute("href"))
			.isEqualTo("http://localhost:8080/p/" + post.get("slug"));
	}

	@Test
	void listsEveryChannelWithALinkToItOnItsPlatform() {
		Document directory = get("/o/hubben/channels?lang=en");
		assertThat(directory.select("h1").text()).isEqualTo("Find Hubben on");
		assertThat(directory.select(".channels a").eachAttr("href"))
			.contains("https://x.com/i/user/1580000000000000001", "https://www.facebook.com/104857600000001");
		assertThat(directory.select(".channels a").eachText()).contains("@hubben_demo on X",
				"Hubben Demo (Facebook Page) on Facebook");
		Document region = get("/o/region-nord/channels?lang=en");
		assertThat(region.select("h1").text()).isEqualTo("Find Region Nord on");
		assertThat(region.select("#above-heading").text()).isEqualTo("Also worth following");
		assertThat(region.select(".channels a").eachText()).contains("@hubben_demo on X");
	}

	@Test
	void givesARegionsKitItsOwnPostsAndOnlyTheSharedPostsOfTheCentre() {
		String shared = SiteFixture.unique("Shared by the centre");
		String notShared = SiteFixture.unique("Kept by the centre");
		assertThat(this.site.publish(shared, "For everyone", true).get("shared")).isEqualTo(true);
		assertThat(this.site.publish(notShared, "For the centre", false).get("shared")).isEqualTo(false);
		String own = SiteFixture.unique("Region Nord's own");
		String other = SiteFixture.unique("Region Syd's own");
		List<Runnable> cleanUp = List.of(publishedInRegion("region-nord", own), publishedInRegion("region-syd", other));
		try {
			regionKitShows(shared, notShared, own, other);
		}
		finally {
			cleanUp.forEach(Runnable::run);
		}
	}

	private void regionKitShows(String shared, String notShared, String own, String other) {
		SiteFixture.sleep(java.time.Duration.ofSeconds(1));
		Document kit = get("/o/region-nord/share?lang=en");
		List<String> titles = kit.select(".posts .card-title").eachText();
		assertThat(titles).contains(shared, own).doesNotContain(notShared, other);
		assertThat(kit.select(".posts .card")
			.stream()
			.filter((card) -> card.text().contains(shared))
			.findFirst()
			.orElseThrow()
			.select(".badge")
			.text()).isEqualTo("from Hubben");
		List<String> centre = get("/o/hubben/share?lang=en").select(".posts .card-title").eachText();
		assertThat(centre).contains(shared, notShared).doesNotContain(own);
	}

	@Test
	void sendsSupportersToEachPlatformsOwnShareDialogAndCountsTheShares() {
		Map<String, Object> post = this.site.publish(SiteFixture.unique("Share me"), "Kom och rösta!", false);
		String slug = (String) post.get("slug");
		Document kit = get("/p/" + slug + "/share?lang=en");
		String link = "http://localhost:8080/p/" + slug + "?utm_source=supporter&utm_medium=social&utm_campaign="
				+ slug;
		assertThat(kit.select("#copy-link").val()).isEqualTo(link);
		assertThat(kit.select("#text-x").val()).isEqualTo("Kom och rösta!\n\n" + link);
		assertThat(kit.select("a.share-link").eachAttr("href")).containsExactly("/p/" + slug + "/share/x",
				"/p/" + slug + "/share/facebook");
		String encoded = java.net.URLEncoder.encode(link, StandardCharsets.UTF_8);
		this.site.visitor()
			.get()
			.uri("/p/{slug}/share/x", slug)
			.exchange()
			.expectStatus()
			.isSeeOther()
			.expectHeader()
			.location("https://x.com/intent/post?text=Kom%20och%20r%C3%B6sta%21&url=" + encoded)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
		this.site.visitor()
			.get()
			.uri("/p/{slug}/share/facebook", slug)
			.exchange()
			.expectStatus()
			.isSeeOther()
			.expectHeader()
			.location("https://www.facebook.com/sharer/sharer.php?u=" + encoded);
		this.site.visitor()
			.get()
			.uri("/p/{slug}/share/other", slug)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.returnResult();
		this.site.visitor()
			.get()
			.uri("/p/{slug}/share/x", slug)
			.exchange()
			.expectStatus()
			.isSeeOther()
			.expectBody()
			.returnResult();
		this.site.visitor()
			.get()
			.uri("/p/{slug}?utm_source=supporter", slug)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		this.site.visitor()
			.get()
			.uri("/p/{slug}?utm_source=<script>", slug)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		this.site.visitor()
			.get()
			.uri("/p/{slug}/download", slug)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		this.counts.flush().block();
		Map<String, Long> totals = this.counts.totals(UUID.fromString((String) post.get("id"))).block();
		assertThat(totals).containsEntry("SHARE/x", 2L)
			.containsEntry("SHARE/facebook", 1L)
			.containsEntry("VISIT/supporter", 1L)
			.containsEntry("VISIT/other", 1L)
			.containsEntry("DOWNLOAD/image", 1L);
	}

	@Test
	void refusesAnythingButReading() {
		this.site.visitor()
			.post()
			.uri("/o/hubben")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET, HEAD");
		this.site.visitor().delete().uri("/privacy").exchange().expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
	}

	/**
	 * A post of a region, published on a channel of its own, written straight to the
	 * database: the demo's regions have no members or channels.
	 * @return removes it all again, so that other tests see the demo as it was
	 */
	private Runnable publishedInRegion(String regionSlug, String title) {
		UUID region = this.jdbc.sql("select id from organisation where slug = ?")
			.param(regionSlug)
			.query(UUID.class)
			.single();
		UUID channel = UUID.randomUUID();
		UUID post = UUID.randomUUID();
		UUID publication = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.sql(
				"insert into channel (id, organisation_id, platform, name, account_id, credentials, status, created_at) "
						+ "values (?, ?, 'X', ?, ?, 'unused', 'CONNECTED', ?)")
			.params(channel, region, "@" + regionSlug + "-" + post.toString().substring(0, 4), post.toString(), now)
			.update();
		this.jdbc
			.sql("insert into post (id, organisation_id, title, body, link, slug, created_by, created_at, shared) "
					+ "values (?, ?, ?, 'Regional text', null, ?, 'admin', ?, false)")
			.params(post, region, title, "regional-" + post, now)
			.update();
		this.jdbc
			.sql("insert into publication (id, post_id, due_at, zone_id, created_by, created_at) "
					+ "values (?, ?, ?, 'Europe/Stockholm', 'admin', ?)")
			.params(publication, post, now, now)
			.update();
		this.jdbc.sql(
				"insert into delivery (id, publication_id, channel_id, platform, state, due_at, next_attempt_at, attempts, "
						+ "remote_id, remote_url, finished_at) "
						+ "values (?, ?, ?, 'X', 'SENT', ?, ?, 1, '1', 'https://x.com/i/web/status/1', ?)")
			.params(UUID.randomUUID(), publication, channel, now, now, now)
			.update();
		return () -> {
			this.jdbc.sql("delete from delivery where publication_id = ?").param(publication).update();
			this.jdbc.sql("delete from publication where id = ?").param(publication).update();
			this.jdbc.sql("delete from post where id = ?").param(post).update();
			this.jdbc.sql("delete from channel where id = ?").param(channel).update();
		};
	}

	private Document get(String path) {
		return Jsoup.parse(body(path));
	}

	private String body(String path) {
		return this.site.visitor()
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static String meta(Document html, String property) {
		return html.select("meta[property=" + property + "]").attr("content");
	}

	private static String image(byte[] png) {
		try {
			var image = ImageIO.read(new ByteArrayInputStream(png));
			return image.getWidth() + "x" + image.getHeight();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static List<Element> children(Element parent, String name) {
		NodeList nodes = parent.getChildNodes();
		List<Element> found = new java.util.ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			if (nodes.item(i) instanceof Element element && AtomFeed.NAMESPACE.equals(element.getNamespaceURI())
					&& name.equals(element.getLocalName())) {
				found.add(element);
			}
		}
		return found;
	}

}
