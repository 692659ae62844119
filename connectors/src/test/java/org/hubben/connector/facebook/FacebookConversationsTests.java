package org.hubben.connector.facebook;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.MediaKind;
import org.hubben.connector.MediaSamples;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.facebook.emulator.FacebookEmulator;
import org.hubben.connector.facebook.emulator.FacebookEmulator.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FacebookConnector}'s conversation calls against {@link FacebookEmulator} over
 * real HTTP: paging, threading, hiding, and how Facebook's refusals reach the caller.
 */
class FacebookConversationsTests {

	private static final String PAGE = "1000001";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ChannelAccess channel = ChannelAccess.bearer(PAGE, this.tokens.issue(Platform.FACEBOOK, PAGE, null));

	private FacebookEmulator emulator;

	private EmulatorServer server;

	private FacebookConnector connector;

	private void start(Limits limits) {
		this.emulator = new FacebookEmulator(this.tokens, Clock.systemUTC(), limits);
		this.server = EmulatorServer.start(this.emulator);
		this.connector = new FacebookConnector(WebClient.builder(), this.server.endpoints(Platform.FACEBOOK, TIMEOUT),
				this.server.properties(Platform.FACEBOOK, TIMEOUT));
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private String post(String text) {
		return this.connector
			.publish(new PublishRequest(UUID.randomUUID(), this.channel, text, null,
					URI.create("https://home.example.org/p/news")))
			.block(TIMEOUT)
			.remoteId();
	}

	private EmulatedComment comment(String postId, String parentId, String text) {
		return this.emulator.comment(new PersonComment(postId, parentId, "4711", "Anna Andersson", text));
	}

	@Test
	void readsEveryPageOfCommentsAndRepliesInTheOrderTheyWereWritten() {
		start(Limits.DEFAULTS);
		String postId = post("Many opinions");
		List<String> written = new java.util.ArrayList<>();
		for (int i = 0; i < 12; i++) {
			EmulatedComment top = comment(postId, null, "Comment " + i);
			written.add(top.id());
			EmulatedComment reply = comment(postId, top.id(), "Reply to " + i);
			written.add(reply.id());
		}
		StepVerifier.create(this.connector.comments(this.channel, postId, null).collectList())
			.assertNext((comments) -> {
				assertThat(comments).extracting(RemoteComment::id).containsExactlyElementsOf(written);
				assertThat(comments.get(1).parentId()).isEqualTo(comments.get(0).id());
				assertThat(comments).allSatisfy((comment) -> assertThat(comment.postId()).isEqualTo(postId));
			})
			.verifyComplete();
		// 24 comments at most 10 a page: three pages, each one counted call.
		assertThat(written).hasSize(24);
	}

	@Test
	void repliesToAReplyUnderItsTopLevelCommentAsFacebookThreadsThem() {
		start(Limits.DEFAULTS);
		String postId = post("Threads");
		EmulatedComment top = comment(postId, null, "Question");
		EmulatedComment answer = comment(postId, top.id(), "Another person answers");
		RemoteComment seen = this.connector.comments(this.channel, postId, null)
			.filter((comment) -> comment.id().equals(answer.id()))
			.blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.reply(this.channel, seen, "Thanks both!")).assertNext((reply) -> {
			assertThat(reply.parentId()).isEqualTo(top.id());
			assertThat(reply.byChannel()).isTrue();
			assertThat(reply.authorId()).isEqualTo(PAGE);
			assertThat(reply.text()).isEqualTo("Thanks both!");
		}).verifyComplete();
	}

	@Test
	void readsAndAnswersCommentsOnPhotoAndVideoPostsByTheIdTheirPublicationRecorded(@TempDir Path directory)
			throws IOException {
		start(Limits.DEFAULTS);
		for (PublishMedia medium : List.of(
				media(directory, MediaKind.IMAGE, "image/jpeg", "photo.jpg", MediaSamples.image("jpeg", 1)),
				media(directory, MediaKind.IMAGE, "image/png", "plan.png", MediaSamples.image("png", 2)),
				media(directory, MediaKind.VIDEO, "video/mp4", "clip.mp4", MediaSamples.mp4(20_000)))) {
			List<PublishMedia> attached = (medium.kind() == MediaKind.VIDEO) ? List.of(medium)
					: List.of(medium, media(directory, MediaKind.IMAGE, "image/jpeg", "second.jpg",
							MediaSamples.image("jpeg", medium.filename().length())));
			for (List<PublishMedia> each : (medium.kind() == MediaKind.VIDEO) ? List.of(attached)
					: List.of(List.of(medium), attached)) {
				String postId = this.connector
					.publish(new PublishRequest(UUID.randomUUID(), this.channel, "With media " + UUID.randomUUID(),
							"A title", URI.create("https://home.example.org/p/media"), each, List.of()))
					.block(TIMEOUT)
					.remoteId();
				comment(postId, null, "Nice picture");
				RemoteComment seen = this.connector.comments(this.channel, postId, null).blockFirst(TIMEOUT);
				assertThat(seen.postId()).isEqualTo(postId);
				assertThat(this.connector.reply(this.channel, seen, "Thanks").block(TIMEOUT).parentId())
					.isEqualTo(seen.id());
			}
		}
	}

	@Test
	void reportsCommentsOfAPostThePageDoesNotShowAsRefused() {
		start(Limits.DEFAULTS);
		StepVerifier.create(this.connector.comments(this.channel, "999_1", null))
			.expectError(PublishRefused.class)
			.verify(TIMEOUT);
	}

	private static PublishMedia media(Path directory, MediaKind kind, String contentType, String filename, byte[] bytes)
			throws IOException {
		Path file = Files.write(directory.resolve(UUID.randomUUID() + "-" + filename), bytes);
		return new PublishMedia(UUID.randomUUID(), kind, contentType, bytes.length, filename, file);
	}

	@Test
	void showsHiddenCommentsAsHiddenToThePage() {
		start(Limits.DEFAULTS);
		String postId = post("Tone");
		comment(postId, null, "Rude");
		comment(postId, null, "Kind");
		RemoteComment rude = this.connector.comments(this.channel, postId, null).blockFirst(TIMEOUT);
		this.connector.moderate(this.channel, rude).block(TIMEOUT);
		StepVerifier.create(this.connector.comments(this.channel, postId, null).map(RemoteComment::hidden))
			.expectNext(true, false)
			.verifyComplete();
	}

	@Test
	void reportsThePagesSpentCallBudgetOnReadingAsARateLimit() {
		start(new Limits(3, Duration.ofMinutes(10), Duration.ofDays(30)));
		String postId = post("Budget");
		this.connector.comments(this.channel, postId, null).collectList().block(TIMEOUT);
		this.connector.comments(this.channel, postId, null).collectList().block(TIMEOUT);
		StepVerifier.create(this.connector.comments(this.channel, postId, null))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.retryAt()).isAfter(Instant.now())))
			.verify(TIMEOUT);
	}

	@Test
	void reportsARateLimitOnAReplyAsARateLimit() {
		start(Limits.DEFAULTS);
		String postId = post("Busy");
		comment(postId, null, "Hello?");
		RemoteComment comment = this.connector.comments(this.channel, postId, null).blockFirst(TIMEOUT);
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(this.connector.reply(this.channel, comment, "Hi"))
			.expectError(RateLimited.class)
			.verify(TIMEOUT);
		assertThat(this.emulator.comments()).noneMatch(EmulatedComment::byChannel);
	}

	@Test
	void reportsAnExpiredTokenAsLostAuthorisation() {
		start(Limits.DEFAULTS);
		String postId = post("Expired");
		comment(postId, null, "Hello?");
		ChannelAccess expired = ChannelAccess.bearer(PAGE,
				this.tokens.issue(Platform.FACEBOOK, PAGE, Duration.ofSeconds(-5)));
		StepVerifier.create(this.connector.comments(expired, postId, null))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("reconnect")
				.hasMessageNotContaining(expired.accessToken()))
			.verify(TIMEOUT);
		RemoteComment comment = this.connector.comments(this.channel, postId, null).blockFirst(TIMEOUT);
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		StepVerifier.create(this.connector.moderate(this.channel, comment))
			.expectError(AuthorisationFailed.class)
			.verify(TIMEOUT);
	}

	@Test
	void reportsAServerErrorAfterAReplyWasTakenAsAnUnknownOutcome() {
		start(Limits.DEFAULTS);
		String postId = post("Unknown");
		comment(postId, null, "Hello?");
		RemoteComment comment = this.connector.comments(this.channel, postId, null).blockFirst(TIMEOUT);
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		StepVerifier.create(this.connector.reply(this.channel, comment, "Hi"))
			.expectError(OutcomeUnknown.class)
			.verify(TIMEOUT);
		assertThat(this.emulator.comments()).filteredOn(EmulatedComment::byChannel).hasSize(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void emulatorAnswersGraphErrorsForCommentsOnAnotherPagesPost() {
		start(Limits.DEFAULTS);
		String postId = post("Not yours");
		String other = this.tokens.issue(Platform.FACEBOOK, "2000002", null);
		Map<String, Object> error = WebClient
			.create(this.server.baseUrl(Platform.FACEBOOK) + "/v21.0/" + postId + "/comments")
			.get()
			.headers((headers) -> headers.setBearerAuth(other))
			.exchangeToMono((response) -> response.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			}))
			.block(TIMEOUT);
		assertThat((Map<String, Object>) error.get("error")).containsEntry("code", 100)
			.containsEntry("error_subcode", 33);
	}

}
