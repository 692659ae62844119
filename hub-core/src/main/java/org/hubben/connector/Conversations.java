package org.hubben.connector;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dialogue on a channel's own posts: reading the comments people write, replying in
 * the organisation's name, and keeping the tone good by hiding (or, where the platform
 * cannot hide, deleting) a comment. Every {@link Connector} is one. Implementations are
 * non-blocking and stateless, and speak the platform's real protocol.
 *
 * <p>
 * There is no like, follow or repost here either: replying is the only way Hubben takes
 * part in a conversation.
 */
public interface Conversations {

	/**
	 * Reads the comments and replies on one of the channel's own posts, those of the
	 * channel itself included.
	 * @param channel the channel the post was published on
	 * @param postId the platform's identifier of the post, as its delivery recorded it
	 * @param since only comments written at or after this moment; {@code null} for all
	 * @return the comments, oldest first, all pages read; errors are
	 * {@link ConnectorException}s ({@link PublishRefused} when the post is gone)
	 */
	Flux<RemoteComment> comments(ChannelAccess channel, String postId, Instant since);

	/**
	 * Reads the posts by others that mention the channel's account outside its own posts'
	 * threads, where the platform has mentions (X); they carry the id of the post they
	 * are in as {@link RemoteComment#postId()} and no parent.
	 * @param channel the channel mentioned
	 * @param since only mentions written at or after this moment; {@code null} for all
	 * @return the mentions, oldest first; empty where the platform has none
	 */
	default Flux<RemoteComment> mentions(ChannelAccess channel, Instant since) {
		return Flux.empty();
	}

	/**
	 * Answers a comment in the organisation's name. Not idempotent: callers never retry
	 * it blindly.
	 * @param channel the channel the comment is on
	 * @param comment the comment to answer
	 * @param text the answer, plain text
	 * @return the reply as the platform now shows it; errors are
	 * {@link ConnectorException}s
	 */
	Mono<RemoteComment> reply(ChannelAccess channel, RemoteComment comment, String text);

	/**
	 * @return what {@link #moderate} does on this platform
	 */
	Moderation moderation();

	/**
	 * Hides the comment from the public, or deletes it where the platform cannot hide
	 * ({@link #moderation()}). Idempotent: a comment already hidden or deleted completes
	 * normally.
	 * @param channel the channel the comment is on
	 * @param comment the comment
	 * @return completion; errors are {@link ConnectorException}s
	 */
	Mono<Void> moderate(ChannelAccess channel, RemoteComment comment);

}
