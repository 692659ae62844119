package org.hubben.connector.x;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import com.twitter.twittertext.Extractor;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.Capabilities;
import org.hubben.connector.Capabilities.LinkPlacement;
import org.hubben.connector.Capabilities.TextMeasure;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.MediaRules;
import org.hubben.connector.Moderation;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.http.PlatformClients;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Publishes to X through API v2 ({@code POST /2/tweets}) with the channel's OAuth 2.0
 * user token as a bearer token, after uploading the post's images or video with the v2
 * media upload ({@link XMediaUploader}, whose failures are never {@link OutcomeUnknown}:
 * nothing was posted yet).
 *
 * <p>
 * Failures map to {@link ConnectorException}s: 401 to {@link AuthorisationFailed}; 400,
 * 403 (duplicate content among them) and other 4xx to {@link PublishRefused}; 429 to
 * {@link RateLimited} at the time X's {@code x-rate-limit-*} headers name; 503 and
 * failures to connect to {@link PlatformUnavailable}; other 5xx, timeouts and connections
 * closed after the request was sent to {@link OutcomeUnknown}. Messages never hold the
 * token.
 *
 * <p>
 * Conversations: replies are read with X's recent search by conversation, mentions from
 * the user's mentions, the organisation answers with a reply post and moderates by hiding
 * replies ({@code tweet.moderate.write}); see each method for its failures.
 */
@Component
public class XConnector implements Connector {

	private static final Platform X = Platform.X;

	private static final long MIB = 1024 * 1024;

	/**
	 * Up to four images of at most 5 MB, or one video of at most 512 MB; never both in
	 * one post.
	 */
	private static final Capabilities CAPABILITIES = new Capabilities(280, TextMeasure.X_WEIGHTED,
			LinkPlacement.IN_TEXT, 0, "", Capabilities.TagRules.HASHTAGS_IN_TEXT,
			new MediaRules(MediaRules.Required.NOTHING, Set.of("image/jpeg", "image/png", "image/gif", "image/webp"),
					5 * MIB, 4, Set.of("video/mp4", "video/quicktime"), 512 * MIB, 1, false));

	private static final String RESOURCE_NOT_FOUND = "resource-not-found";

	private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(15);

	private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** How many pages of 100 posts {@link #find} reads at most. */
	private static final int MAX_FIND_PAGES = 20;

	private static final String ANY_URL = "\u0000url\u0000";

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	/** The fields of a post a conversation needs. */
	private static final String TWEET_FIELDS = "created_at,author_id,conversation_id,in_reply_to_user_id,"
			+ "referenced_tweets";

	/** How many pages of a conversation or of mentions one read follows at most. */
	private static final int MAX_CONVERSATION_PAGES = 50;

	private final WebClient webClient;

	private final PlatformEndpoints endpoints;

	private final Duration timeout;

	private final Clock clock;

	private final XMediaUploader mediaUploader;

	@Autowired
	public XConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints, PlatformProperties properties) {
		this(webClientBuilder, endpoints, properties, Clock.systemUTC());
	}

	XConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints, PlatformProperties properties,
			Clock clock) {
		this(webClientBuilder, endpoints, properties, clock, (wait) -> Mono.delay(wait).then());
	}

	/**
	 * @param pause waits between two checks of a medium X is still processing; tests pass
	 * one that advances a fake clock
	 */
	XConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints, PlatformProperties properties,
			Clock clock, Function<Duration, Mono<Void>> pause) {
		this.endpoints = endpoints;
		this.timeout = properties.timeout();
		this.clock = clock;
		// Publishing is not idempotent: Reactor Netty must never resend a request on its
		// own, and an unanswered request must end within the configured timeout.
		this.webClient = PlatformClients.create(webClientBuilder, this.timeout);
		this.mediaUploader = new XMediaUploader(this.webClient, backstop(), pause, this);
	}

	@Override
	public Platform platform() {
		return X;
	}

	@Override
	public Capabilities capabilities() {
		return CAPABILITIES;
	}

	/**
	 * Uploads the media (see {@link XMediaUploader}), then posts
	 * {@link PublishRequest#text()} exactly as composed with their media ids: for
	 * {@link LinkPlacement#IN_TEXT} the content module already put the link in the text
	 * and counted it against the 280 limit, so adding anything here could push it over.
	 * Only the post request itself can end in {@link OutcomeUnknown}.
	 */
	@Override
	public Mono<PublishReceipt> publish(PublishRequest request) {
		String token = request.channel().accessToken();
		return baseUrl().flatMap((base) -> this.mediaUploader.upload(base, request.media(), token)
			.flatMap((mediaIds) -> post(base, request.text(), mediaIds, token)));
	}

	private Mono<PublishReceipt> post(URI base, String text, List<String> mediaIds, String token) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (!text.isEmpty() || mediaIds.isEmpty()) {
			body.put("text", text);
		}
		if (!mediaIds.isEmpty()) {
			body.put("media", Map.of("media_ids", mediaIds));
		}
		return this.webClient.post()
			.uri(UriComponentsBuilder.fromUri(base).path("/2/tweets").build().toUri())
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> readPublished(base, response, token))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> transportFailure(ex));
	}

	/**
	 * Looks through the channel's posts since {@code since} with {@code GET
	 * /2/users/{id}/tweets} (the channel's account id is the user id), {@code start_time}
	 * at {@code since} rounded down to the second (X's granularity), 100 posts a page,
	 * following {@code meta.next_token}. A post matches when its text equals
	 * {@link PublishRequest#text()} once both are compared loosely: X shows every URL as
	 * a {@code t.co} link, appends a link to a post's media and HTML-escapes {@code &<>},
	 * so URLs count as equal to any URL, whitespace runs as one space, and ends are
	 * trimmed.
	 * @return the newest matching post; empty when none matches; {@link OutcomeUnknown}
	 * when more than {@value #MAX_FIND_PAGES} pages would have to be read;
	 * {@link AuthorisationFailed} for a refused token, {@link RateLimited} as for
	 * {@link #publish}, and {@link PlatformUnavailable} (retryable) for server errors,
	 * timeouts and lost connections, since looking changes nothing
	 */
	@Override
	public Mono<PublishReceipt> find(PublishRequest request, Instant since) {
		String token = request.channel().accessToken();
		String wanted = comparable(request.text());
		boolean withMedia = !request.media().isEmpty();
		Instant from = since.truncatedTo(ChronoUnit.SECONDS);
		return baseUrl().flatMap((base) -> findPage(base, request.channel().accountId(), from, null, token,
				(text) -> matches(text, wanted, withMedia), 1));
	}

	private Mono<PublishReceipt> findPage(URI base, String userId, Instant from, String paginationToken, String token,
			Predicate<String> wanted, int page) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(base)
			.path("/2/users/{id}/tweets")
			.queryParam("start_time", DateTimeFormatter.ISO_INSTANT.format(from))
			.queryParam("max_results", 100)
			.queryParam("tweet.fields", "created_at");
		if (paginationToken != null) {
			uri.queryParam("pagination_token", "{token}");
		}
		URI url = uri.encode()
			.buildAndExpand(
					(paginationToken != null) ? Map.of("id", userId, "token", paginationToken) : Map.of("id", userId))
			.toUri();
		return this.webClient.get()
			.uri(url)
			.headers((headers) -> headers.setBearerAuth(token))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.<TimelinePage>handle((body, sink) -> {
					if (!response.statusCode().is2xxSuccessful()) {
						sink.error(findFailure(response.statusCode(), response.headers().asHttpHeaders(), body, token));
						return;
					}
					sink.next(TimelinePage.of(parse(body), from, wanted));
				}))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException),
					(ex) -> new PlatformUnavailable(X,
							"X could not be asked for the channel's posts: " + ex.getClass().getSimpleName(), ex))
			.flatMap((result) -> {
				if (result.match() != null) {
					return Mono.just(receipt(base, result.match()));
				}
				if (result.nextToken() == null) {
					return Mono.empty();
				}
				if (page >= MAX_FIND_PAGES) {
					return Mono.error(new OutcomeUnknown(X, "X shows more than " + (MAX_FIND_PAGES * 100)
							+ " posts of the channel since the post was sent; check the channel before sending it again",
							null));
				}
				return findPage(base, userId, from, result.nextToken(), token, wanted, page + 1);
			});
	}

	/**
	 * A failed search: like a failed post, except that server errors only mean "look
	 * again later".
	 */
	private ConnectorException findFailure(HttpStatusCode status, HttpHeaders headers, String body, String token) {
		if (status.is5xxServerError()) {
			return new PlatformUnavailable(X, "X could not show the channel's posts (" + status.value() + "): "
					+ redact(detail(parse(body), "no details"), token), null);
		}
		return failure(status, headers, body, token);
	}

	/**
	 * @param shown the text as X shows it
	 * @param wanted {@link #comparable} of the text that was sent
	 * @param withMedia whether the post carried media, for which X appends a link
	 */
	static boolean matches(String shown, String wanted, boolean withMedia) {
		String text = comparable(unescape(shown));
		if (text.equals(wanted)) {
			return true;
		}
		return withMedia && (text.equals(wanted + " " + ANY_URL) || (wanted.isEmpty() && text.equals(ANY_URL)));
	}

	/**
	 * The text with each URL (as twitter-text finds them, with or without a scheme)
	 * replaced by one placeholder, whitespace runs made one space, and the ends trimmed.
	 */
	static String comparable(String text) {
		StringBuilder out = new StringBuilder();
		int from = 0;
		for (Extractor.Entity url : new Extractor().extractURLsWithIndices(text)) {
			out.append(text, from, url.getStart()).append(ANY_URL);
			from = url.getEnd();
		}
		out.append(text.substring(from));
		return WHITESPACE.matcher(out).replaceAll(" ").strip();
	}

	/** X escapes these three in the text it shows. */
	private static String unescape(String text) {
		return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
	}

	/**
	 * Looks a post up with {@code GET /2/tweets/{id}}.
	 * @return the receipt, or empty when X answers that the post does not exist (or no
	 * longer does); errors as for {@link #publish}
	 */
	@Override
	public Mono<PublishReceipt> lookup(ChannelAccess channel, String remoteId) {
		String token = channel.accessToken();
		return baseUrl().flatMap((base) -> this.webClient.get()
			.uri(UriComponentsBuilder.fromUri(base).path("/2/tweets/{id}").encode().buildAndExpand(remoteId).toUri())
			.headers((headers) -> headers.setBearerAuth(token))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> readLookedUp(base, response, token)))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> transportFailure(ex));
	}

	// ---------------------------------------------------------------------------------
	// Conversations

	/**
	 * Reads the replies in the post's conversation with {@code GET
	 * /2/tweets/search/recent?query=conversation_id:{postId}} (the channel's post ids are
	 * the conversations' ids), 100 a page following {@code meta.next_token}, with
	 * {@code start_time} at {@code since} rounded down to the second, and the authors'
	 * names from {@code expansions=author_id}. X's recent search covers the last seven
	 * days and never returns hidden replies, so every comment read is visible
	 * ({@link RemoteComment#hidden()} is {@code false}). A reply to the post itself has
	 * no parent; a reply to a reply has that reply as its parent. When the search finds
	 * nothing at all, not even the post, the post is looked up: {@link PublishRefused} if
	 * X no longer has it.
	 * @return errors as for {@link #find}
	 */
	@Override
	public Flux<RemoteComment> comments(ChannelAccess channel, String postId, Instant since) {
		Instant from = (since != null) ? since.truncatedTo(ChronoUnit.SECONDS) : null;
		return baseUrl().flatMapMany((base) -> {
			UriComponentsBuilder uri = UriComponentsBuilder.fromUri(base)
				.path("/2/tweets/search/recent")
				.queryParam("query", "{query}")
				.queryParam("max_results", 100)
				.queryParam("tweet.fields", TWEET_FIELDS)
				.queryParam("expansions", "author_id");
			if (from != null) {
				uri.queryParam("start_time", DateTimeFormatter.ISO_INSTANT.format(from));
			}
			return readAll(uri, Map.of("query", "conversation_id:" + postId), "next_token", channel)
				.flatMapMany((tweets) -> {
					if (tweets.isEmpty()) {
						return lookup(channel, postId)
							.onErrorMap((ex) -> !(ex instanceof AuthorisationFailed || ex instanceof RateLimited),
									(ex) -> new PlatformUnavailable(X,
											"X could not be asked whether post " + postId + " exists", ex))
							.switchIfEmpty(Mono
								.error(new PublishRefused(X, "X no longer shows post " + postId + ": it was deleted")))
							.thenMany(Flux.empty());
					}
					return Flux.fromIterable(tweets)
						.filter((tweet) -> !tweet.id().equals(postId))
						.filter((tweet) -> from == null
								|| !tweet.createdAt().truncatedTo(ChronoUnit.SECONDS).isBefore(from))
						.map((tweet) -> tweet.comment(postId, channel));
				});
		});
	}

	/**
	 * Reads the posts that mention the channel's account with {@code GET
	 * /2/users/{id}/mentions}, all pages, then leaves out the channel's own posts and
	 * every mention in a conversation the channel started (those are read as
	 * {@link #comments}): the conversations' first posts are looked up with {@code GET
	 * /2/tweets?ids=…}, 100 at a time. A mention's {@link RemoteComment#postId()} is its
	 * own id: it is the post Hubben would answer.
	 * @return errors as for {@link #find}
	 */
	@Override
	public Flux<RemoteComment> mentions(ChannelAccess channel, Instant since) {
		Instant from = (since != null) ? since.truncatedTo(ChronoUnit.SECONDS) : null;
		String self = channel.accountId();
		return baseUrl().flatMapMany((base) -> {
			UriComponentsBuilder uri = UriComponentsBuilder.fromUri(base)
				.path("/2/users/{id}/mentions")
				.queryParam("max_results", 100)
				.queryParam("tweet.fields", TWEET_FIELDS)
				.queryParam("expansions", "author_id");
			if (from != null) {
				uri.queryParam("start_time", DateTimeFormatter.ISO_INSTANT.format(from));
			}
			return readAll(uri, Map.of("id", self), "pagination_token", channel).flatMapMany((tweets) -> {
				List<ConversationPost> others = tweets.stream()
					.filter((tweet) -> !tweet.authorId().equals(self))
					.filter((tweet) -> from == null
							|| !tweet.createdAt().truncatedTo(ChronoUnit.SECONDS).isBefore(from))
					.toList();
				List<String> roots = others.stream()
					.map(ConversationPost::conversationId)
					.filter((conversation) -> conversation != null)
					.filter((conversation) -> others.stream().noneMatch((tweet) -> tweet.id().equals(conversation)))
					.distinct()
					.toList();
				return channelsOwn(base, roots, channel).flatMapMany((own) -> Flux.fromIterable(others)
					.filter((tweet) -> tweet.conversationId() == null || !own.contains(tweet.conversationId()))
					.map((tweet) -> tweet.mention(channel)));
			});
		});
	}

	/**
	 * @return which of these posts the channel wrote, asked 100 at a time
	 */
	private Mono<Set<String>> channelsOwn(URI base, List<String> ids, ChannelAccess channel) {
		if (ids.isEmpty()) {
			return Mono.just(Set.of());
		}
		List<List<String>> batches = new java.util.ArrayList<>();
		for (int i = 0; i < ids.size(); i += 100) {
			batches.add(ids.subList(i, Math.min(ids.size(), i + 100)));
		}
		return Flux.fromIterable(batches)
			.concatMap((batch) -> read(UriComponentsBuilder.fromUri(base)
				.path("/2/tweets")
				.queryParam("ids", "{ids}")
				.queryParam("tweet.fields", "author_id")
				.encode()
				.buildAndExpand(Map.of("ids", String.join(",", batch)))
				.toUri(), channel))
			.flatMapIterable((json) -> json.path("data"))
			.filter((post) -> post.path("author_id").asString("").equals(channel.accountId()))
			.map((post) -> post.path("id").asString(""))
			.collect(java.util.stream.Collectors.toSet());
	}

	/**
	 * Reads every page of a search or a list of posts, following the paging token, and
	 * returns the posts oldest first.
	 */
	private Mono<List<ConversationPost>> readAll(UriComponentsBuilder uri, Map<String, String> variables,
			String tokenParameter, ChannelAccess channel) {
		return readPages(uri, variables, tokenParameter, null, channel, 1)
			.sort(java.util.Comparator.comparing(ConversationPost::createdAt)
				// X's ids are snowflakes, growing with time: they order posts of the same
				// second.
				.thenComparing((post) -> post.id().length())
				.thenComparing(ConversationPost::id))
			.collectList();
	}

	private Flux<ConversationPost> readPages(UriComponentsBuilder uri, Map<String, String> variables,
			String tokenParameter, String pageToken, ChannelAccess channel, int page) {
		UriComponentsBuilder paged = uri.cloneBuilder();
		Map<String, String> values = new LinkedHashMap<>(variables);
		if (pageToken != null) {
			paged.queryParam(tokenParameter, "{pageToken}");
			values.put("pageToken", pageToken);
		}
		return read(paged.encode().buildAndExpand(values).toUri(), channel).flatMapMany((json) -> {
			Flux<ConversationPost> posts = Flux.fromIterable(ConversationPost.all(json));
			String next = json.path("meta").path("next_token").asString("");
			// X's recent search spans seven days; this many pages means something is
			// wrong, and a poll must end.
			if (next.isEmpty() || page >= MAX_CONVERSATION_PAGES) {
				return posts;
			}
			return posts.concatWith(readPages(uri, variables, tokenParameter, next, channel, page + 1));
		});
	}

	/** One read: errors as for {@link #find}, since reading changes nothing. */
	private Mono<JsonNode> read(URI url, ChannelAccess channel) {
		String token = channel.accessToken();
		return this.webClient.get()
			.uri(url)
			.headers((headers) -> headers.setBearerAuth(token))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((
					response) -> response.bodyToMono(String.class).defaultIfEmpty("").<JsonNode>handle((body, sink) -> {
						if (!response.statusCode().is2xxSuccessful()) {
							sink.error(findFailure(response.statusCode(), response.headers().asHttpHeaders(), body,
									token));
							return;
						}
						sink.next(parse(body));
					}))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> new PlatformUnavailable(X,
					"X could not be asked for the conversation: " + ex.getClass().getSimpleName(), ex));
	}

	/**
	 * Answers with {@code POST /2/tweets} and {@code reply.in_reply_to_tweet_id} set to
	 * the comment, then reads the reply back with {@code GET /2/tweets/{id}}; should that
	 * read fail, the reply is described from what X answered to the post (the channel's
	 * account id standing in for its name). Errors as for {@link #publish}: a server
	 * error or a lost answer is {@link OutcomeUnknown}, since the reply may exist.
	 */
	@Override
	public Mono<RemoteComment> reply(ChannelAccess channel, RemoteComment comment, String text) {
		String token = channel.accessToken();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("text", text);
		body.put("reply", Map.of("in_reply_to_tweet_id", comment.id()));
		return baseUrl().flatMap((base) -> this.webClient.post()
			.uri(UriComponentsBuilder.fromUri(base).path("/2/tweets").build().toUri())
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.<JsonNode>handle((answer, sink) -> {
					if (!response.statusCode().is2xxSuccessful()) {
						sink.error(failure(response.statusCode(), response.headers().asHttpHeaders(), answer, token));
						return;
					}
					JsonNode data = parse(answer).path("data");
					if (data.path("id").asString("").isEmpty()) {
						sink.error(new OutcomeUnknown(X, "X answered " + response.statusCode().value()
								+ " without the reply's id; the reply may exist", null));
						return;
					}
					sink.next(data);
				}))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> transportFailure(ex))
			.flatMap((data) -> {
				String id = data.path("id").asString();
				RemoteComment described = new RemoteComment(id, comment.postId(), comment.id(), channel.accountId(),
						channel.accountId(), unescape(data.path("text").asString(text)),
						this.clock.instant().truncatedTo(ChronoUnit.SECONDS), false, true);
				URI url = UriComponentsBuilder.fromUri(base)
					.path("/2/tweets/{id}")
					.queryParam("tweet.fields", TWEET_FIELDS)
					.queryParam("expansions", "author_id")
					.encode()
					.buildAndExpand(id)
					.toUri();
				return read(url, channel)
					.mapNotNull((json) -> ConversationPost.all(json)
						.stream()
						.findFirst()
						.map((post) -> new RemoteComment(id, comment.postId(), comment.id(), post.authorId(),
								post.authorName(), post.text(), post.createdAt(), false, true))
						.orElse(null))
					.onErrorResume((ex) -> Mono.empty())
					.defaultIfEmpty(described);
			}));
	}

	/**
	 * @return {@link Moderation#HIDE}: X hides replies in the channel's own conversations
	 */
	@Override
	public Moderation moderation() {
		return Moderation.HIDE;
	}

	/**
	 * Hides the reply with {@code PUT /2/tweets/{id}/hidden} and {@code {"hidden":true}}.
	 * X allows it only for replies in a conversation the channel started, at most 725 of
	 * them per conversation, 50 calls per 15 minutes, and only with a token granted
	 * {@code tweet.moderate.write}. Idempotent: hiding a hidden reply succeeds, and a
	 * reply X no longer has completes too (nobody sees it).
	 * @return {@link PublishRefused} when X refuses to hide this reply (not in the
	 * channel's conversation, not a reply, the cap reached); {@link AuthorisationFailed}
	 * for a refused token or one without the scope; {@link RateLimited} as for
	 * {@link #publish}; {@link PlatformUnavailable} for server errors and lost answers,
	 * since hiding again is harmless
	 */
	@Override
	public Mono<Void> moderate(ChannelAccess channel, RemoteComment comment) {
		String token = channel.accessToken();
		return baseUrl().flatMap((base) -> this.webClient.put()
			.uri(UriComponentsBuilder.fromUri(base)
				.path("/2/tweets/{id}/hidden")
				.encode()
				.buildAndExpand(comment.id())
				.toUri())
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("hidden", true))
			.exchangeToMono(
					(response) -> response.bodyToMono(String.class).defaultIfEmpty("").<Void>handle((body, sink) -> {
						JsonNode json = parse(body);
						if (response.statusCode().is2xxSuccessful()) {
							if (json.path("data").path("hidden").asBoolean(false) || json.path("errors")
								.path(0)
								.path("type")
								.asString("")
								.endsWith(RESOURCE_NOT_FOUND)) {
								sink.complete();
								return;
							}
							sink.error(new PlatformUnavailable(X,
									"X did not say the reply is hidden: " + redact(detail(json, "no details"), token),
									null));
							return;
						}
						sink.error(hideFailure(response.statusCode(), response.headers().asHttpHeaders(), json, body,
								token));
					}))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> new PlatformUnavailable(X,
					"X did not answer whether the reply is hidden: " + ex.getClass().getSimpleName(), ex)));
	}

	private ConnectorException hideFailure(HttpStatusCode status, HttpHeaders headers, JsonNode json, String body,
			String token) {
		String detail = redact(detail(json, "HTTP " + status.value()), token);
		if (status.value() == 403) {
			if (json.path("type").asString("").endsWith("client-forbidden")
					|| detail.toLowerCase(Locale.ROOT).contains("scope")) {
				return new AuthorisationFailed(X, "X did not let Hubben hide replies (" + detail
						+ "): reconnect the channel to grant the tweet.moderate.write permission");
			}
			return new PublishRefused(X, "X refused to hide the reply: it hides only replies in a conversation the "
					+ "channel started, at most 725 per conversation (X said: " + detail + ")");
		}
		return findFailure(status, headers, body, token);
	}

	private Mono<URI> baseUrl() {
		return Mono.fromCallable(() -> this.endpoints.baseUrl(X))
			.onErrorMap(IllegalStateException.class,
					(ex) -> new PlatformUnavailable(X, "X could not be reached: " + ex.getMessage(), ex));
	}

	private Mono<PublishReceipt> readPublished(URI base, ClientResponse response, String token) {
		return response.bodyToMono(String.class).defaultIfEmpty("").handle((body, sink) -> {
			if (!response.statusCode().is2xxSuccessful()) {
				sink.error(failure(response.statusCode(), response.headers().asHttpHeaders(), body, token));
				return;
			}
			String id = parse(body).path("data").path("id").asString("");
			if (id.isEmpty()) {
				sink.error(new OutcomeUnknown(X,
						"X answered " + response.statusCode().value() + " without a post id; the post may exist",
						null));
				return;
			}
			sink.next(receipt(base, id));
		});
	}

	private Mono<PublishReceipt> readLookedUp(URI base, ClientResponse response, String token) {
		return response.bodyToMono(String.class).defaultIfEmpty("").handle((body, sink) -> {
			if (!response.statusCode().is2xxSuccessful()) {
				sink.error(failure(response.statusCode(), response.headers().asHttpHeaders(), body, token));
				return;
			}
			JsonNode json = parse(body);
			String id = json.path("data").path("id").asString("");
			if (!id.isEmpty()) {
				sink.next(receipt(base, id));
				return;
			}
			JsonNode firstError = json.path("errors").path(0);
			if (firstError.path("type").asString("").endsWith(RESOURCE_NOT_FOUND)) {
				sink.complete();
				return;
			}
			// X answers 200 with only errors for posts it will not show (suspended,
			// protected): the post may exist, so the delivery must stay unresolved.
			sink.error(new OutcomeUnknown(X, "X did not show the post: " + redact(detail(json, "no details"), token),
					null));
		});
	}

	static PublishReceipt receipt(URI base, String id) {
		String host = base.getHost();
		if ("api.x.com".equalsIgnoreCase(host) || "api.twitter.com".equalsIgnoreCase(host)) {
			return new PublishReceipt(id, URI.create("https://x.com/i/web/status/" + id));
		}
		return new PublishReceipt(id,
				UriComponentsBuilder.fromUri(base).path("/i/web/status/{id}").encode().buildAndExpand(id).toUri());
	}

	private ConnectorException failure(HttpStatusCode status, HttpHeaders headers, String body, String token) {
		int code = status.value();
		JsonNode json = parse(body);
		String detail = redact(detail(json, "HTTP " + code), token);
		if (code == 401) {
			return new AuthorisationFailed(X, "X refused the channel's token: reconnect the channel");
		}
		if (code == 429) {
			return rateLimited(headers);
		}
		if (code == 403 && isDuplicate(json, detail)) {
			return new PublishRefused(X, "X refused: duplicate content");
		}
		if (status.is4xxClientError()) {
			return new PublishRefused(X, "X refused: " + detail);
		}
		if (code == 503) {
			return new PlatformUnavailable(X, "X is unavailable (503): " + detail, null);
		}
		// X documents 500, 502 and 504 as answers that can come after the post was
		// created, so only a lookup can tell.
		return new OutcomeUnknown(X, "X answered " + code + " (" + detail + "); the post may exist", null);
	}

	/**
	 * @param headers the headers of X's 429 answer
	 * @return the rate limit, until the time X's headers name; its scope is
	 * {@link RateLimited.Scope#APP} when the app's 24-hour cap
	 * ({@code x-app-limit-24hour-*}) is used up, which holds back every channel, else
	 * {@link RateLimited.Scope#CHANNEL} (the user's 15-minute and 24-hour windows)
	 */
	RateLimited rateLimited(HttpHeaders headers) {
		Instant retryAt = retryAt(headers);
		boolean appCapped = resetOf(headers, "x-app-limit-24hour-reset") != null
				&& "0".equals(trimmed(headers.getFirst("x-app-limit-24hour-remaining")));
		String whose = appCapped ? "X's daily limit for Hubben's app reached" : "X rate limit reached";
		return new RateLimited(X, whose + ": waiting until " + describe(retryAt), retryAt,
				appCapped ? RateLimited.Scope.APP : RateLimited.Scope.CHANNEL);
	}

	private static boolean isDuplicate(JsonNode json, String detail) {
		if (detail.toLowerCase(Locale.ROOT).contains("duplicate")) {
			return true;
		}
		for (JsonNode error : json.path("errors")) {
			if (error.path("code").asInt(0) == 187) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The latest reset among the windows that apply: the 15-minute window always (X sends
	 * it with every answer), the 24-hour windows only when they are used up.
	 */
	private Instant retryAt(HttpHeaders headers) {
		Instant latest = null;
		Instant window = resetOf(headers, "x-rate-limit-reset");
		if (window != null) {
			latest = window;
		}
		for (String prefix : new String[] { "x-user-limit-24hour-", "x-app-limit-24hour-" }) {
			Instant reset = resetOf(headers, prefix + "reset");
			if (reset != null && "0".equals(trimmed(headers.getFirst(prefix + "remaining")))
					&& (latest == null || reset.isAfter(latest))) {
				latest = reset;
			}
		}
		return (latest != null) ? latest : this.clock.instant().plus(DEFAULT_RATE_LIMIT_WAIT);
	}

	private static Instant resetOf(HttpHeaders headers, String name) {
		String value = trimmed(headers.getFirst(name));
		if (value == null) {
			return null;
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(value));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String trimmed(String value) {
		return (value != null) ? value.trim() : null;
	}

	private String describe(Instant instant) {
		Instant today = this.clock.instant().truncatedTo(ChronoUnit.DAYS);
		boolean sameDay = instant.truncatedTo(ChronoUnit.DAYS).equals(today);
		return sameDay ? TIME_OF_DAY.format(instant) : DateTimeFormatter.ISO_INSTANT.format(instant);
	}

	/**
	 * The most specific text X gave: RFC 7807 {@code detail} or {@code title}, else the
	 * first inline error's {@code detail} or legacy {@code message}.
	 */
	static String detail(JsonNode json, String fallback) {
		String detail = json.path("detail").asString("");
		if (detail.isBlank()) {
			JsonNode error = json.path("errors").path(0);
			detail = error.path("detail").asString(error.path("message").asString(""));
		}
		if (detail.isBlank()) {
			detail = json.path("title").asString("");
		}
		return detail.isBlank() ? fallback : detail;
	}

	static String redact(String text, String token) {
		return (token.isEmpty()) ? text : text.replace(token, "<token>");
	}

	static JsonNode parse(String body) {
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

	/**
	 * A failure below HTTP. Only failures that prove the request never left (no
	 * connection, no name, no TLS) mean X did not get the post.
	 */
	private static ConnectorException transportFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof SSLHandshakeException) {
				return new PlatformUnavailable(X, "X could not be reached: " + cause.getClass().getSimpleName(), ex);
			}
		}
		// Timeouts, premature closes and resets after the request went out all land here.
		return new OutcomeUnknown(X, "X did not answer; the post may exist", ex);
	}

	/**
	 * Reactor Netty's response timeout ends an unanswered request; this also ends one
	 * whose body trickles in forever.
	 */
	private Duration backstop() {
		return this.timeout.multipliedBy(2);
	}

	/**
	 * A post read in a conversation or among mentions, with its author's name from
	 * {@code includes.users}.
	 */
	private record ConversationPost(String id, String conversationId, String inReplyToId, String authorId,
			String authorName, String text, Instant createdAt) {

		static List<ConversationPost> all(JsonNode json) {
			Map<String, String> names = new java.util.HashMap<>();
			for (JsonNode user : json.path("includes").path("users")) {
				String name = user.path("name").asString("");
				names.put(user.path("id").asString(""), name.isBlank() ? user.path("username").asString("") : name);
			}
			List<ConversationPost> posts = new java.util.ArrayList<>();
			JsonNode data = json.path("data");
			for (JsonNode post : data.isArray() ? data : List.of(data)) {
				String id = post.path("id").asString("");
				if (id.isEmpty()) {
					continue;
				}
				String inReplyTo = null;
				for (JsonNode referenced : post.path("referenced_tweets")) {
					if ("replied_to".equals(referenced.path("type").asString(""))) {
						inReplyTo = referenced.path("id").asString(null);
					}
				}
				String authorId = post.path("author_id").asString("");
				String name = names.getOrDefault(authorId, "");
				Instant createdAt = TimelinePage.createdAt(post);
				posts.add(new ConversationPost(id, post.path("conversation_id").asString(null), inReplyTo, authorId,
						name.isBlank() ? authorId : name, unescape(post.path("text").asString("")),
						(createdAt != null) ? createdAt : Instant.EPOCH));
			}
			return posts;
		}

		RemoteComment comment(String postId, ChannelAccess channel) {
			String parent = (this.inReplyToId == null || this.inReplyToId.equals(postId)) ? null : this.inReplyToId;
			return new RemoteComment(this.id, postId, parent, this.authorId, this.authorName, this.text, this.createdAt,
					false, this.authorId.equals(channel.accountId()));
		}

		RemoteComment mention(ChannelAccess channel) {
			return new RemoteComment(this.id, this.id, null, this.authorId, this.authorName, this.text, this.createdAt,
					false, this.authorId.equals(channel.accountId()));
		}

	}

	/**
	 * One page of a user's posts: the id of the first whose text is wanted and was
	 * created at or after {@code from}, and the token of the next page.
	 */
	private record TimelinePage(String match, String nextToken) {

		static TimelinePage of(JsonNode json, Instant from, Predicate<String> wanted) {
			String match = null;
			for (JsonNode post : json.path("data")) {
				Instant createdAt = createdAt(post);
				boolean recent = createdAt == null || !createdAt.truncatedTo(ChronoUnit.SECONDS).isBefore(from);
				if (recent && wanted.test(post.path("text").asString(""))) {
					match = post.path("id").asString(null);
					break;
				}
			}
			String next = json.path("meta").path("next_token").asString("");
			return new TimelinePage(match, next.isEmpty() ? null : next);
		}

		static Instant createdAt(JsonNode post) {
			try {
				return Instant.parse(post.path("created_at").asString(""));
			}
			catch (java.time.format.DateTimeParseException ex) {
				return null;
			}
		}

	}

}
