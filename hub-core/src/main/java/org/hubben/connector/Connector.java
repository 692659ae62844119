package org.hubben.connector;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * Publishes to one platform over its real wire protocol. Implementations are non-blocking
 * and stateless; the base URL they talk to comes from {@link PlatformEndpoints}, so the
 * same code reaches the platform or its emulator.
 *
 * <p>
 * There is deliberately no like, follow, repost or any other engagement call here: Hubben
 * speaks in the organisation's own name and never fakes engagement (seed 004: no fake
 * accounts or invented people, no bought followers or interactions, no bots that make
 * interactions look more than they are). Implementations must not add any either: no
 * public method named like like, follow, repost, retweet, share-as, subscribe, vote,
 * boost or buy, and no call to a platform's engagement endpoints ({@code /likes},
 * {@code /following}, {@code /retweets}, favourites, {@code subscriptions.insert}, ...).
 * {@code ArchitectureTests} holds this rule for every connector, API call and page. The
 * conversation on its posts (comments, replies, moderation) is in {@link Conversations}.
 */
public interface Connector extends Conversations {

	Platform platform();

	Capabilities capabilities();

	/**
	 * Publishes one post. The call is irreversible and not idempotent on most platforms,
	 * so callers never retry it blindly.
	 * @param request the post and the channel to publish it on
	 * @return the receipt, or an error that is always a {@link ConnectorException}:
	 * {@link PublishRefused}, {@link AuthorisationFailed}, {@link RateLimited} and
	 * {@link PlatformUnavailable} mean the platform did not take the post;
	 * {@link OutcomeUnknown} means the request may have reached it
	 */
	Mono<PublishReceipt> publish(PublishRequest request);

	/**
	 * Looks a published post up on the platform, to reconcile a delivery whose outcome is
	 * unknown.
	 * @param channel the channel the post was published on
	 * @param remoteId the platform's identifier of the post
	 * @return the receipt when the platform has the post, empty when it has not; errors
	 * are {@link ConnectorException}s
	 */
	Mono<PublishReceipt> lookup(ChannelAccess channel, String remoteId);

	/**
	 * Looks for the post that a request created, to reconcile a delivery whose outcome is
	 * unknown: the request went out but no answer (so no remote id) came back. The post
	 * is recognised by what the request carried (its text, or its title where the
	 * platform has titles) among the channel's own posts published at or after
	 * {@code since}. Platforms keep these times in whole seconds, so a post from the same
	 * second as {@code since} counts as at or after it. Nothing is posted.
	 * @param request the request that was sent, unchanged
	 * @param since a moment before the request left; older posts are not considered
	 * @return the receipt of the matching post; empty when the platform has no such post,
	 * which makes a resend safe; errors are {@link ConnectorException}s, and a
	 * {@link ConnectorException#retryable() retryable} one means: look again later (the
	 * platform was unreachable or throttled, or may still be processing the post); a
	 * non-retryable {@link OutcomeUnknown} means the platform cannot tell, and a person
	 * has to check the channel
	 */
	Mono<PublishReceipt> find(PublishRequest request, Instant since);

}
