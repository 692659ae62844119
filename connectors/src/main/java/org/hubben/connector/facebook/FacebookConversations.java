package org.hubben.connector.facebook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;

import io.netty.handler.timeout.ReadTimeoutException;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.RemoteComment;
import org.hubben.connector.facebook.FacebookConnector.Answer;
import org.hubben.connector.facebook.FacebookConnector.GraphError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The conversation on a Page's posts through the Graph API, for
 * {@link FacebookConnector}: {@code GET /{object-id}/comments} with
 * {@code filter=stream&order=chronological} (every comment and reply, oldest first, 100 a
 * page as asked, following {@code paging.next} on the Graph host only), replies with
 * {@code POST /{comment-id}/comments}, hiding with {@code POST /{comment-id}}
 * {@code is_hidden=true}. The object id is the post's remote id as publishing recorded
 * it: the {@code {page-id}_{post-id}} of a text or multi-photo post, the story id of a
 * single photo, the video id of a video; Facebook takes comments on each. The token
 * travels in the {@code Authorization} header.
 *
 * <p>
 * Errors: lost authorisation (190, 10, 200-299) is
 * {@link org.hubben.connector.AuthorisationFailed}, throttling
 * {@link org.hubben.connector.RateLimited}, as for publishing; a post or comment Facebook
 * no longer shows (100 with subcode 33, or 803) is {@link PublishRefused} when read or
 * answered, and a completed hide (it is gone, so nobody sees it); server errors, timeouts
 * and lost connections are {@link PlatformUnavailable} for reads and hiding, which may be
 * repeated, and {@link OutcomeUnknown} for a reply, which may exist.
 */
final class FacebookConversations {

	/** What Hubben reads of a comment. */
	static final String FIELDS = "id,message,from{id,name},created_time,parent{id},is_hidden";

	private static final Platform FACEBOOK = Platform.FACEBOOK;

	/** A guard against a paging loop; 100 pages of 100 comments is far beyond a post. */
	private static final int MAX_PAGES = 100;

	private final FacebookConnector connector;

	private final WebClient webClient;

	private final Duration timeout;

	private final String version;

	private final Clock clock;

	FacebookConversations(FacebookConnector connector, WebClient webClient, Duration timeout, String version,
			Clock clock) {
		this.connector = connector;
		this.webClient = webClient;
		this.timeout = timeout;
		this.version = version;
		this.clock = clock;
	}

	Flux<RemoteComment> comments(ChannelAccess channel, String postId, Instant since) {
		Instant from = (since != null) ? since.truncatedTo(ChronoUnit.SECONDS) : null;
		return Mono.fromCallable(this.connector::base).flatMapMany((base) -> {
			UriComponentsBuilder first = UriComponentsBuilder.fromUri(base)
				.pathSegment(this.version, postId, "comments")
				.queryParam("filter", "stream")
				.queryParam("order", "chronological")
				.queryParam("fields", FIELDS)
				.queryParam("limit", 100);
			if (from != null) {
				first.queryParam("since", from.getEpochSecond());
			}
			return page(base, first.build().encode().toUri(), channel, 1)
				.expand((page) -> (page.next() != null) ? page(base, page.next(), channel, page.number() + 1)
						: Mono.empty())
				.concatMapIterable((page) -> page.body().path("data"))
				.mapNotNull((json) -> comment(json, postId, channel))
				.filter((comment) -> from == null || !comment.createdAt().isBefore(from));
		}).onErrorMap((ex) -> readFailure(ex, channel, "read the comments"));
	}

	private Mono<Page> page(URI base, URI uri, ChannelAccess channel, int number) {
		return get(uri, channel).flatMap((answer) -> {
			if (!answer.status().is2xxSuccessful()) {
				return Mono.error(readError(answer, channel, "The post is no longer on Facebook"));
			}
			String next = answer.body().path("paging").path("next").asString("");
			if (next.isEmpty() || answer.body().path("data").isEmpty()) {
				return Mono.just(new Page(answer.body(), null, number));
			}
			URI nextPage = URI.create(next);
			if (!FacebookConnector.sameOrigin(base, nextPage)) {
				return Mono.error(new PlatformUnavailable(FACEBOOK,
						"Facebook pointed the next page of comments at another host; not following it", null));
			}
			if (number >= MAX_PAGES) {
				return Mono.error(new PlatformUnavailable(FACEBOOK,
						"Facebook keeps answering with more pages of comments than a post can have", null));
			}
			return Mono.just(new Page(answer.body(), nextPage, number));
		});
	}

	Mono<RemoteComment> reply(ChannelAccess channel, RemoteComment comment, String text) {
		return Mono.fromCallable(this.connector::base).flatMap((base) -> {
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("message", text);
			URI uri = UriComponentsBuilder.fromUri(base)
				.pathSegment(this.version, comment.id(), "comments")
				.build()
				.encode()
				.toUri();
			return post(uri, channel, form).flatMap((answer) -> {
				if (!answer.status().is2xxSuccessful()) {
					return Mono.error(writeError(answer, channel, "The comment is no longer on Facebook"));
				}
				String id = answer.body().path("id").asString("");
				if (id.isEmpty()) {
					return Mono.error(new OutcomeUnknown(FACEBOOK,
							"Facebook took the reply but answered without its id; it may be shown", null));
				}
				// Comments are two levels deep: a reply to a reply goes under the
				// top-level comment.
				String parent = (comment.parentId() != null) ? comment.parentId() : comment.id();
				RemoteComment sent = new RemoteComment(id, comment.postId(), parent, channel.accountId(), "", text,
						this.clock.instant(), false, true);
				// The reply exists now; reading it back only adds the Page's name and
				// Facebook's own time, so a failure to read it is no failure to reply.
				return readBack(base, id, comment.postId(), channel).defaultIfEmpty(sent).onErrorReturn(sent);
			});
		}).onErrorMap((ex) -> writeFailure(ex, channel));
	}

	private Mono<RemoteComment> readBack(URI base, String id, String postId, ChannelAccess channel) {
		URI uri = UriComponentsBuilder.fromUri(base)
			.pathSegment(this.version, id)
			.queryParam("fields", FIELDS)
			.build()
			.encode()
			.toUri();
		return get(uri, channel)
			.mapNotNull((answer) -> answer.status().is2xxSuccessful() ? comment(answer.body(), postId, channel) : null);
	}

	Mono<Void> hide(ChannelAccess channel, RemoteComment comment) {
		return Mono.fromCallable(this.connector::base).flatMap((base) -> {
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("is_hidden", "true");
			URI uri = UriComponentsBuilder.fromUri(base)
				.pathSegment(this.version, comment.id())
				.build()
				.encode()
				.toUri();
			return post(uri, channel, form).flatMap((answer) -> {
				if (answer.status().is2xxSuccessful()) {
					if (!answer.body().path("success").asBoolean(false)) {
						return Mono.error(new PlatformUnavailable(FACEBOOK,
								"Facebook did not confirm that the comment is hidden; try again", null));
					}
					return Mono.<Void>empty();
				}
				GraphError error = GraphError.of(answer.body());
				if (gone(error)) {
					return Mono.<Void>empty();
				}
				return Mono.error(readError(answer, channel, "The comment is no longer on Facebook"));
			});
		}).onErrorMap((ex) -> readFailure(ex, channel, "hide the comment"));
	}

	private Mono<Answer> get(URI uri, ChannelAccess channel) {
		return this.webClient.get()
			.uri(uri)
			.headers((headers) -> headers.setBearerAuth(channel.accessToken()))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono(FacebookConnector::answer)
			.timeout(this.timeout);
	}

	private Mono<Answer> post(URI uri, ChannelAccess channel, MultiValueMap<String, String> form) {
		return this.webClient.post()
			.uri(uri)
			.headers((headers) -> headers.setBearerAuth(channel.accessToken()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(FacebookConnector::answer)
			.timeout(this.timeout);
	}

	/**
	 * A comment as Facebook shows it, or null when it lacks an id (the token's Page has
	 * no MODERATE task) or a readable time.
	 */
	private static RemoteComment comment(JsonNode json, String postId, ChannelAccess channel) {
		String id = json.path("id").asString("");
		Instant created = FacebookConnector.createdTime(json);
		if (id.isEmpty() || created == null) {
			return null;
		}
		String parent = json.path("parent").path("id").asString("");
		// Facebook leaves "from" out for people who have not allowed apps to see them.
		String authorId = json.path("from").path("id").asString("");
		String authorName = json.path("from").path("name").asString("");
		return new RemoteComment(id, postId, parent.isEmpty() ? null : parent, authorId, authorName,
				json.path("message").asString(""), created, json.path("is_hidden").asBoolean(false),
				!authorId.isEmpty() && authorId.equals(channel.accountId()));
	}

	private static boolean gone(GraphError error) {
		return (error.code() == 100 && error.subcode() == 33) || error.code() == 803;
	}

	private ConnectorException readError(Answer answer, ChannelAccess channel, String gone) {
		GraphError error = GraphError.of(answer.body());
		ConnectorException common = this.connector.commonError(answer, error, channel);
		if (common != null) {
			return common;
		}
		if (gone(error)) {
			return new PublishRefused(FACEBOOK, gone);
		}
		if (error.code() == 1 || error.code() == 2 || answer.status().is5xxServerError()) {
			return new PlatformUnavailable(FACEBOOK, "Facebook answered with a server error; try again later", null);
		}
		return new PublishRefused(FACEBOOK, "Facebook refused: " + FacebookConnector.describe(answer, error, channel));
	}

	private ConnectorException writeError(Answer answer, ChannelAccess channel, String gone) {
		GraphError error = GraphError.of(answer.body());
		if (error.code() == 1 || error.code() == 2 || answer.status().is5xxServerError()) {
			return new OutcomeUnknown(FACEBOOK,
					"Facebook answered the reply with a server error; it may be shown: check the post before replying again",
					null);
		}
		return readError(answer, channel, gone);
	}

	private static ConnectorException readFailure(Throwable ex, ChannelAccess channel, String what) {
		if (ex instanceof ConnectorException connectorException) {
			return connectorException;
		}
		if (FacebookConnector.has(ex, TimeoutException.class)
				|| FacebookConnector.has(ex, ReadTimeoutException.class)) {
			return new PlatformUnavailable(FACEBOOK, "Facebook did not answer in time to " + what, ex);
		}
		return new PlatformUnavailable(FACEBOOK,
				"Facebook could not be asked to " + what + ": " + FacebookConnector.safeMessage(ex, channel), ex);
	}

	private static ConnectorException writeFailure(Throwable ex, ChannelAccess channel) {
		if (ex instanceof ConnectorException connectorException) {
			return connectorException;
		}
		if (FacebookConnector.notConnected(ex)) {
			return new PlatformUnavailable(FACEBOOK,
					"Facebook could not be reached to reply: " + FacebookConnector.safeMessage(ex, channel), ex);
		}
		if (FacebookConnector.has(ex, TimeoutException.class) || FacebookConnector.has(ex, ReadTimeoutException.class)
				|| FacebookConnector.has(ex, PrematureCloseException.class)) {
			return new OutcomeUnknown(FACEBOOK,
					"Facebook did not answer the reply; it may be shown: check the post before replying again", ex);
		}
		return new OutcomeUnknown(FACEBOOK, "Facebook's answer to the reply was lost ("
				+ FacebookConnector.safeMessage(ex, channel) + "); it may be shown", ex);
	}

	private record Page(JsonNode body, URI next, int number) {

	}

}
