package org.hubben.web;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.inbox.WordLanguage;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the inbox owes the people in it: the retention job deletes what is past its time,
 * a person's comments are found and erased on request, a member downloads their own data,
 * and the organisation's word lists flag what it finds offensive.
 */
@HubbenIntegrationTest
class InboxPrivacyIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Scheduler quartz;

	@AfterEach
	void defaultWordLists() {
		this.jdbc.sql("delete from inbox_word_list").update();
	}

	@Test
	void theRetentionJobDeletesCommentsPastTheirTimeAndKeepsRecentOnes() throws Exception {
		Instant now = Instant.now();
		UUID old = insertComment("x", "retention-old", "Old Person", "Gammal kommentar", now.minus(Duration.ofDays(91)),
				false, null, null);
		UUID oldReply = insertComment("x", "retention-old-reply", "Hubben", "Gammalt svar",
				now.minus(Duration.ofDays(90)).minusSeconds(60), true, "retention-old", "admin");
		UUID recent = insertComment("x", "retention-recent", "New Person", "Ny kommentar",
				now.minus(Duration.ofDays(89)), false, null, null);

		this.quartz.triggerJob(JobKey.jobKey("inbox-retention", "hubben"));
		Instant deadline = Instant.now().plusSeconds(30);
		while (exists(old) && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}

		assertThat(exists(old)).as("a comment written 91 days ago").isFalse();
		assertThat(exists(oldReply)).as("the channel's reply to it, 90 days and a minute ago").isFalse();
		assertThat(exists(recent)).as("a comment written 89 days ago").isTrue();
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		assertThat(browser.page("/settings/privacy").select("#retention").text()).contains("90 days");
	}

	@Test
	void anAdministratorFindsAPersonByNameAndErasesTheirCommentsAndTheRepliesToThem() {
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		String authorId = "erase-me-" + marker;
		UUID first = insertComment("x", "e1-" + marker, "Erik Eraseson " + marker, "Första", Instant.now(), false, null,
				null, authorId);
		UUID second = insertComment("x", "e2-" + marker, "Erik E. " + marker, "Andra", Instant.now(), false, null, null,
				authorId);
		UUID reply = insertComment("x", "e3-" + marker, "Hubben", "Hej Erik!", Instant.now(), true, "e1-" + marker,
				"admin");
		UUID someoneElse = insertComment("x", "e4-" + marker, "Frida Other " + marker, "Annat", Instant.now(), false,
				null, null);

		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		assertThat(browser.page("/settings/privacy?q=nobody-" + marker).select("#nobody-found")).isNotEmpty();
		Document found = browser.page("/settings/privacy?q=" + authorId);
		assertThat(found.select("table.people tbody tr")).singleElement().satisfies((row) -> {
			assertThat(row.select("th").text()).contains("Erik Eraseson " + marker, "Erik E. " + marker);
			assertThat(row.select("td").get(2).text()).as("comments").isEqualTo("2");
		});
		found = browser.page("/settings/privacy?q=eRaSeSoN+" + marker.toUpperCase());
		Element erase = found.select("table.people tbody tr")
			.stream()
			.filter((row) -> row.text().contains(marker))
			.findFirst()
			.orElseThrow()
			.selectFirst("form.erase");
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		erase.select("input[type=hidden]")
			.stream()
			.filter((input) -> !input.attr("name").equals("_csrf"))
			.forEach((input) -> fields.add(input.attr("name"), input.val()));
		java.net.URI done = browser.submitAndFollow(erase, fields, HttpStatus.SEE_OTHER);
		assertThat(browser.page(done.toString()).select("#privacy-notice").text())
			.isEqualTo("Erased 2 comment(s) and 1 of your replies to them from Hubben.");

		assertThat(exists(first)).isFalse();
		assertThat(exists(second)).isFalse();
		assertThat(exists(reply)).isFalse();
		assertThat(exists(someoneElse)).isTrue();
		assertThat(this.jdbc.sql("select count(*) from inbox_erased where remote_key = :key")
			.param("key", sha256("e1-" + marker))
			.query(Long.class)
			.single()).as("the erased comment is remembered only by its id's hash").isEqualTo(1);
	}

	@Test
	void aMemberDownloadsTheirOwnDataWithoutAnyTokenOrOtherPeoplesWords() {
		WebTestClient api = TestClients.admin(this.port);
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		Map<?, ?> post = api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Export " + marker, "text", "Min text " + marker))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<?, ?> token = api.post()
			.uri("/api/tokens")
			.bodyValue(Map.of("name", "export-test " + marker))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		insertComment("x", "x1-" + marker, "Someone Private", "Privat fråga " + marker, Instant.now(), false, null,
				null);
		insertComment("x", "x2-" + marker, "Hubben", "Vårt svar " + marker, Instant.now(), true, "x1-" + marker,
				"admin");

		var result = api.get()
			.uri("/api/me/export")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		assertThat(result.getResponseHeaders().getContentDisposition().getFilename()).startsWith("hubben-admin-")
			.endsWith(".json");
		String json = result.getResponseBody();
		assertThat(json).contains("\"username\":\"admin\"", "\"role\":\"admin\"", "Export " + marker,
				"export-test " + marker, "Vårt svar " + marker, post.get("id").toString());
		assertThat(json).doesNotContain((String) token.get("token"), "Someone Private", "Privat fråga " + marker,
				"tokenHash");

		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		assertThat(browser.page("/account/tokens").select("a#download-my-data").attr("href"))
			.isEqualTo("/api/me/export");
	}

	@Test
	void theOrganisationsOwnWordsFlagTheCommentsAlreadyInTheInbox() {
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		String word = "bananrepublik" + marker.replaceAll("[0-9]", "");
		UUID comment = insertComment("x", "w1-" + marker, "Word Person", "Rena " + word + "en!", Instant.now(), false,
				null, null);
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		Document form = browser.page("/settings/words");
		assertThat(form.select("label[for=words-sv]").text()).isEqualTo("Swedish words");
		assertThat(form.select("#words-sv").text()).contains("idiot");
		assertThat(form.select("#words-en").text()).contains("moron");
		MultiValueMap<String, String> lists = new LinkedMultiValueMap<>();
		lists.add("sv", WordLanguage.SV.defaultWords() + "\n" + word);
		lists.add("en", form.select("#words-en").text());
		java.net.URI saved = browser.submitAndFollow(form.selectFirst("form[action=/settings/words]"), lists,
				HttpStatus.SEE_OTHER);
		assertThat(browser.page(saved.toString()).select("#words-saved").text()).startsWith("Saved.");
		assertThat(this.jdbc.sql("select flagged from inbox_comment where id = :id")
			.param("id", comment)
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(this.jdbc.sql("select language from inbox_word_list").query(String.class).list())
			.as("the English list left as the default stays the default")
			.containsExactly("sv");

		MultiValueMap<String, String> tooLong = new LinkedMultiValueMap<>();
		tooLong.add("sv", "x".repeat(101));
		tooLong.add("en", "");
		browser.submit(form.selectFirst("form[action=/settings/words]"), tooLong)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("An entry may be at most 100 characters")
				.contains("x".repeat(101)));
	}

	private boolean exists(UUID id) {
		return this.jdbc.sql("select count(*) from inbox_comment where id = :id")
			.param("id", id)
			.query(Long.class)
			.single() > 0;
	}

	private UUID insertComment(String platform, String remoteId, String name, String text, Instant createdAt,
			boolean byChannel, String parent, String repliedBy) {
		return insertComment(platform, remoteId, name, text, createdAt, byChannel, parent, repliedBy,
				byChannel ? "channel" : "person-" + remoteId);
	}

	private UUID insertComment(String platform, String remoteId, String name, String text, Instant createdAt,
			boolean byChannel, String parent, String repliedBy, String authorId) {
		Map<String, Object> channel = this.jdbc
			.sql("select id, organisation_id from channel where platform = :platform order by created_at limit 1")
			.param("platform", platform.toUpperCase())
			.query()
			.singleRow();
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("insert into inbox_comment (id, organisation_id, channel_id, platform, remote_post_id, remote_id, "
					+ "parent_remote_id, author_id, author_name, body, created_at, fetched_at, by_channel, mention, hidden, "
					+ "deleted, flagged, replied_by) values (:id, :organisation, :channel, :platform, 'post-1', :remote, "
					+ ":parent, :author, :name, :body, :created, :created, :byChannel, true, false, false, false, :repliedBy)")
			.param("id", id)
			.param("organisation", channel.get("organisation_id"))
			.param("channel", channel.get("id"))
			.param("platform", platform.toUpperCase())
			.param("remote", remoteId)
			.param("parent", parent)
			.param("author", authorId)
			.param("name", name)
			.param("body", text)
			.param("created", Timestamp.from(createdAt))
			.param("byChannel", byChannel)
			.param("repliedBy", repliedBy)
			.update();
		return id;
	}

	private static String sha256(String text) throws RuntimeException {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
