package org.hubben.web;

import java.util.Map;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose form with the rich editor's HTML and texts written for one platform: what
 * the server keeps, what it shows back (sanitised), and the plain text area that still
 * works without the editor.
 */
@HubbenIntegrationTest
class ComposeRichTextPageIntegrationTests {

	@LocalServerPort
	int port;

	private WebTestClient client;

	private String session;

	@BeforeEach
	void logIn() {
		this.client = TestClients.anonymous(this.port);
		this.session = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD).session();
	}

	@Test
	void offersTheEditorAndThePreviewsToTheScriptWithoutInlineCode() {
		Document compose = get("/posts/new");
		Element editor = compose.getElementById("editor");
		assertThat(editor.attr("contenteditable")).isEqualTo("true");
		assertThat(editor.attr("role")).isEqualTo("textbox");
		assertThat(compose.getElementById("rich-editor").hasAttr("hidden")).as("shown by the script").isTrue();
		assertThat(compose.select("button.tool").eachAttr("data-command")).containsExactly("bold", "italic",
				"createLink", "insertUnorderedList", "insertOrderedList");
		assertThat(compose.select("[data-platform]").eachAttr("data-platform")).containsExactly("x", "facebook",
				"youtube", "flickr");
		assertThat(compose.select("script[src]").eachAttr("src")).containsExactly("/js/compose.js", "/js/autosave.js");
		assertThat(compose.select("script:not([src])")).as("inline scripts").isEmpty();
		assertThat(compose.select("[onclick], [oninput], [onload], [style]")).isEmpty();
		this.client.get()
			.uri("/js/compose.js")
			.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((script) -> assertThat(script).contains("/api/posts/preview", "/api/link-card"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void publishesTheEditorsHtmlAndATextWrittenForX() {
		Document compose = get("/posts/new");
		MultipartBodyBuilder form = form(compose, "Från editorn");
		form.part("text", "Ignored: the editor's HTML wins");
		form.part("html", "<p>Ta med:</p><ul><li>matsäck</li></ul><script>alert(1)</script>");
		form.part("variants[x-text]", "Egen text för X #Skolval");
		form.part("variants[youtube-title]", "");
		String location = post(form).expectStatus()
			.isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.getPath();
		WebTestClient api = TestClients.admin(this.port);
		Map<String, Object> publication = api.get()
			.uri("/api" + location)
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> post = api.get()
			.uri("/api/posts/{id}", publication.get("postId"))
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(post).containsEntry("html", "<p>Ta med:</p><ul><li>matsäck</li></ul>")
			.containsEntry("text", "Ta med:\n\n• matsäck");
		Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) post.get("variants");
		assertThat((String) variants.get("x").get("text")).startsWith("Egen text för X #Skolval\n\n");
		assertThat(variants.get("x")).containsEntry("edited", true);
		assertThat(variants.get("youtube")).containsEntry("edited", false).containsEntry("title", "Från editorn");
	}

	@Test
	void schedulesWithSendLateWhenThePersonTicksIt() {
		Document compose = get("/posts/new");
		assertThat(compose.getElementById("sendLate").attr("type")).isEqualTo("checkbox");
		MultipartBodyBuilder form = form(compose, "Sent late on purpose");
		form.part("text", "Even if late");
		form.part("sendLate", "true");
		String location = post(form).expectStatus()
			.isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.getPath();
		TestClients.admin(this.port)
			.get()
			.uri("/api" + location)
			.exchange()
			.expectBody()
			.jsonPath("$.sendLate")
			.isEqualTo(true);
	}

	@Test
	void showsTheEditorsHtmlBackSanitisedWhenTheFormIsRefused() {
		Document compose = get("/posts/new");
		MultipartBodyBuilder form = form(compose, "");
		form.part("html", "<p onclick=\"steal()\">Hej <b>du</b></p><img src=x onerror=alert(1)><script>x()</script>");
		form.part("variants[x-text]", "Min <b>egen</b> text");
		Document refused = Jsoup
			.parse(post(form).expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody());
		assertThat(refused.select("#title-error").text()).isEqualTo("A title is required");
		assertThat(refused.getElementById("editor").html()).isEqualTo("<p>Hej <b>du</b></p>");
		assertThat(refused.getElementById("html").val()).isEqualTo("<p>Hej <b>du</b></p>");
		assertThat(refused.select("script:not([src]), img[onerror], [onclick]")).isEmpty();
		assertThat(refused.getElementById("variant-x-text").val()).isEqualTo("Min <b>egen</b> text");
		assertThat(refused.selectFirst("[data-platform=x] details.variant-edit").hasAttr("open")).isTrue();
	}

	@Test
	void stillTakesThePlainTextAreaWithoutTheEditor() {
		Document compose = get("/posts/new");
		MultipartBodyBuilder form = form(compose, "Utan skript");
		form.part("text", "Bara text");
		form.part("html", "");
		post(form).expectStatus().isEqualTo(HttpStatus.SEE_OTHER);
	}

	private Document get(String path) {
		return Jsoup.parse(this.client.get()
			.uri(path)
			.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private WebTestClient.ResponseSpec post(MultipartBodyBuilder form) {
		return this.client.post()
			.uri("/posts")
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

	private static MultipartBodyBuilder form(Document compose, String title) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("_csrf", compose.selectFirst("form[action=/posts] input[name=_csrf]").val());
		form.part("title", title);
		form.part("link", "https://example.org/skola");
		form.part("channelIds", channelId(compose, "@hubben_demo"));
		form.part("when", "now");
		form.part("zone", compose.select("#zone option[selected]").val());
		return form;
	}

	private static String channelId(Document compose, String name) {
		for (Element label : compose.select("fieldset.channels .check label")) {
			if (label.text().equals(name)) {
				return compose.getElementById(label.attr("for")).val();
			}
		}
		throw new AssertionError("No channel " + name);
	}

}
