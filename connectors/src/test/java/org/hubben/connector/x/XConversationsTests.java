package org.hubben.connector.x;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.Platform;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.x.emulator.XEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XConnector}'s conversations against {@link XEmulator} over real HTTP: paging,
 * mentions, and how X's refusals map to {@link org.hubben.connector.ConnectorException}s.
 */
class XConversationsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final ChannelAccess channel = ChannelAccess.bearer("1234", this.tokens.issue(Platform.X, "1234", null));

	private final ChannelAccess otherAccount = ChannelAccess.bearer("5678",
			this.tokens.issue(Platform.X, "5678", null));

	private XEmulator emulator;

	private EmulatorServer server;

	private XConnector connector;

	@BeforeEach
	void start() {
		// Pages of three, so that a conversation of seven takes three pages.
		this.emulator = new XEmulator(this.tokens, Clock.systemUTC(),
				XEmulator.Limits.DEFAULT.withConversations(50, 3));
		this.server = EmulatorServer.start(this.emulator);
		this.connector = new XConnector(WebClient.builder(), this.server.endpoints(Platform.X, TIMEOUT),
				this.server.properties(Platform.X, TIMEOUT));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private String publish(ChannelAccess as) {
		return this.connector
			.publish(new PublishRequest(UUID.randomUUID(), as, "Conversation " + UUID.randomUUID(), null,
					URI.create("https://home.example.org/p/news")))
			.block(TIMEOUT)
			.remoteId();
	}

	private EmulatedComment comment(String postId, String parentId, String name, String text) {
		return this.emulator.comment(new PersonComment(postId, parentId, "9" + Math.abs(name.hashCode()), name, text));
	}

	@Test
	void readsEveryPageOfALongConversationOldestFirst() {
		String postId = publish(this.channel);
		List<String> written = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			written.add(comment(postId, null, "Person " + i, "Kommentar " + i).id());
		}
		StepVerifier.create(this.connector.comments(this.channel, postId, null).collectList())
			.assertNext((comments) -> {
				assertThat(comments).extracting(RemoteComment::id).containsExactlyElementsOf(written);
				assertThat(comments).extracting(RemoteComment::authorName).startsWith("Person 0", "Person 1");
			})
			.verifyComplete();
	}

	@Test
	void threadsAReplyToAReplyUnderIt() {
		String postId = publish(this.channel);
		EmulatedComment question = comment(postId, null, "Anna Andersson", "Fråga");
		EmulatedComment answer = comment(postId, question.id(), "Bo Berg", "Svar");
		StepVerifier.create(this.connector.comments(this.channel, postId, null).collectList())
			.assertNext((comments) -> assertThat(comments).extracting(RemoteComment::parentId)
				.containsExactly(null, question.id()))
			.verifyComplete();
		assertThat(answer.parentId()).isEqualTo(question.id());
	}

	@Test
	void leavesHiddenRepliesOutAsXsSearchDoes() {
		String postId = publish(this.channel);
		comment(postId, null, "Troll", "Ful kommentar");
		EmulatedComment kind = comment(postId, null, "Anna Andersson", "Snäll kommentar");
		RemoteComment rude = this.connector.comments(this.channel, postId, null).blockFirst(TIMEOUT);
		this.connector.moderate(this.channel, rude).block(TIMEOUT);
		StepVerifier.create(this.connector.comments(this.channel, postId, null).map(RemoteComment::id))
			.expectNext(kind.id())
			.verifyComplete();
	}

	@Test
	void reportsARateLimitOnReadingWithTheTimeXNamed() {
		String postId = publish(this.channel);
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(this.connector.comments(this.channel, postId, null))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.retryAt()).isAfter(Instant.now())))
			.verify(TIMEOUT);
	}

	@Test
	void reportsAnExpiredTokenOnReadingAsLostAuthorisation() {
		String postId = publish(this.channel);
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		StepVerifier.create(this.connector.comments(this.channel, postId, null))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("reconnect"))
			.verify(TIMEOUT);
	}

	@Test
	void reportsAServerErrorOnReadingAsRetryable() {
		String postId = publish(this.channel);
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		StepVerifier.create(this.connector.comments(this.channel, postId, null))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class)
				.satisfies((failure) -> assertThat(((PlatformUnavailable) failure).retryable()).isTrue()))
			.verify(TIMEOUT);
	}

	@Test
	void reportsTheConversationOfAPostXNoLongerHasAsRefused() {
		StepVerifier.create(this.connector.comments(this.channel, "424242424242", null))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("deleted"))
			.verify(TIMEOUT);
	}

	@Test
	void refusesToHideAReplyInAConversationTheChannelDidNotStart() {
		String theirs = publish(this.otherAccount);
		comment(theirs, null, "Anna Andersson", "Hej");
		RemoteComment reply = this.connector.comments(this.otherAccount, theirs, null).blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.moderate(this.channel, reply))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishRefused.class)
				.hasMessageContaining("only replies in a conversation the channel started"))
			.verify(TIMEOUT);
		assertThat(this.emulator.comments()).noneMatch(EmulatedComment::hidden);
	}

	@Test
	void reportsARateLimitOnHidingAsRateLimited() {
		this.server.close();
		this.emulator = new XEmulator(this.tokens, Clock.systemUTC(), XEmulator.Limits.DEFAULT.withConversations(1, 3));
		this.server = EmulatorServer.start(this.emulator);
		this.connector = new XConnector(WebClient.builder(), this.server.endpoints(Platform.X, TIMEOUT),
				this.server.properties(Platform.X, TIMEOUT));
		String postId = publish(this.channel);
		comment(postId, null, "Troll", "Ett");
		comment(postId, null, "Troll", "Två");
		List<RemoteComment> comments = this.connector.comments(this.channel, postId, null).collectList().block(TIMEOUT);
		this.connector.moderate(this.channel, comments.get(0)).block(TIMEOUT);
		StepVerifier.create(this.connector.moderate(this.channel, comments.get(1)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.scope()).isEqualTo(RateLimited.Scope.CHANNEL)))
			.verify(TIMEOUT);
	}

	@Test
	void readsMentionsOutsideTheChannelsOwnConversations() {
		String ours = publish(this.channel);
		String theirs = publish(this.otherAccount);
		comment(ours, null, "Anna Andersson", "@user1234 bra skrivet");
		EmulatedComment elsewhere = comment(theirs, null, "Bo Berg", "Vad säger @user1234 om detta?");
		EmulatedComment standalone = comment(null, null, "Cia Carlsson", "Tack @User1234 för mötet!");
		comment(null, null, "Dan Dahl", "Ingen nämnd här");
		StepVerifier.create(this.connector.mentions(this.channel, null).collectList()).assertNext((mentions) -> {
			assertThat(mentions).extracting(RemoteComment::id).containsExactly(elsewhere.id(), standalone.id());
			assertThat(mentions).allSatisfy((mention) -> {
				assertThat(mention.postId()).isEqualTo(mention.id());
				assertThat(mention.parentId()).isNull();
			});
			assertThat(mentions.get(1).authorName()).isEqualTo("Cia Carlsson");
		}).verifyComplete();
		StepVerifier.create(this.connector.mentions(this.channel, Instant.now().plusSeconds(3600))).verifyComplete();
	}

	@Test
	void repliesToAMentionInItsOwnConversation() {
		EmulatedComment mention = comment(null, null, "Cia Carlsson", "Hej @user1234, när är mötet?");
		RemoteComment seen = this.connector.mentions(this.channel, null).blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.reply(this.channel, seen, "Klockan 18!")).assertNext((reply) -> {
			assertThat(reply.byChannel()).isTrue();
			assertThat(reply.parentId()).isEqualTo(mention.id());
			assertThat(reply.authorName()).isEqualTo("User 1234");
		}).verifyComplete();
		assertThat(this.emulator.comments()).filteredOn(EmulatedComment::byChannel)
			.singleElement()
			.satisfies((reply) -> assertThat(reply.postId()).isEqualTo(mention.id()));
	}

}
