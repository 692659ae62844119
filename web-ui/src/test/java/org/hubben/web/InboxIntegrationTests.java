package org.hubben.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.inbox.InboxPoller;
import org.hubben.publishing.PublishingFlow;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox end to end against all four emulators: a post goes out on Facebook, YouTube,
 * X and Flickr; people comment through each emulator's comment hook, as the platforms'
 * users would; a poll brings the comments into the inbox threaded under the post, the
 * offensive one in the flagged queue; a reply reaches each platform as the channel's own
 * comment, and moderation hides the comment (deletes it on Flickr) on the platform.
 */
@HubbenIntegrationTest
class InboxIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	InboxPoller poller;

	@Test
	@SuppressWarnings("unchecked")
	void commentsFromEveryPlatformAreThreadedUnderThePostAnsweredAndModeratedOnThePlatform()
			throws InterruptedException {
		WebTestClient api = TestClients.admin(this.port);
		WebTestClient emulatorClient = TestClients.anonymous(this.port);
		Map<String, Object> post = publishEverywhere(api);
		Map<String, Object> publication = (Map<String, Object>) post.get("publication");
		Map<Platform, String> remoteIds = new EnumMap<>(Platform.class);
		for (Map<String, Object> delivery : (List<Map<String, Object>>) publication.get("deliveries")) {
			remoteIds.put(Platform.byId((String) delivery.get("platform")).orElseThrow(),
					(String) delivery.get("remoteId"));
		}
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		Map<Platform, String> texts = Map.of(Platform.FACEBOOK, "När börjar mötet? " + marker, Platform.YOUTUBE,
				"Vilken idiot som gjorde den här videon " + marker, Platform.X, "Håller med! " + marker,
				Platform.FLICKR, "Fin bild " + marker);
		for (Platform platform : Platform.values()) {
			emulatorClient.post()
				.uri("/emulator/{platform}/comments", platform.id())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("postId", remoteIds.get(platform), "authorId", "person-" + platform.id() + marker,
						"authorName", "Person på " + platform.displayName(), "text", texts.get(platform)))
				.exchange()
				.expectStatus()
				.is2xxSuccessful();
		}

		InboxPoller.PollRound round = this.poller.poll().block(PATIENCE);
		assertThat(round.stored()).as("new comments in %s", round).isGreaterThanOrEqualTo(4);

		Map<String, Object> group = postGroup(api, "all", post.get("id"));
		List<Map<String, Object>> threads = (List<Map<String, Object>>) group.get("threads");
		Map<Platform, Map<String, Object>> comments = new EnumMap<>(Platform.class);
		for (Map<String, Object> thread : threads) {
			Map<String, Object> comment = (Map<String, Object>) thread.get("comment");
			comments.put(Platform.byId((String) comment.get("platform")).orElseThrow(), comment);
			assertThat(thread.get("unanswered")).isEqualTo(true);
		}
		assertThat(comments).as("one thread per platform under the post").hasSize(4);
		assertThat(group.get("title")).isEqualTo("Inbox " + post.get("marker"));
		for (Platform platform : Platform.values()) {
			Map<String, Object> comment = comments.get(platform);
			assertThat(comment.get("text")).isEqualTo(texts.get(platform));
			assertThat(comment.get("authorName")).isEqualTo("Person på " + platform.displayName());
			assertThat(comment.get("state")).isEqualTo("shown");
			assertThat(comment.get("flagged")).as("flagged on %s", platform).isEqualTo(platform == Platform.YOUTUBE);
			assertThat(comment.get("moderation")).isEqualTo((platform == Platform.FLICKR) ? "delete" : "hide");
		}
		assertThat((List<String>) comments.get(Platform.YOUTUBE).get("matchedWords")).containsExactly("idiot");
		Map<String, Object> flaggedGroup = postGroup(api, "flagged", post.get("id"));
		assertThat((List<Map<String, Object>>) flaggedGroup.get("threads"))
			.extracting((thread) -> ((Map<String, Object>) thread.get("comment")).get("platform"))
			.containsExactly("youtube");

		for (Platform platform : Platform.values()) {
			String answer = "Tack för din kommentar på " + platform.displayName() + " " + marker;
			Map<String, Object> reply = api.post()
				.uri("/api/inbox/comments/{id}/reply", comments.get(platform).get("id"))
				.bodyValue(Map.of("text", answer))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			assertThat(reply.get("byChannel")).isEqualTo(true);
			assertThat(reply.get("repliedBy")).isEqualTo(TestClients.ADMIN);
			assertThat(reply.get("parentRemoteId")).isEqualTo(comments.get(platform).get("remoteId"));
			List<Map<String, Object>> held = emulatorComments(emulatorClient, platform);
			assertThat(held).as("%s holds the channel's reply", platform).anySatisfy((comment) -> {
				assertThat(comment.get("byChannel")).isEqualTo(true);
				assertThat((String) comment.get("text")).contains(answer);
			});
		}
		api.post()
			.uri("/api/inbox/comments/{id}/reply", comments.get(Platform.X).get("id"))
			.bodyValue(Map.of("text", "   "))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.text")
			.isEqualTo("Write the reply first");

		for (Platform platform : Platform.values()) {
			Map<String, Object> moderated = api.post()
				.uri("/api/inbox/comments/{id}/moderate", comments.get(platform).get("id"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			assertThat(moderated.get("state")).isEqualTo((platform == Platform.FLICKR) ? "deleted" : "hidden");
			assertThat(moderated.get("moderatedBy")).isEqualTo(TestClients.ADMIN);
			String remoteId = (String) comments.get(platform).get("remoteId");
			assertThat(emulatorComments(emulatorClient, platform))
				.filteredOn((comment) -> remoteId.equals(comment.get("id")))
				.singleElement()
				.satisfies((comment) -> assertThat(comment.get((platform == Platform.FLICKR) ? "deleted" : "hidden"))
					.as("moderated on %s", platform)
					.isEqualTo(true));
		}

		this.poller.poll().block(PATIENCE);
		Map<String, Object> after = postGroup(api, "all", post.get("id"));
		for (Map<String, Object> thread : (List<Map<String, Object>>) after.get("threads")) {
			Map<String, Object> comment = (Map<String, Object>) thread.get("comment");
			assertThat(comment.get("state")).as("after the next poll").isNotEqualTo("shown");
			assertThat(thread.get("unanswered")).isEqualTo(false);
			assertThat((List<Map<String, Object>>) thread.get("replies")).extracting((reply) -> reply.get("byChannel"))
				.contains(true);
		}
		assertThat(flaggedThreads(api, post.get("id"))).as("the hidden comment left the flagged queue").isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void theInboxPageShowsTheThreadAndItsFormsAndRepliesAndHidesFromThePage() throws InterruptedException {
		WebTestClient api = TestClients.admin(this.port);
		Map<String, Object> post = publishOn(api, List.of(Platform.FACEBOOK), null);
		Map<String, Object> publication = (Map<String, Object>) post.get("publication");
		String remoteId = (String) ((List<Map<String, Object>>) publication.get("deliveries")).get(0).get("remoteId");
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		TestClients.anonymous(this.port)
			.post()
			.uri("/emulator/facebook/comments")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("postId", remoteId, "authorId", "page-person-" + marker, "authorName",
					"Greta Page " + marker, "text", "Ni är lögnare allihop " + marker))
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		Document checked = browser.page(
				browser
					.submitAndFollow(browser.page("/inbox").selectFirst("form[action=/inbox/poll]"),
							new LinkedMultiValueMap<>(), HttpStatus.SEE_OTHER)
					.toString());
		assertThat(checked.select("#inbox-notice").text()).startsWith("Checked every channel");

		Document page = browser.page("/inbox?filter=flagged");
		Element card = page.select("article.comment")
			.stream()
			.filter((comment) -> comment.text().contains(marker))
			.findFirst()
			.orElseThrow();
		assertThat(card.select(".author").text()).isEqualTo("Greta Page " + marker);
		assertThat(card.select(".badge.platform-facebook").text()).isEqualTo("Facebook");
		assertThat(card.text()).contains("Flagged: lögnare");
		assertThat(page.select("header nav .nav-count").text()).isNotBlank();
		Element replyForm = card.selectFirst("form.reply-form");
		String textareaId = replyForm.selectFirst("textarea").id();
		assertThat(replyForm.select("label[for=" + textareaId + "]").text()).isEqualTo("Reply to Greta Page " + marker);
		Element hide = card.selectFirst("form.moderate-form button");
		assertThat(hide.text()).isEqualTo("Hide on Facebook");

		MultiValueMap<String, String> tooLong = new LinkedMultiValueMap<>();
		tooLong.add("text", "x".repeat(8001));
		tooLong.add("filter", "flagged");
		browser.submit(replyForm, tooLong).expectStatus().isBadRequest().expectBody(String.class).value((html) -> {
			assertThat(html).contains("Facebook takes replies of at most 8000 characters");
			assertThat(html).contains("x".repeat(8001));
		});

		MultiValueMap<String, String> reply = new LinkedMultiValueMap<>();
		reply.add("text", "Vi håller en god ton här, " + marker);
		reply.add("filter", "flagged");
		browser.submitAndFollow(replyForm, reply, HttpStatus.SEE_OTHER);
		browser.submitAndFollow(card.selectFirst("form.moderate-form"),
				new LinkedMultiValueMap<>(Map.of("filter", List.of("all"))), HttpStatus.SEE_OTHER);
		Document after = browser.page("/inbox");
		Element hidden = after.getElementById(card.id());
		assertThat(hidden.text()).contains("Hidden by admin");
		assertThat(hidden.select("form")).as("no more actions on a hidden comment").isEmpty();
		assertThat(after.text()).contains("replied by admin").contains("Vi håller en god ton här, " + marker);
	}

	private Map<String, Object> publishEverywhere(WebTestClient api) throws InterruptedException {
		String photoId = upload(api, SampleUploads.image("jpeg", 7), "inbox.jpg", MediaType.IMAGE_JPEG);
		String videoId = upload(api, SampleUploads.mp4(50_000), "inbox.mp4", MediaType.parseMediaType("video/mp4"));
		return publishOn(api, List.of(Platform.values()), List.of(photoId, videoId));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> publishOn(WebTestClient api, List<Platform> platforms, List<String> mediaIds)
			throws InterruptedException {
		PublishingFlow flow = new PublishingFlow(api, this.emulators);
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, Object> body = new java.util.HashMap<>(Map.of("title", "Inbox " + marker, "text",
				"Vad tycker du? " + marker, "link", "https://example.org/inbox"));
		if (mediaIds != null) {
			body.put("mediaIds", mediaIds);
		}
		Map<String, Object> post = new java.util.HashMap<>(api.post()
			.uri("/api/posts")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody());
		List<UUID> channels = new ArrayList<>();
		for (Platform platform : platforms) {
			channels.add(flow.channelIds(platform).get(0));
		}
		Map<String, Object> scheduled = flow.schedule(post.get("id"), channels, null);
		Map<String, Object> finished = flow.awaitFinished(scheduled.get("id"), PATIENCE);
		assertThat((List<Map<String, Object>>) finished.get("deliveries"))
			.allSatisfy((delivery) -> assertThat(delivery.get("state"))
				.as("%s: %s", delivery.get("platform"), delivery.get("error"))
				.isEqualTo("SENT"));
		post.put("publication", finished);
		post.put("marker", marker);
		return post;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> postGroup(WebTestClient api, String filter, Object postId) {
		List<Map<String, Object>> groups = api.get()
			.uri("/api/inbox?filter={filter}", filter)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		return groups.stream()
			.filter((group) -> postId.equals(group.get("postId")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No group for post " + postId + " in " + groups));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> flaggedThreads(WebTestClient api, Object postId) {
		List<Map<String, Object>> groups = api.get()
			.uri("/api/inbox?filter=flagged")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		return groups.stream()
			.filter((group) -> postId.equals(group.get("postId")))
			.flatMap((group) -> ((List<Object>) group.get("threads")).stream())
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> emulatorComments(WebTestClient client, Platform platform) {
		return client.get()
			.uri("/emulator/{platform}/comments", platform.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
	}

	private static String upload(WebTestClient api, byte[] bytes, String filename, MediaType contentType) {
		Map<?, ?> media = api.post()
			.uri("/api/media")
			.body(BodyInserters.fromMultipartData(SampleUploads.filePart("file", bytes, filename, contentType)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) media.get("id");
	}

}
