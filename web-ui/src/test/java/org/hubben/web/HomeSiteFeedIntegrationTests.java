package org.hubben.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.publishing.PublishingFlow;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home-site feed end to end: a real home site (Reactor Netty on 127.0.0.1, which this
 * context allow-lists) names its RSS feed in {@code <link rel="alternate">}; "Check now"
 * on {@code /settings/feed} turns its recent articles into drafts with the article's link
 * and card, a second check makes none, a new article makes one more; a draft edited on
 * the edit page and scheduled goes out, and can no longer be changed after.
 *
 * <p>
 * The context has a database of its own: the home site's port is only known at start-up,
 * so the link-preview allow-list differs from the shared context's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.scheduler-name=hubben-feed-test",
				"spring.datasource.url=jdbc:h2:mem:hubben-feed-test;DB_CLOSE_DELAY=-1;${hubben.h2-options}",
				"spring.r2dbc.url=r2dbc:h2:mem:///hubben-feed-test?options=DB_CLOSE_DELAY=-1;${hubben.h2-options}" })
@ActiveProfiles("test")
class HomeSiteFeedIntegrationTests {

	private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	/** The feed's items, newest first, as RSS {@code <item>} elements. */
	private static final List<String> items = new CopyOnWriteArrayList<>();

	private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private static DisposableServer site;

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	JdbcClient jdbc;

	private WebTestClient api;

	private SignedInBrowser browser;

	@DynamicPropertySource
	static void allowTheHomeSite(DynamicPropertyRegistry registry) {
		if (site == null) {
			site = HttpServer.create().host("127.0.0.1").port(0).route((routes) -> {
				routes.get("/", (request, response) -> {
					count("/");
					return response.header("Content-Type", "text/html; charset=utf-8").sendString(Mono.just("""
							<!doctype html><html><head><title>Home</title>
							<link rel="alternate" type="application/rss+xml" title="News" href="/news/feed.xml">
							</head><body><h1>Home</h1></body></html>
							"""));
				});
				routes.get("/news/feed.xml", (request, response) -> {
					count("/news/feed.xml");
					return response.header("Content-Type", "application/rss+xml; charset=utf-8")
						.sendString(Mono.fromSupplier(() -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
								+ "<rss version=\"2.0\"><channel><title>News</title><link>/</link>"
								+ String.join("\n", items) + "</channel></rss>"));
				});
				routes.get("/news/{slug}", (request, response) -> {
					String slug = request.param("slug");
					count("/news/" + slug);
					return response.header("Content-Type", "text/html; charset=utf-8")
						.sendString(Mono.just("<!doctype html><html><head><title>" + slug + "</title>"
								+ "<meta property=\"og:title\" content=\"Card of " + slug + "\">"
								+ "<meta property=\"og:description\" content=\"From the home site\">"
								+ "<meta property=\"og:image\" content=\"/images/" + slug + ".jpg\">"
								+ "</head><body><p>Article</p></body></html>"));
				});
				routes.get("/not-a-feed", (request, response) -> response.header("Content-Type", "text/html")
					.sendString(Mono.just("<!doctype html><html><body>Just a page</body></html>")));
			}).bindNow();
		}
		registry.add("hubben.link-preview.allowed-hosts", () -> "127.0.0.1:" + site.port());
	}

	@AfterAll
	static void stopTheSite() {
		if (site != null) {
			site.disposeNow();
			site = null;
		}
	}

	private static void count(String path) {
		hits.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
	}

	private static int hits(String path) {
		AtomicInteger count = hits.get(path);
		return (count != null) ? count.get() : 0;
	}

	@BeforeEach
	void logIn() {
		this.api = TestClients.admin(this.port);
		this.browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
	}

	@Test
	void turnsNewArticlesIntoDraftsOnceAndADraftEditedAndScheduledGoesOut() throws InterruptedException {
		homeSite(site("/"));
		items.clear();
		Instant now = Instant.now();
		items.add(item("schools", "Schools open on Monday", "<![CDATA[<p>What <b>changes</b> for families.</p>]]>",
				now.minus(Duration.ofHours(2))));
		items.add(item("budget", "The budget &amp; you", "&lt;p&gt;The budget, explained.&lt;/p&gt;",
				now.minus(Duration.ofDays(1))));
		items.add(item("archive", "An old article", "From long ago", now.minus(Duration.ofDays(40))));

		Document settings = this.browser.page("/settings/feed");
		assertThat(settings.getElementById("last-poll").text()).isEqualTo("Not checked yet.");
		Document checked = checkNow();
		assertThat(checked.getElementById("polled-feed").text()).isEqualTo(site("/news/feed.xml"));
		assertThat(checked.getElementById("poll-outcome").text()).isEqualTo("Read 3 articles, made 2 drafts.");

		List<Map<String, Object>> drafts = feedDrafts();
		assertThat(drafts).extracting((draft) -> draft.get("title"))
			.containsExactly("Schools open on Monday", "The budget & you");
		Map<String, Object> schools = drafts.get(0);
		assertThat(schools).containsEntry("link", site("/news/schools"))
			.containsEntry("text", "What changes for families.")
			.containsEntry("createdBy", "home-site feed")
			.containsEntry("articlePublishedAt",
					now.minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
		assertThat(drafts.get(1)).containsEntry("text", "The budget, explained.");
		// The card was read from the article's page when the draft was made, and is kept.
		assertThat(hits("/news/schools")).isEqualTo(1);
		this.api.get()
			.uri((uri) -> uri.path("/api/link-card").queryParam("url", "{url}").build(site("/news/schools")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Card of schools")
			.jsonPath("$.image")
			.isEqualTo(site("/images/schools.jpg"));
		assertThat(hits("/news/schools")).isEqualTo(1);

		Document dashboard = this.browser.page("/");
		assertThat(dashboard.select("#drafts .from-feed h3").eachText()).contains("Schools open on Monday",
				"The budget & you");
		assertThat(dashboard.select("#drafts .from-feed .draft-source").first().text())
			.startsWith("From the home-site feed, published ");

		assertThat(checkNow().getElementById("poll-outcome").text()).isEqualTo("Read 3 articles, made 0 drafts.");
		assertThat(feedDrafts()).hasSize(2);

		items.add(0, item("parks", "Parks reopen", "Every park reopens.", Instant.now().minus(Duration.ofDays(10))));
		assertThat(checkNow().getElementById("poll-outcome").text()).isEqualTo("Read 4 articles, made 1 draft.");
		assertThat(feedDrafts()).extracting((draft) -> draft.get("title"))
			.as("a new article is drafted whatever its date once the feed is known")
			.containsExactly("Parks reopen", "Schools open on Monday", "The budget & you");

		String postId = (String) schools.get("id");
		Document edit = this.browser.page("/posts/" + postId + "/edit");
		assertThat(edit.select("h1").text()).isEqualTo("Edit a post");
		assertThat(edit.getElementById("post-source").text()).startsWith("A draft from the home-site feed");
		assertThat(edit.getElementById("title").val()).isEqualTo("Schools open on Monday");
		assertThat(edit.getElementById("text").val()).isEqualTo("What changes for families.");
		assertThat(edit.getElementById("link").val()).isEqualTo(site("/news/schools"));
		String marker = "Feed " + UUID.randomUUID();
		PublishingFlow flow = new PublishingFlow(this.api, this.emulators);
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("_csrf", edit.selectFirst("#compose-form input[name=_csrf]").val());
		form.part("title", "Schools open on Monday");
		form.part("text", marker + ": what changes for families.");
		form.part("html", "");
		form.part("link", site("/news/schools"));
		form.part("channelIds", flow.channelIds(Platform.X).get(0).toString());
		form.part("when", "now");
		form.part("zone", "Europe/Stockholm");
		form.part("save", "publish");
		String location = SignedInBrowser.client("http://127.0.0.1:" + this.port)
			.post()
			.uri("/posts/" + postId)
			.cookie("SESSION", this.browser.session())
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.getPath();
		assertThat(location).startsWith("/publications/");
		Map<String, Object> finished = flow.awaitFinished(location.substring("/publications/".length()),
				Duration.ofSeconds(30));
		assertThat(finished.get("deliveries").toString()).contains("state=SENT");
		List<ReceivedPost> onX = flow.received(Platform.X, marker);
		assertThat(onX).hasSize(1);
		assertThat(onX.get(0).text()).contains(site("/news/schools") + "?utm_source=x");
		assertThat(feedDrafts()).extracting((draft) -> draft.get("id")).doesNotContain(postId);

		this.api.put()
			.uri("/api/posts/{id}", postId)
			.bodyValue(Map.of("title", "Too late", "text", "It went out"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("X (sent)").contains("can no longer be changed"));

		String budget = (String) drafts.get(1).get("id");
		this.api.put()
			.uri("/api/posts/{id}", budget)
			.bodyValue(Map.of("title", "The budget, explained", "text", "Revised through the API #Budget", "link",
					site("/news/budget")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.text")
			.isEqualTo("Revised through the API #Budget")
			.jsonPath("$.variants.youtube.tags[0]")
			.isEqualTo("Budget");
		assertThat(feedDrafts()).filteredOn((draft) -> draft.get("id").equals(budget))
			.singleElement()
			.satisfies((draft) -> assertThat(draft).containsEntry("title", "The budget, explained")
				.containsEntry("source", "feed"));
	}

	@Test
	void saysWhyAFeedCannotBeReadAndRefusesAnAddressItWillNotFetch() {
		homeSite(site("/"));
		Document settings = this.browser.page("/settings/feed");
		LinkedMultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("feedUrl", "ftp://example.org/feed");
		Document refused = org.jsoup.Jsoup.parse(this.browser.submit(settings.getElementById("feed-settings"), fields)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(refused.getElementById("feedUrl-error").text()).contains("only http and https");
		assertThat(refused.getElementById("feedUrl").val()).isEqualTo("ftp://example.org/feed");

		fields.set("feedUrl", site("/not-a-feed"));
		this.browser.submitAndFollow(settings.getElementById("feed-settings"), fields, HttpStatus.SEE_OTHER);
		try {
			assertThat(checkNow().getElementById("poll-outcome").text()).isEqualTo("The feed " + site("/not-a-feed")
					+ " is served as text/html, not as RSS or Atom; check the feed's address");
		}
		finally {
			fields.set("feedUrl", "");
			this.browser.submitAndFollow(this.browser.page("/settings/feed").getElementById("feed-settings"), fields,
					HttpStatus.SEE_OTHER);
		}
	}

	private Document checkNow() {
		Document settings = this.browser.page("/settings/feed");
		String location = this.browser
			.submitAndFollow(settings.getElementById("check-now"), new LinkedMultiValueMap<>(), HttpStatus.SEE_OTHER)
			.toString();
		assertThat(location).isEqualTo("/settings/feed?done=checked");
		return this.browser.page(location);
	}

	private List<Map<String, Object>> feedDrafts() {
		return this.api.get()
			.uri("/api/drafts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody()
			.stream()
			.filter((draft) -> "feed".equals(draft.get("source")))
			.toList();
	}

	private void homeSite(String url) {
		this.jdbc
			.sql("update organisation set home_site_url = ? where id = "
					+ "(select organisation_id from member where username = ?)")
			.params(url, TestClients.ADMIN)
			.update();
	}

	private static String site(String path) {
		return "http://127.0.0.1:" + site.port() + path;
	}

	private static String item(String slug, String title, String description, Instant published) {
		return "<item><title>" + title + "</title><link>/news/" + slug + "</link><guid isPermaLink=\"false\">news-"
				+ slug + "</guid><pubDate>" + RFC_1123.format(published) + "</pubDate><description>" + description
				+ "</description></item>";
	}

}
