package org.hubben.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/posts/preview}: the same body as {@code POST /api/posts}, each
 * platform's variant with its length, limit and problems, nothing saved; bad input is
 * problem JSON; the compose page's session may ask too.
 */
@HubbenIntegrationTest
class PostPreviewApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient database;

	private WebTestClient api;

	@BeforeEach
	void client() {
		this.api = TestClients.admin(this.port);
	}

	@Test
	@SuppressWarnings("unchecked")
	void answersEachPlatformsVariantAndSavesNothing() {
		String title = "Förhandsvisning " + UUID.randomUUID();
		String text = "Skolorna öppnar på måndag 👩🏽‍💻 #Skolval #Malmö " + "och mer text ".repeat(30);
		Map<String, Object> preview = preview(
				Map.of("title", title, "text", text, "link", "https://example.org/skola"));
		Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) preview.get("variants");
		assertThat(variants).containsOnlyKeys("facebook", "youtube", "x", "flickr");
		Map<String, Object> x = variants.get("x");
		assertThat(x).containsKeys("text", "title", "length", "limit", "problems", "tags", "media");
		assertThat(x.get("limit")).isEqualTo(280);
		assertThat((Integer) x.get("length")).isLessThanOrEqualTo(280).isGreaterThan(250);
		assertThat(x).containsEntry("shortened", true).containsEntry("problems", List.of());
		assertThat((String) x.get("text")).contains("…\n\nhttps://example.org/skola?utm_source=x&utm_medium=social");
		Map<String, Object> facebook = variants.get("facebook");
		assertThat(facebook).containsEntry("text", text.strip())
			.containsEntry("limit", 63206)
			.containsEntry("shortened", false);
		Map<String, Object> youtube = variants.get("youtube");
		assertThat(youtube).containsEntry("title", title)
			.containsEntry("titleLimit", 100)
			.containsEntry("limit", 5000)
			.containsEntry("tags", List.of("Skolval", "Malmö"));
		assertThat((List<String>) youtube.get("problems"))
			.containsExactly("YouTube needs a video: attach one, or leave YouTube out");
		assertThat((List<String>) variants.get("flickr").get("problems")).singleElement()
			.asString()
			.contains("photo or a video");
		assertThat(this.database.sql("select count(*) from post where title = :title")
			.bind("title", title)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block()).as("posts saved by a preview").isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void derivesEachPlatformsPlainTextFromHtmlAndShowsItSanitised() {
		Map<String, Object> preview = preview(Map.of("title", "Rich", "html",
				"<p onclick=\"steal()\">Ta med:</p><ul><li>matsäck</li><li>regnkläder</li></ul>"
						+ "<p>Läs <a href=\"https://example.org/info\">mer här</a><script>alert(1)</script></p>"));
		assertThat(preview.get("text"))
			.isEqualTo("Ta med:\n\n• matsäck\n• regnkläder\n\nLäs mer här (https://example.org/info)");
		assertThat((String) preview.get("html")).doesNotContain("onclick", "script", "alert")
			.contains("<li>matsäck</li>", "href=\"https://example.org/info\"");
		Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) preview.get("variants");
		assertThat((String) variants.get("facebook").get("text")).isEqualTo(preview.get("text"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void keepsAnEditedVariantAsWrittenAndReportsWhyItWouldBeRefused() {
		String written = "<b>Betyg</b> " + "å".repeat(300);
		Map<String, Object> preview = preview(Map.of("title", "Edited", "text", "Kort", "variants",
				Map.of("x", Map.of("text", written), "youtube", Map.of("title", "A <title>"))));
		Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) preview.get("variants");
		assertThat((String) variants.get("x").get("text")).startsWith(written);
		assertThat(variants.get("x")).containsEntry("edited", true).containsEntry("shortened", false);
		assertThat((List<String>) variants.get("x").get("problems")).singleElement()
			.asString()
			.startsWith("X allows 280 characters");
		assertThat(variants.get("youtube")).containsEntry("title", "A <title>");
		assertThat((List<String>) variants.get("youtube").get("problems"))
			.contains("YouTube does not allow < or > in the title; write ‹ and › instead, or leave them out");
	}

	@Test
	@SuppressWarnings("unchecked")
	void previewsAnUnfinishedDraftWithWhatIsMissing() {
		Map<String, Object> preview = preview(Map.of());
		Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) preview.get("variants");
		assertThat((List<String>) variants.get("x").get("problems")).containsExactly("X needs a text");
	}

	@Test
	void refusesBadInputWithProblemJson() {
		problem(previewRaw("{\"title\": "), 400);
		problem(previewRaw("{\"title\":\"T\",\"text\":\"x\",\"link\":\"ftp://example.org\"}"), 400)
			.jsonPath("$.errors.link")
			.isEqualTo("A link must start with http:// or https://");
		problem(previewRaw("{\"title\":\"T\",\"text\":\"x\",\"variants\":{\"myspace\":{\"text\":\"y\"}}}"), 400)
			.jsonPath("$.errors['variants.myspace']")
			.value((message) -> assertThat((String) message).contains("not a platform"));
		problem(previewRaw("{\"title\":\"T\",\"text\":\"x\",\"html\":\"<p>y</p>\"}"), 400).jsonPath("$.errors.text")
			.isEqualTo("Send the text either as text or as html, not both");
		problem(previewRaw("{\"title\":\"T\",\"html\":\"<p>" + "y".repeat(60_001) + "</p>\"}"), 400)
			.jsonPath("$.errors.html")
			.isEqualTo("The HTML has at most 60000 characters");
		problem(previewRaw("{\"title\":\"T\",\"text\":\"x\",\"mediaIds\":[\"" + UUID.randomUUID() + "\"]}"), 400)
			.jsonPath("$.errors.mediaIds")
			.value((message) -> assertThat((String) message).startsWith("There is no medium"));
		problem(TestClients.anonymous(this.port)
			.post()
			.uri("/api/posts/preview")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange(), 401);
	}

	@Test
	void composingRefusesHtmlWithoutText() {
		problem(this.api.post()
			.uri("/api/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\":\"T\",\"html\":\"<p> <script>x()</script></p>\"}")
			.exchange(), 400).jsonPath("$.errors.html").isEqualTo("A text is required; this HTML has none");
	}

	@Test
	@SuppressWarnings("unchecked")
	void composesAPostFromHtmlAndKeepsItSanitised() {
		Map<String, Object> post = this.api.post()
			.uri("/api/posts")
			.bodyValue(Map.of("title", "Från HTML", "html",
					"<h2>Rubrik</h2><p>R&auml;ksm&ouml;rg&aring;s<br>och <i>kaffe</i></p><img src=x onerror=alert(1)>"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(post).containsEntry("text", "Rubrik\n\nRäksmörgås\noch kaffe")
			.containsEntry("html", "<h2>Rubrik</h2><p>Räksmörgås<br>och <i>kaffe</i></p>");
		Map<String, Object> read = this.api.get()
			.uri("/api/posts/{id}", post.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(read).containsEntry("html", post.get("html")).containsEntry("text", post.get("text"));
		assertThat((String) ((Map<String, Map<String, Object>>) read.get("variants")).get("x").get("text"))
			.startsWith("Rubrik\n\nRäksmörgås\noch kaffe\n\n");
	}

	private Map<String, Object> preview(Map<String, Object> body) {
		@SuppressWarnings("unchecked")
		Map<String, Object> preview = this.api.post()
			.uri("/api/posts/preview")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return preview;
	}

	private WebTestClient.ResponseSpec previewRaw(String json) {
		return this.api.post()
			.uri("/api/posts/preview")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.detail")
			.isNotEmpty();
	}

}
