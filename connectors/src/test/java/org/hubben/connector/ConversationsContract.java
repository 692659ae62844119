package org.hubben.connector;

import java.time.Instant;
import java.util.List;

import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.PersonComment;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every connector keeps for the conversation on its channel's posts
 * ({@link Conversations}), run against the platform's emulator over real HTTP, together
 * with the publishing contract it extends. People comment through the emulator's
 * {@code comment} hook, as the platform's users would.
 */
public abstract class ConversationsContract extends ConnectorContract {

	/**
	 * Whether a comment can answer another comment on this platform (Flickr's comments
	 * are flat).
	 */
	protected boolean threadsReplies() {
		return true;
	}

	private String publishedPost() {
		return this.connector.publish(request("Conversation " + java.util.UUID.randomUUID())).block(TIMEOUT).remoteId();
	}

	private EmulatedComment personComments(String postId, String parentId, String name, String text) {
		return this.emulator.comment(new PersonComment(postId, parentId, "person-" + name.hashCode(), name, text));
	}

	@Test
	void readsThePeoplesCommentsOnAPostOldestFirst() {
		String postId = publishedPost();
		EmulatedComment first = personComments(postId, null, "Anna Andersson", "Bra initiativ!");
		EmulatedComment second = personComments(postId, threadsReplies() ? first.id() : null, "Bo Berg", "Håller med");
		StepVerifier.create(this.connector.comments(validChannel(), postId, null).collectList())
			.assertNext((comments) -> {
				assertThat(comments).extracting(RemoteComment::id).containsExactly(first.id(), second.id());
				assertThat(comments.get(0)).satisfies((comment) -> {
					assertThat(comment.postId()).isEqualTo(postId);
					assertThat(comment.parentId()).isNull();
					assertThat(comment.authorName()).isEqualTo("Anna Andersson");
					assertThat(comment.authorId()).isEqualTo(first.authorId());
					assertThat(comment.text()).isEqualTo("Bra initiativ!");
					assertThat(comment.byChannel()).isFalse();
					assertThat(comment.hidden()).isFalse();
				});
				assertThat(comments.get(1).parentId()).isEqualTo(threadsReplies() ? first.id() : null);
			})
			.verifyComplete();
	}

	@Test
	void readsOnlyTheCommentsWrittenSinceTheGivenMoment() {
		String postId = publishedPost();
		personComments(postId, null, "Anna Andersson", "Först");
		StepVerifier.create(this.connector.comments(validChannel(), postId, Instant.now().plusSeconds(3600)))
			.verifyComplete();
		StepVerifier.create(this.connector.comments(validChannel(), postId, Instant.now().minusSeconds(3600)))
			.expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void repliesInTheChannelsNameAndReadsTheReplyBack() {
		String postId = publishedPost();
		personComments(postId, null, "Anna Andersson", "När börjar mötet?");
		RemoteComment question = this.connector.comments(validChannel(), postId, null).blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.reply(validChannel(), question, "Klockan 18, välkommen!"))
			.assertNext((reply) -> {
				assertThat(reply.byChannel()).isTrue();
				assertThat(reply.postId()).isEqualTo(postId);
				assertThat(reply.parentId()).isEqualTo(threadsReplies() ? question.id() : null);
			})
			.verifyComplete();
		List<RemoteComment> thread = this.connector.comments(validChannel(), postId, null).collectList().block(TIMEOUT);
		assertThat(thread).hasSize(2);
		assertThat(thread.get(1).byChannel()).isTrue();
		assertThat(thread.get(1).text()).contains("Klockan 18, välkommen!");
		assertThat(this.emulator.comments()).filteredOn(EmulatedComment::byChannel).hasSize(1);
	}

	@Test
	void moderatesACommentSoThePublicNoLongerSeesItAndDoingItTwiceIsHarmless() {
		String postId = publishedPost();
		EmulatedComment rude = personComments(postId, null, "Troll", "Ful kommentar");
		RemoteComment comment = this.connector.comments(validChannel(), postId, null).blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.moderate(validChannel(), comment)).verifyComplete();
		StepVerifier.create(this.connector.moderate(validChannel(), comment)).verifyComplete();
		assertThat(this.emulator.comments()).filteredOn((held) -> held.id().equals(rude.id()))
			.singleElement()
			.satisfies((held) -> {
				if (this.connector.moderation() == Moderation.HIDE) {
					assertThat(held.hidden()).isTrue();
				}
				else {
					assertThat(held.deleted()).isTrue();
				}
			});
		assertThat(this.connector.comments(validChannel(), postId, null).collectList().block(TIMEOUT))
			.allSatisfy((seen) -> assertThat(seen.hidden() || !seen.id().equals(rude.id())).isTrue());
	}

	@Test
	void refusesToReplyWithAForgedTokenAsAnAuthorisationFailure() {
		String postId = publishedPost();
		personComments(postId, null, "Anna Andersson", "Hej");
		RemoteComment comment = this.connector.comments(validChannel(), postId, null).blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.reply(channelWithForgedToken(), comment, "Hej själv"))
			.expectError(AuthorisationFailed.class)
			.verify();
	}

}
