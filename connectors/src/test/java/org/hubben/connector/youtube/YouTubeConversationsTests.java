package org.hubben.connector.youtube;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.MediaKind;
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
import org.hubben.connector.youtube.emulator.YouTubeEmulator;
import org.hubben.connector.youtube.emulator.YouTubeQuota;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link YouTubeConnector}'s conversation calls against {@link YouTubeEmulator} over real
 * HTTP: paging of threads and replies, rejection, scopes, quota and failures.
 */
class YouTubeConversationsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final String CHANNEL = "UCconversations000000001";

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ChannelAccess channel = ChannelAccess.bearer(CHANNEL,
			this.tokens.issue(Platform.YOUTUBE, CHANNEL, null));

	@TempDir
	Path directory;

	private YouTubeEmulator emulator;

	private EmulatorServer server;

	private YouTubeConnector connector;

	private void start(YouTubeEmulator.Settings settings) {
		this.emulator = new YouTubeEmulator(this.tokens, Clock.systemUTC(), settings);
		this.server = EmulatorServer.start(this.emulator);
		this.connector = new YouTubeConnector(WebClient.builder(), this.server.endpoints(Platform.YOUTUBE, TIMEOUT),
				this.server.properties(Platform.YOUTUBE, TIMEOUT),
				new YouTubeConnector.Resumption(YouTubeConnector.CHUNK_GRANULARITY, 3, Duration.ofMillis(10)),
				Clock.systemUTC());
	}

	private void start() {
		start(YouTubeEmulator.Settings.DEFAULT);
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private String video() throws IOException {
		Path file = Files.write(this.directory.resolve(UUID.randomUUID() + ".mp4"), SampleVideos.mp4(20_000));
		PublishMedia video = new PublishMedia(UUID.randomUUID(), MediaKind.VIDEO, "video/mp4", 20_000, "clip.mp4",
				file);
		URI link = URI.create("https://home.example.org/p/news");
		return this.connector
			.publish(new PublishRequest(UUID.randomUUID(), this.channel, "What we did.\n\n" + link, "Our week", link,
					List.of(video), List.of()))
			.block(TIMEOUT)
			.remoteId();
	}

	private EmulatedComment comment(String videoId, String parentId, String text) {
		return this.emulator
			.comment(new PersonComment(videoId, parentId, "UCviewer0000000000000001", "Anna Andersson", text));
	}

	@Test
	void readsEveryThreadAndEveryReplyAcrossPagesOldestFirst() throws IOException {
		start();
		String videoId = video();
		List<String> written = new ArrayList<>();
		for (int thread = 0; thread < 12; thread++) {
			EmulatedComment top = comment(videoId, null, "Comment " + thread);
			written.add(top.id());
			// More replies than a thread carries for every other thread: the rest come
			// from comments.list.
			for (int reply = 0; reply < ((thread % 2 == 0) ? 7 : 2); reply++) {
				written.add(comment(videoId, top.id(), "Reply " + reply).id());
			}
		}
		YouTubeQuota.Usage before = this.emulator.quota().usage();
		StepVerifier.create(this.connector.comments(this.channel, videoId, null).collectList())
			.assertNext((comments) -> {
				assertThat(comments).extracting(RemoteComment::id).containsExactlyElementsOf(written);
				assertThat(comments.get(1).parentId()).isEqualTo(comments.get(0).id());
				assertThat(comments).allSatisfy((comment) -> {
					assertThat(comment.postId()).isEqualTo(videoId);
					assertThat(comment.authorName()).isEqualTo("Anna Andersson");
					assertThat(comment.byChannel()).isFalse();
				});
			})
			.verifyComplete();
		// Two pages of threads (10 a page), and comments.list for the six long threads.
		assertThat(this.emulator.quota().usage().unitsUsed() - before.unitsUsed()).isEqualTo(2 + 6);
	}

	@Test
	void rejectsACommentSoThatNeitherItNorItsRepliesAreListedAnyMore() throws IOException {
		start();
		String videoId = video();
		EmulatedComment rude = comment(videoId, null, "Rude");
		comment(videoId, rude.id(), "Agreeing with the rude one");
		EmulatedComment kind = comment(videoId, null, "Kind");
		RemoteComment seen = this.connector.comments(this.channel, videoId, null).blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.moderate(this.channel, seen)).verifyComplete();
		StepVerifier.create(this.connector.comments(this.channel, videoId, null).map(RemoteComment::id))
			.expectNext(kind.id())
			.verifyComplete();
		assertThat(this.emulator.comments()).filteredOn(EmulatedComment::hidden)
			.extracting(EmulatedComment::id)
			.containsExactly(rude.id());
	}

	@Test
	void chargesFiftyUnitsForAReplyAndReportsTheSpentQuotaAsARateLimitUntilMidnightPacific() throws IOException {
		start(YouTubeEmulator.Settings.DEFAULT.withQuota(YouTubeQuota.Limits.buckets(60, 100)));
		String videoId = video();
		comment(videoId, null, "Question");
		RemoteComment question = this.connector.comments(this.channel, videoId, null).blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.reply(this.channel, question, "Answer")).assertNext((reply) -> {
			assertThat(reply.byChannel()).isTrue();
			assertThat(reply.authorId()).isEqualTo(CHANNEL);
			assertThat(reply.parentId()).isEqualTo(question.id());
			assertThat(reply.text()).isEqualTo("Answer");
		}).verifyComplete();
		assertThat(this.emulator.quota().usage().unitsUsed()).isEqualTo(1 + 50);
		StepVerifier.create(this.connector.reply(this.channel, question, "Again"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.retryAt()).isEqualTo(YouTubeQuota.nextReset(Instant.now()))))
			.verify(TIMEOUT);
	}

	@Test
	void refusesARepliesWithoutTheForceSslScopeAsLostAuthorisation() throws IOException {
		start();
		String videoId = video();
		comment(videoId, null, "Question");
		RemoteComment question = this.connector.comments(this.channel, videoId, null).blockFirst(TIMEOUT);
		ChannelAccess uploadOnly = ChannelAccess.bearer(CHANNEL,
				this.tokens.issue(Platform.YOUTUBE, CHANNEL + "~ur", null));
		StepVerifier.create(this.connector.reply(uploadOnly, question, "Answer"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("reconnect"))
			.verify(TIMEOUT);
		StepVerifier.create(this.connector.moderate(uploadOnly, question))
			.expectError(AuthorisationFailed.class)
			.verify(TIMEOUT);
		ChannelAccess withComments = ChannelAccess.bearer(CHANNEL,
				this.tokens.issue(Platform.YOUTUBE, CHANNEL + "~urf", null));
		StepVerifier.create(this.connector.reply(withComments, question, "Answer")).expectNextCount(1).verifyComplete();
	}

	@Test
	void reportsAnExpiredTokenAsLostAuthorisation() throws IOException {
		start();
		String videoId = video();
		comment(videoId, null, "Question");
		ChannelAccess expired = ChannelAccess.bearer(CHANNEL,
				this.tokens.issue(Platform.YOUTUBE, CHANNEL, Duration.ofSeconds(-5)));
		StepVerifier.create(this.connector.comments(expired, videoId, null))
			.expectError(AuthorisationFailed.class)
			.verify(TIMEOUT);
		RemoteComment question = this.connector.comments(this.channel, videoId, null).blockFirst(TIMEOUT);
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		StepVerifier.create(this.connector.moderate(this.channel, question))
			.expectError(AuthorisationFailed.class)
			.verify(TIMEOUT);
	}

	@Test
	void reportsAServerErrorAfterAReplyWasTakenAsAnUnknownOutcomeAndAFailedRejectionAsRetryable() throws IOException {
		start();
		String videoId = video();
		comment(videoId, null, "Question");
		RemoteComment question = this.connector.comments(this.channel, videoId, null).blockFirst(TIMEOUT);
		this.emulator.faults().inject(Fault.ACCEPT_THEN_ERROR, 1);
		StepVerifier.create(this.connector.reply(this.channel, question, "Answer"))
			.expectError(OutcomeUnknown.class)
			.verify(TIMEOUT);
		assertThat(this.emulator.comments()).filteredOn(EmulatedComment::byChannel).hasSize(1);
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		StepVerifier.create(this.connector.moderate(this.channel, question))
			.expectError(org.hubben.connector.PlatformUnavailable.class)
			.verify(TIMEOUT);
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(this.connector.moderate(this.channel, question))
			.expectError(RateLimited.class)
			.verify(TIMEOUT);
	}

	@Test
	void readsTheCommentsOfAVideoThatIsGoneAsRefused() {
		start();
		StepVerifier.create(this.connector.comments(this.channel, "nosuchvideo", null))
			.expectError(PublishRefused.class)
			.verify(TIMEOUT);
	}

	@Test
	void readsOnlyCommentsPublishedSinceTheGivenMomentThoughYouTubeHasNoSuchFilter() throws IOException {
		start();
		String videoId = video();
		comment(videoId, null, "Old");
		StepVerifier.create(this.connector.comments(this.channel, videoId, Instant.now().plusSeconds(60)))
			.verifyComplete();
	}

}
