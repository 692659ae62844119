package org.hubben.web;

import java.util.List;
import java.util.Map;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose page with files: a multipart form with its CSRF token, media stored as the
 * form arrives and kept attached when the form is refused, thumbnails for images, and
 * each platform's media problems beside its channels.
 */
@HubbenIntegrationTest
class ComposeMediaPageIntegrationTests {

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
	void offersALabelledFileInputInAMultipartForm() {
		Document compose = get("/posts/new");
		Element form = compose.selectFirst("form[action=/posts]");
		assertThat(form.attr("enctype")).isEqualTo("multipart/form-data");
		Element files = form.selectFirst("input[type=file]#files");
		assertThat(files.attr("name")).isEqualTo("files");
		assertThat(files.hasAttr("multiple")).isTrue();
		assertThat(files.attr("accept")).contains("image/*", "video/*");
		assertThat(compose.select("label[for=files]").text()).isEqualTo("Attach images or videos");
		assertThat(compose.getElementById(files.attr("aria-describedby")).text()).contains("JPEG", "MP4", "1 MB");
	}

	@Test
	@SuppressWarnings("unchecked")
	void publishesAPostWithTheFilesChosenOnThePage() {
		Document compose = get("/posts/new");
		MultipartBodyBuilder form = form(compose, "With a photo", "Seen from the page #Skolval",
				channelId(compose, "@hubben_demo"));
		form.part("files", SampleUploads.jpeg()).filename("from-the-page.jpg").contentType(MediaType.IMAGE_JPEG);
		String location = post(form).expectStatus()
			.isEqualTo(HttpStatus.SEE_OTHER)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.getPath();
		assertThat(location).startsWith("/publications/");
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
		List<Map<String, Object>> media = (List<Map<String, Object>>) post.get("media");
		assertThat(media).singleElement()
			.satisfies((item) -> assertThat(item).containsEntry("filename", "from-the-page.jpg")
				.containsEntry("contentType", "image/jpeg")
				.containsEntry("sha256", SampleUploads.sha256(SampleUploads.jpeg())));
	}

	@Test
	void keepsStoredFilesAttachedWhenTheFormIsRefusedWithAThumbnailForEachImage() {
		Document compose = get("/posts/new");
		MultipartBodyBuilder form = form(compose, "", "No title yet", channelId(compose, "@hubben_demo"));
		form.part("files", SampleUploads.jpeg()).filename("kept.jpg").contentType(MediaType.IMAGE_JPEG);
		form.part("files", SampleUploads.mp4(20_000))
			.filename("kept.mp4")
			.contentType(MediaType.parseMediaType("video/mp4"));
		Document refused = refused(post(form));
		assertThat(refused.select("#title-error").text()).isEqualTo("A title is required");
		List<Element> attached = refused.select("fieldset.media .attached li");
		assertThat(attached).hasSize(2);
		Element image = attached.get(0);
		assertThat(image.selectFirst("input[type=checkbox][name=mediaIds]").hasAttr("checked")).isTrue();
		assertThat(image.select("label").text()).contains("kept.jpg");
		String thumbnail = image.selectFirst("img.thumbnail").attr("src");
		assertThat(thumbnail).startsWith("/media/").endsWith("/content");
		byte[] bytes = this.client.get()
			.uri(thumbnail)
			.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.IMAGE_JPEG)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(bytes).isEqualTo(SampleUploads.jpeg());
		Element video = attached.get(1);
		assertThat(video.select("img")).isEmpty();
		assertThat(video.select("label").text()).contains("kept.mp4", "video", "19.6 KB");

		// X takes images or a video, not both: the video is unticked, the image kept.
		MultipartBodyBuilder again = form(refused, "Now with a title", "No title yet",
				channelId(refused, "@hubben_demo"));
		again.part("mediaIds", image.selectFirst("input[name=mediaIds]").val());
		post(again).expectStatus().isEqualTo(HttpStatus.SEE_OTHER);
	}

	@Test
	void saysBesideTheFileInputWhichFileItCannotRead() {
		Document compose = get("/posts/new");
		MultipartBodyBuilder form = form(compose, "Notes", "Text", channelId(compose, "@hubben_demo"));
		form.part("files", "Just some notes".getBytes()).filename("notes.jpg").contentType(MediaType.IMAGE_JPEG);
		form.part("files", SampleUploads.jpeg()).filename("fine.jpg").contentType(MediaType.IMAGE_JPEG);
		Document refused = refused(post(form));
		Element files = refused.selectFirst("#files");
		assertThat(files.attr("aria-invalid")).isEqualTo("true");
		assertThat(refused.select("#files-error").text()).startsWith("notes.jpg: Hubben cannot tell what this file is");
		assertThat(refused.select("fieldset.media .attached label").text()).contains("fine.jpg")
			.doesNotContain("notes.jpg");
	}

	@Test
	void showsEachPlatformsMediaProblemsBesideItsChannels() {
		Document compose = get("/posts/new");
		MultipartBodyBuilder form = form(compose, "Five photos", "Too many for X", channelId(compose, "@hubben_demo"));
		for (int seed = 0; seed < 5; seed++) {
			form.part("files", SampleUploads.image("png", seed))
				.filename("photo-" + seed + ".png")
				.contentType(MediaType.IMAGE_PNG);
		}
		Document refused = refused(post(form));
		assertThat(refused.select("#problems-x li").eachText())
			.containsExactly("X takes at most 4 images in one post; this one has 5");
		assertThat(refused.select("#problems-facebook")).isEmpty();
		assertThat(refused.select("#channelIds-error").text()).contains("X takes at most 4 images");
		assertThat(refused.select("fieldset.media .attached li")).hasSize(5);
	}

	@Test
	void answersAFormOverTheUploadLimitWithAPageNotAnError() {
		Document compose = get("/posts/new");
		MultipartBodyBuilder form = form(compose, "Huge", "Text", channelId(compose, "@hubben_demo"));
		form.part("files", SampleUploads.mp4(1200 * 1024))
			.filename("huge.mp4")
			.contentType(MediaType.parseMediaType("video/mp4"));
		// The server answers before it has read the form and closes the connection; the
		// client opens a connection per request, so no other request is handed the dead
		// one.
		Document page = Jsoup.parse(this.client.post()
			.uri("/posts")
			.cookie("SESSION", this.session)
			.accept(MediaType.TEXT_HTML)
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.valueEquals(HttpHeaders.CONNECTION, "close")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(page.select("h1").text()).isEqualTo("Too large");
		assertThat(page.select("a[href=/posts/new]")).isNotEmpty();
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

	private static Document refused(WebTestClient.ResponseSpec response) {
		return Jsoup
			.parse(response.expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody());
	}

	private static MultipartBodyBuilder form(Document compose, String title, String text, String channelId) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("_csrf", compose.selectFirst("form[action=/posts] input[name=_csrf]").val());
		form.part("title", title);
		form.part("text", text);
		form.part("link", "");
		form.part("channelIds", channelId);
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
