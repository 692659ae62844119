package org.hubben.web.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.sharing.PublicCounts;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy promises of the public pages, checked the way a visitor's browser and an
 * auditor with the database would check them.
 */
@HubbenIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PublicPrivacyIntegrationTests {

	private static final String PROBE_AGENT = "HubbenPrivacyProbe/1.0 (" + UUID.randomUUID() + ")";

	private static final String PROBE_ADDRESS = "203.0.113.77";

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
	void setsNoCookieOnAnyPublicResponse() {
		Map<String, Object> post = this.site.publish(SiteFixture.unique("No cookies"), "Crumbs", true);
		String slug = (String) post.get("slug");
		List<String> paths = List.of("/p/" + slug, "/p/" + slug + "?lang=en", "/p/" + slug + "/share",
				"/p/" + slug + "/share/x", "/p/" + slug + "/share/facebook", "/p/" + slug + "/card.png",
				"/p/" + slug + "/download", "/o/hubben", "/o/hubben/feed.atom", "/o/hubben/channels", "/o/hubben/share",
				"/o/hubben/tips", "/o/region-nord", "/o/region-nord/share", "/privacy", "/privacy?lang=sv",
				"/site/site.css", "/site/share.js", "/p/no-such-post", "/p/" + slug + "/nothing",
				"/o/no-such-organisation", "/m/" + UUID.randomUUID(), "/m/not-an-id", "/site/nothing.js",
				"/favicon.ico");
		List<Integer> statuses = new ArrayList<>();
		for (String path : paths) {
			EntityExchangeResult<byte[]> first = this.site.visitor()
				.get()
				.uri(path)
				.exchange()
				.expectHeader()
				.doesNotExist(HttpHeaders.SET_COOKIE)
				.expectBody()
				.returnResult();
			statuses.add(first.getStatus().value());
			String etag = first.getResponseHeaders().getETag();
			if (etag != null) {
				this.site.visitor()
					.get()
					.uri(path)
					.header(HttpHeaders.IF_NONE_MATCH, etag)
					.exchange()
					.expectStatus()
					.isNotModified()
					.expectHeader()
					.doesNotExist(HttpHeaders.SET_COOKIE);
				statuses.add(304);
			}
			this.site.visitor()
				.method(HttpMethod.HEAD)
				.uri(path)
				.exchange()
				.expectHeader()
				.doesNotExist(HttpHeaders.SET_COOKIE);
			this.site.visitor()
				.post()
				.uri(path)
				.exchange()
				.expectStatus()
				.isEqualTo(405)
				.expectHeader()
				.doesNotExist(HttpHeaders.SET_COOKIE);
		}
		assertThat(statuses).contains(200, 303, 304, 404);
	}

	@Test
	void loadsNothingFromAnyOtherSite() {
		Map<String, Object> post = this.site.publish(SiteFixture.unique("Self-contained"), "Only our own bytes", true);
		for (String path : List.of("/p/" + post.get("slug"), "/p/" + post.get("slug") + "/share", "/o/hubben",
				"/o/hubben/channels", "/o/hubben/share", "/o/hubben/tips", "/privacy")) {
			EntityExchangeResult<String> result = this.site.visitor()
				.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult();
			assertThat(result.getResponseHeaders().getFirst("Content-Security-Policy")).as(path)
				.isEqualTo(SiteSecurity.CONTENT_SECURITY_POLICY);
			Document html = Jsoup.parse(result.getResponseBody());
			for (Element loaded : html.select("script[src], link[rel=stylesheet], link[rel=icon], img[src], "
					+ "iframe, object, embed, link[rel=preload], style")) {
				String source = loaded.hasAttr("src") ? loaded.attr("src") : loaded.attr("href");
				assertThat(source).as("%s on %s", loaded, path).matches("(/site/|/p/|/m/|data:).*");
			}
			assertThat(html.select("[style], [onclick], [onload]")).as(path).isEmpty();
		}
	}

	@Test
	void storesNothingPersonalAfterVisitsAndShares(CapturedOutput output) {
		Map<String, Object> post = this.site.publish(SiteFixture.unique("Private visits"), "Nothing about you", true);
		String slug = (String) post.get("slug");
		for (String path : List.of("/p/" + slug + "?utm_source=supporter", "/p/" + slug + "/share",
				"/p/" + slug + "/share/x", "/p/" + slug + "/share/facebook", "/p/" + slug + "/download",
				"/p/no-such-post", "/o/hubben")) {
			this.site.visitor()
				.get()
				.uri(path)
				.header(HttpHeaders.USER_AGENT, PROBE_AGENT)
				.header("X-Forwarded-For", PROBE_ADDRESS)
				.header("X-Real-IP", PROBE_ADDRESS)
				.header("Forwarded", "for=" + PROBE_ADDRESS)
				.exchange()
				.expectBody()
				.returnResult();
		}
		this.counts.flush().block();

		// The counts table holds post, day, platform, kind and a total: nothing else.
		assertThat(this.jdbc
			.sql("select column_name from information_schema.columns where lower(table_name) = 'share_count' "
					+ "order by ordinal_position")
			.query(String.class)
			.list()).extracting(String::toLowerCase)
			.containsExactly("post_id", "count_day", "platform", "kind", "total");
		assertThat(this.jdbc.sql("select distinct platform from share_count").query(String.class).list())
			.allSatisfy((platform) -> assertThat(PublicCounts.PLATFORMS).contains(platform));

		// No column of any table holds the visitor's address or user agent.
		List<String> columns = this.jdbc
			.sql("select table_name, column_name from information_schema.columns where lower(table_schema) = 'public' "
					+ "and lower(data_type) in ('character varying', 'varchar', 'character large object', 'clob', 'text')")
			.query((row, number) -> row.getString(1) + "." + row.getString(2))
			.list();
		assertThat(columns).isNotEmpty();
		for (String column : columns) {
			String[] parts = column.split("\\.");
			Integer found = this.jdbc
				.sql("select count(*) from " + parts[0] + " where cast(" + parts[1] + " as varchar) like ? or cast("
						+ parts[1] + " as varchar) like ?")
				.params("%HubbenPrivacyProbe%", "%" + PROBE_ADDRESS + "%")
				.query(Integer.class)
				.single();
			assertThat(found).as(column).isZero();
		}
		assertThat(output.getAll()).doesNotContain("HubbenPrivacyProbe").doesNotContain(PROBE_ADDRESS);
	}

	@Test
	void privacyPageSaysExactlyWhatHappens() {
		Document english = Jsoup.parse(this.site.visitor()
			.get()
			.uri("/privacy?lang=en")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(english.select(".privacy-facts li").eachText())
			.anySatisfy((fact) -> assertThat(fact).startsWith("No cookies"))
			.anySatisfy((fact) -> assertThat(fact).contains("No IP addresses or user agents"))
			.anySatisfy((fact) -> assertThat(fact).contains("per post, platform and day"))
			.anySatisfy((fact) -> assertThat(fact).contains("No third-party scripts, fonts"));
		Document swedish = Jsoup.parse(this.site.visitor()
			.get()
			.uri("/privacy?lang=sv")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(swedish.select(".privacy-facts li").eachText())
			.anySatisfy((fact) -> assertThat(fact).startsWith("Inga kakor"))
			.anySatisfy((fact) -> assertThat(fact).contains("Inga IP-adresser eller användaragenter"))
			.anySatisfy((fact) -> assertThat(fact).contains("per inlägg, plattform och dag"));
	}

}
