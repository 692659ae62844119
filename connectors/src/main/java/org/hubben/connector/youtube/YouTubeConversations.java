package org.hubben.connector.youtube;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The conversation on a channel's videos through the YouTube Data API v3, for
 * {@link YouTubeConnector}:
 * <ul>
 * <li>reading: {@code commentThreads.list?part=snippet,replies&videoId=} with
 * {@code textFormat=plainText}, 100 a page as asked, following {@code nextPageToken};
 * when a thread holds fewer replies than its {@code totalReplyCount},
 * {@code comments.list?part=snippet&parentId=} for all of them. 1 unit a page. YouTube
 * has no time filter, so {@code since} is applied to each comment's {@code publishedAt};
 * comments the channel rejected are not listed by YouTube, so every comment read is shown
 * ({@link RemoteComment#hidden()} is false);</li>
 * <li>replying: {@code comments.insert?part=snippet} with {@code snippet.parentId} (the
 * thread's top-level comment: YouTube threads are one level deep), 50 units;</li>
 * <li>moderating: {@code comments.setModerationStatus?moderationStatus=rejected}, which
 * hides the comment and its replies for good, 50 units; {@code 204}.</li>
 * </ul>
 * The writes need the {@code youtube.force-ssl} scope, which
 * {@link YouTubeAccountLinking} asks for.
 *
 * <p>
 * Errors: 401 and {@code insufficientPermissions} are {@link AuthorisationFailed};
 * {@code quotaExceeded} is {@link RateLimited} until midnight Pacific time; a video or
 * comment YouTube no longer has is {@link PublishRefused} (a comment already gone
 * completes a moderation); {@code commentsDisabled} reads as no comments; 5xx, timeouts
 * and lost connections are {@link PlatformUnavailable} for reads and moderation, and
 * {@link OutcomeUnknown} for a reply once it may have reached YouTube.
 */
final class YouTubeConversations {

	private static final Platform YOUTUBE = Platform.YOUTUBE;

	private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

	/** A guard against a paging loop. */
	private static final int MAX_PAGES = 200;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient webClient;

	private final Mono<URI> base;

	private final Duration timeout;

	private final Clock clock;

	/**
	 * @param base the Data API's base URL, resolved on subscription
	 */
	YouTubeConversations(WebClient webClient, Mono<URI> base, Duration timeout, Clock clock) {
		this.webClient = webClient;
		this.base = base;
		this.timeout = timeout;
		this.clock = clock;
	}

	Flux<RemoteComment> comments(ChannelAccess channel, String videoId, Instant since) {
		Instant from = (since != null) ? since.truncatedTo(ChronoUnit.SECONDS) : null;
		return this.base.flatMap((base) -> threads(base, channel, videoId, null, new ArrayList<>(), 1)
			.flatMap((threads) -> Flux.fromIterable(threads)
				.concatMap((thread) -> thread(base, channel, videoId, thread))
				.collectList()))
			.flatMapMany((comments) -> {
				List<RemoteComment> sorted = new ArrayList<>(comments);
				// Stable: a reply written in the same second as its comment stays after
				// it.
				sorted.sort(Comparator.comparing(RemoteComment::createdAt));
				return Flux.fromIterable(sorted);
			})
			.filter((comment) -> from == null || !comment.createdAt().isBefore(from))
			.onErrorMap((ex) -> readFailure(ex, "read the comments"));
	}

	/** Every thread of the video, oldest first. */
	private Mono<List<JsonNode>> threads(URI base, ChannelAccess channel, String videoId, String pageToken,
			List<JsonNode> read, int page) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(base)
			.path("/youtube/v3/commentThreads")
			.queryParam("part", "snippet,replies")
			.queryParam("videoId", "{video}")
			.queryParam("maxResults", 100)
			.queryParam("textFormat", "plainText");
		Map<String, String> values = new LinkedHashMap<>();
		values.put("video", videoId);
		if (pageToken != null) {
			uri.queryParam("pageToken", "{page}");
			values.put("page", pageToken);
		}
		return get(uri.encode().buildAndExpand(values).toUri(), channel, "The video is no longer on YouTube")
			.flatMap((json) -> {
				for (JsonNode thread : json.path("items")) {
					read.add(thread);
				}
				String next = json.path("nextPageToken").asString("");
				if (next.isEmpty() || json.path("items").isEmpty()) {
					List<JsonNode> oldestFirst = new ArrayList<>(read);
					java.util.Collections.reverse(oldestFirst);
					return Mono.just(oldestFirst);
				}
				if (page >= MAX_PAGES) {
					return Mono.error(new PlatformUnavailable(YOUTUBE,
							"YouTube keeps answering with more pages of comments than a video can have", null));
				}
				return threads(base, channel, videoId, next, read, page + 1);
			})
			// Comments turned off on the video: there is nothing to read.
			.onErrorResume(CommentsDisabled.class, (ex) -> Mono.just(List.of()));
	}

	/** A thread's top-level comment, then its replies, oldest first. */
	private Flux<RemoteComment> thread(URI base, ChannelAccess channel, String videoId, JsonNode thread) {
		JsonNode snippet = thread.path("snippet");
		RemoteComment top = comment(snippet.path("topLevelComment"), videoId, null, channel);
		JsonNode included = thread.path("replies").path("comments");
		if (top == null) {
			return Flux.empty();
		}
		Flux<RemoteComment> tops = Flux.just(top);
		if (snippet.path("totalReplyCount").asInt(0) <= included.size()) {
			List<RemoteComment> replies = new ArrayList<>();
			for (JsonNode reply : included) {
				RemoteComment each = comment(reply, videoId, top.id(), channel);
				if (each != null) {
					replies.add(0, each);
				}
			}
			return tops.concatWith(Flux.fromIterable(replies));
		}
		return tops.concatWith(replies(base, channel, videoId, top.id(), null, 1));
	}

	private Flux<RemoteComment> replies(URI base, ChannelAccess channel, String videoId, String parentId,
			String pageToken, int page) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(base)
			.path("/youtube/v3/comments")
			.queryParam("part", "snippet")
			.queryParam("parentId", "{parent}")
			.queryParam("maxResults", 100)
			.queryParam("textFormat", "plainText");
		Map<String, String> values = new LinkedHashMap<>();
		values.put("parent", parentId);
		if (pageToken != null) {
			uri.queryParam("pageToken", "{page}");
			values.put("page", pageToken);
		}
		return get(uri.encode().buildAndExpand(values).toUri(), channel, "The comment is no longer on YouTube")
			.flatMapMany((json) -> {
				List<RemoteComment> replies = new ArrayList<>();
				for (JsonNode reply : json.path("items")) {
					RemoteComment each = comment(reply, videoId, parentId, channel);
					if (each != null) {
						replies.add(each);
					}
				}
				String next = json.path("nextPageToken").asString("");
				if (next.isEmpty() || json.path("items").isEmpty()) {
					return Flux.fromIterable(replies);
				}
				if (page >= MAX_PAGES) {
					return Flux.error(new PlatformUnavailable(YOUTUBE,
							"YouTube keeps answering with more pages of replies than a comment can have", null));
				}
				return Flux.fromIterable(replies).concatWith(replies(base, channel, videoId, parentId, next, page + 1));
			});
	}

	Mono<RemoteComment> reply(ChannelAccess channel, RemoteComment comment, String text) {
		String parent = (comment.parentId() != null) ? comment.parentId() : comment.id();
		Map<String, Object> body = Map.of("snippet", Map.of("parentId", parent, "textOriginal", text));
		return this.base.flatMap((base) -> this.webClient.post()
			.uri(UriComponentsBuilder.fromUri(base)
				.path("/youtube/v3/comments")
				.queryParam("part", "snippet")
				.build()
				.toUri())
			.headers((headers) -> headers.setBearerAuth(channel.accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.bodyToMono(String.class).defaultIfEmpty("").flatMap((answer) -> {
				int code = response.statusCode().value();
				if (response.statusCode().is2xxSuccessful()) {
					RemoteComment reply = comment(parse(answer), comment.postId(), parent, channel);
					if (reply == null) {
						return Mono.error(new OutcomeUnknown(YOUTUBE,
								"YouTube took the reply but answered without it; it may be shown", null));
					}
					return Mono.just(reply);
				}
				if (code >= 500) {
					return Mono.error(new OutcomeUnknown(YOUTUBE, "YouTube answered the reply with " + code
							+ "; it may be shown: check the video before replying again", null));
				}
				return Mono.error(failure(code, answer, channel, "The comment is no longer on YouTube"));
			}))
			.timeout(this.timeout.multipliedBy(2)))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> neverLeft(ex)
					? new PlatformUnavailable(YOUTUBE,
							"YouTube could not be reached to reply: " + ex.getClass().getSimpleName(), ex)
					: new OutcomeUnknown(YOUTUBE,
							"YouTube did not answer the reply; it may be shown: check the video before replying again",
							ex));
	}

	Mono<Void> reject(ChannelAccess channel, RemoteComment comment) {
		return this.base.flatMap((base) -> this.webClient.post()
			.uri(UriComponentsBuilder.fromUri(base)
				.path("/youtube/v3/comments/setModerationStatus")
				.queryParam("id", "{id}")
				.queryParam("moderationStatus", "rejected")
				.encode()
				.buildAndExpand(comment.id())
				.toUri())
			.headers((headers) -> headers.setBearerAuth(channel.accessToken()))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.bodyToMono(String.class).defaultIfEmpty("").flatMap((answer) -> {
				int code = response.statusCode().value();
				if (response.statusCode().is2xxSuccessful() || code == 404) {
					// Rejected is final, and a comment that is gone is hidden for good.
					return Mono.<Void>empty();
				}
				if (code >= 500) {
					return Mono.error(new PlatformUnavailable(YOUTUBE,
							"YouTube could not hide the comment (" + code + "); try again later", null));
				}
				return Mono.error(failure(code, answer, channel, "The comment is no longer on YouTube"));
			}))
			.timeout(this.timeout.multipliedBy(2))).onErrorMap((ex) -> readFailure(ex, "hide the comment"));
	}

	private Mono<JsonNode> get(URI uri, ChannelAccess channel, String gone) {
		return this.webClient.get()
			.uri(uri)
			.headers((headers) -> headers.setBearerAuth(channel.accessToken()))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
				int code = response.statusCode().value();
				if (response.statusCode().is2xxSuccessful()) {
					return Mono.just(parse(body));
				}
				if (code >= 500) {
					return Mono.error(new PlatformUnavailable(YOUTUBE,
							"YouTube could not list the comments (" + code + "); try again later", null));
				}
				if ("commentsDisabled".equals(reason(parse(body)))) {
					return Mono.error(new CommentsDisabled());
				}
				return Mono.error(failure(code, body, channel, gone));
			}))
			.timeout(this.timeout.multipliedBy(2));
	}

	/**
	 * A {@code youtube#comment} as a remote comment, or null without an id or a readable
	 * time.
	 */
	private static RemoteComment comment(JsonNode json, String videoId, String parentId, ChannelAccess channel) {
		String id = json.path("id").asString("");
		JsonNode snippet = json.path("snippet");
		Instant published;
		try {
			published = Instant.parse(snippet.path("publishedAt").asString(""));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
		if (id.isEmpty()) {
			return null;
		}
		String author = snippet.path("authorChannelId").path("value").asString("");
		String text = snippet.path("textDisplay").asString("");
		if (text.isEmpty()) {
			text = snippet.path("textOriginal").asString("");
		}
		String parent = snippet.path("parentId").asString((parentId != null) ? parentId : "");
		return new RemoteComment(id, videoId, parent.isEmpty() ? null : parent, author,
				snippet.path("authorDisplayName").asString(""), text, published,
				"rejected".equals(snippet.path("moderationStatus").asString("")),
				!author.isEmpty() && author.equals(channel.accountId()));
	}

	private ConnectorException failure(int code, String body, ChannelAccess channel, String gone) {
		JsonNode json = parse(body);
		String reason = reason(json);
		if (code == 401) {
			return new AuthorisationFailed(YOUTUBE, "YouTube refused the channel's token: reconnect the channel");
		}
		if ("insufficientPermissions".equals(reason)) {
			return new AuthorisationFailed(YOUTUBE,
					"YouTube refused: the channel was connected without permission to manage comments: reconnect the channel");
		}
		if ("quotaExceeded".equals(reason) || "dailyLimitExceeded".equals(reason)) {
			Instant retryAt = LocalDate.ofInstant(this.clock.instant(), PACIFIC)
				.plusDays(1)
				.atStartOfDay(PACIFIC)
				.toInstant();
			return new RateLimited(YOUTUBE,
					"YouTube's daily quota for Hubben is used up: comments wait until midnight Pacific time", retryAt,
					RateLimited.Scope.APP);
		}
		if ("rateLimitExceeded".equals(reason) || "userRateLimitExceeded".equals(reason) || code == 429) {
			return new RateLimited(YOUTUBE, "YouTube asked Hubben to slow down: trying again in a minute",
					this.clock.instant().plus(Duration.ofMinutes(1)),
					"userRateLimitExceeded".equals(reason) ? RateLimited.Scope.CHANNEL : RateLimited.Scope.APP);
		}
		if (code == 404) {
			return new PublishRefused(YOUTUBE, gone);
		}
		String message = json.path("error").path("message").asString("").replaceAll("<[^>]+>", "").trim();
		message = message.replace(channel.accessToken(), "<token>");
		return new PublishRefused(YOUTUBE, "YouTube refused: " + (message.isEmpty() ? "HTTP " + code : message)
				+ (reason.isEmpty() ? "" : " (" + reason + ")"));
	}

	private static ConnectorException readFailure(Throwable ex, String what) {
		if (ex instanceof ConnectorException connectorException) {
			return connectorException;
		}
		return new PlatformUnavailable(YOUTUBE,
				"YouTube could not be asked to " + what + ": " + ex.getClass().getSimpleName(), ex);
	}

	private static boolean neverLeft(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException) {
				return true;
			}
		}
		return false;
	}

	private static String reason(JsonNode json) {
		return json.path("error").path("errors").path(0).path("reason").asString("");
	}

	private static JsonNode parse(String body) {
		if (body.isBlank()) {
			return JSON.missingNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	/** YouTube's {@code commentsDisabled}: the video takes no comments. */
	private static final class CommentsDisabled extends RuntimeException {

		CommentsDisabled() {
			super(null, null, false, false);
		}

	}

}
