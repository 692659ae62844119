package org.hubben.connector.x.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.twitter.twittertext.Extractor;
import com.twitter.twittertext.TwitterTextParseResults;
import com.twitter.twittertext.TwitterTextParser;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.Faults;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.emulator.ReceivedPost;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * X API v2 as far as Hubben uses it: {@code POST /2/tweets}, {@code GET} and
 * {@code DELETE /2/tweets/{id}}, {@code GET /2/users/{id}/tweets} (the user's timeline),
 * showing texts read back as X does (links as {@code t.co}, {@code &<>} escaped), with
 * X's bearer check, RFC 7807 problem answers, weighted length (twitter-text v3),
 * duplicate refusal, the {@code x-rate-limit-*} and {@code x-*-limit-24hour-*} headers
 * and their limits, plus {@code GET /i/web/status/{id}} so that remote URLs open a page.
 * Media come through {@link XMediaUploads}; a post's {@code media.media_ids} must be the
 * poster's own media whose processing succeeded, at most four images or one video or GIF.
 *
 * <p>
 * Conversations: a post with {@code reply.in_reply_to_tweet_id} joins that post's
 * conversation (and is a comment, not a received post); people write through
 * {@link #comment}; {@code GET /2/tweets/search/recent?query=conversation_id:…},
 * {@code GET /2/users/{id}/mentions} and {@code GET /2/tweets?ids=…} read them, with
 * {@code tweet.fields} and {@code expansions=author_id} (commenters' names are the ones
 * they commented with) and pages of at most {@link Limits#pageSize()}; {@code PUT
 * /2/tweets/{id}/hidden} hides a reply. Queued {@link Fault}s hit these calls as they hit
 * publishing. In-memory and thread-safe.
 */
@Component
@ConditionalOnBooleanProperty("hubben.platforms.emulators")
public class XEmulator implements Emulator {

	/** Twitter's snowflake epoch, 2010-11-04T01:42:54.657Z. */
	private static final long SNOWFLAKE_EPOCH = 1288834974657L;

	private static final Duration WINDOW = Duration.ofMinutes(15);

	private static final Duration DAY = Duration.ofHours(24);

	private static final Duration FAULT_RESET = Duration.ofSeconds(60);

	private static final int MAX_WEIGHTED_LENGTH = 280;

	private static final String PROBLEMS = "https://api.x.com/2/problems/";

	/** X lets the author of a conversation hide at most this many of its replies. */
	static final int MAX_HIDDEN_PER_CONVERSATION = 725;

	private static final java.util.regex.Pattern CONVERSATION_QUERY = java.util.regex.Pattern
		.compile("conversation_id:(\\d{1,19})");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** X writes {@code created_at} with milliseconds that are always zero. */
	private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000Z'")
		.withZone(ZoneOffset.UTC);

	private final EmulatorTokens tokens;

	private final Clock clock;

	private final Limits limits;

	private final Faults faults = new Faults();

	private final XMediaUploads media;

	private final Extractor extractor = new Extractor();

	private final XAuthorisationRoutes authorisation;

	private final AtomicLong lastId = new AtomicLong();

	private final Object lock = new Object();

	// Guarded by lock.
	private final Map<String, Tweet> tweets = new HashMap<>();

	// Guarded by lock.
	private final List<ReceivedPost> received = new ArrayList<>();

	// Guarded by lock; keys are "<endpoint>:<account>" or "app".
	private final Map<String, Window> windows = new HashMap<>();

	// Guarded by lock; the people who commented, by id.
	private final Map<String, XAuthorisationRoutes.User> people = new HashMap<>();

	/**
	 * @param tokens checks bearer tokens
	 * @param postsPer15Minutes the per-user limit of {@code POST /2/tweets} per 15
	 * minutes
	 * @param postsPerAppPer24Hours the app-wide limit of {@code POST /2/tweets} per 24
	 * hours
	 * @param mediaRequestsPer15Minutes the per-user limit of media upload requests per 15
	 * minutes (each INIT, APPEND, FINALIZE and STATUS counts)
	 */
	@Autowired
	public XEmulator(EmulatorTokens tokens,
			@Value("${hubben.platforms.x-emulator.posts-per-15-minutes:100}") int postsPer15Minutes,
			@Value("${hubben.platforms.x-emulator.posts-per-app-per-24-hours:10000}") int postsPerAppPer24Hours,
			@Value("${hubben.platforms.x-emulator.media-requests-per-15-minutes:500}") int mediaRequestsPer15Minutes) {
		this(tokens, Clock.systemUTC(), new Limits(postsPer15Minutes, postsPerAppPer24Hours),
				XMediaUploads.Limits.DEFAULT.withRequestsPer15Minutes(mediaRequestsPer15Minutes));
	}

	public XEmulator(EmulatorTokens tokens) {
		this(tokens, Clock.systemUTC());
	}

	public XEmulator(EmulatorTokens tokens, Clock clock) {
		this(tokens, clock, Limits.DEFAULT);
	}

	public XEmulator(EmulatorTokens tokens, Clock clock, Limits limits) {
		this(tokens, clock, limits, XMediaUploads.Limits.DEFAULT);
	}

	/**
	 * @param tokens checks bearer tokens
	 * @param clock the emulator's time: rate-limit windows and media processing follow it
	 * @param limits the limits of posts, lookups and deletes
	 * @param mediaLimits the limits of media uploads and how long processing takes
	 */
	public XEmulator(EmulatorTokens tokens, Clock clock, Limits limits, XMediaUploads.Limits mediaLimits) {
		this.tokens = tokens;
		this.clock = clock;
		this.limits = limits;
		this.authorisation = new XAuthorisationRoutes(tokens, clock);
		this.media = new XMediaUploads(this, clock, mediaLimits);
	}

	/**
	 * @return the limits this emulator enforces
	 */
	public Limits limits() {
		return this.limits;
	}

	@Override
	public Platform platform() {
		return Platform.X;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.add(this.authorisation.routes())
			.POST("/2/tweets", this::create)
			.GET("/2/tweets", this::showMany)
			.GET("/2/tweets/search/recent", this::search)
			.GET("/2/tweets/{id}", this::show)
			.PUT("/2/tweets/{id}/hidden", this::hide)
			.GET("/2/users/{id}/tweets", this::timeline)
			.GET("/2/users/{id}/mentions", this::mentions)
			.DELETE("/2/tweets/{id}", this::delete)
			.GET("/i/web/status/{id}", this::page)
			.add(this.media.routes())
			.build();
	}

	@Override
	public List<ReceivedPost> received() {
		synchronized (this.lock) {
			return List.copyOf(this.received);
		}
	}

	@Override
	public Faults faults() {
		return this.faults;
	}

	@Override
	public void reset() {
		synchronized (this.lock) {
			this.tweets.clear();
			this.received.clear();
			this.windows.clear();
			this.people.clear();
		}
		this.media.reset();
		this.faults.clear();
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		Optional<Fault> fault = this.faults.next();
		if (fault.isPresent()) {
			switch (fault.get()) {
				case EXPIRED_TOKEN:
					return unauthorized();
				case TIMEOUT:
					// Never answering is the fault: the client's timeout must end it.
					return Mono.never();
				case SERVER_ERROR:
					return problem(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", "about:blank",
							"Service Unavailable", HttpHeaders.EMPTY);
				default:
					break;
			}
		}
		Optional<String> account = authenticate(request);
		if (account.isEmpty()) {
			return unauthorized();
		}
		String accountId = account.get();
		if (fault.filter(Fault.RATE_LIMIT::equals).isPresent()) {
			return rateLimited(forcedLimitHeaders(accountId));
		}
		Admission admission = admitPost(accountId);
		if (!admission.admitted()) {
			return rateLimited(admission.headers());
		}
		return request.bodyToMono(String.class)
			.defaultIfEmpty("")
			.flatMap((body) -> create(request, accountId, body, fault.orElse(null), admission.headers()));
	}

	private Mono<ServerResponse> create(ServerRequest request, String accountId, String body, Fault fault,
			HttpHeaders limitHeaders) {
		JsonNode json;
		try {
			json = body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return invalidRequest("The request body is not valid JSON.", limitHeaders);
		}
		if (!json.isObject()) {
			return invalidRequest("The request body must be a JSON object.", limitHeaders);
		}
		JsonNode textNode = json.path("text");
		JsonNode mediaIds = json.path("media").path("media_ids");
		boolean hasMedia = mediaIds.isArray() && !mediaIds.isEmpty();
		if (!textNode.isMissingNode() && !textNode.isString()) {
			return invalidRequest("$.text: must be a string.", limitHeaders);
		}
		String text = textNode.asString("");
		if (text.isEmpty() && !hasMedia) {
			return invalidRequest("$.text: is required when no media is attached.", limitHeaders);
		}
		if (!text.isEmpty()) {
			TwitterTextParseResults length = TwitterTextParser.parseTweet(text);
			if (!length.isValid) {
				return invalidRequest("Your Tweet text is too long or invalid: weighted length " + length.weightedLength
						+ ", the most is " + MAX_WEIGHTED_LENGTH + ".", limitHeaders);
			}
		}
		JsonNode replyTo = json.path("reply").path("in_reply_to_tweet_id");
		if (!json.path("reply").isMissingNode() && !replyTo.asString("").matches("\\d{1,19}")) {
			return invalidRequest("$.reply.in_reply_to_tweet_id: is required in a reply.", limitHeaders);
		}
		XMediaUploads.Attachment attachment = XMediaUploads.Attachment.NONE;
		if (!json.path("media").isMissingNode()) {
			List<String> ids = new ArrayList<>();
			for (JsonNode id : mediaIds) {
				ids.add(id.asString(""));
			}
			if (!mediaIds.isArray() || ids.isEmpty() || ids.stream().anyMatch((id) -> !id.matches("\\d{1,19}"))) {
				return invalidRequest("$.media.media_ids: must be an array of 1 to 4 numeric strings.", limitHeaders);
			}
			attachment = this.media.attach(accountId, ids);
			if (attachment.refusal() != null) {
				return invalidRequest(attachment.refusal(), limitHeaders);
			}
		}
		Tweet tweet;
		synchronized (this.lock) {
			boolean duplicate = !text.isEmpty() && this.tweets.values()
				.stream()
				.anyMatch((existing) -> existing.accountId().equals(accountId) && existing.text().equals(text));
			if (duplicate) {
				return problem(HttpStatus.FORBIDDEN, "Forbidden", "about:blank",
						"You are not allowed to create a Tweet with duplicate content.", limitHeaders);
			}
			String id = nextId();
			if (replyTo.isMissingNode()) {
				tweet = new Tweet(id, accountId, text, attachment.mediaKeys(), now(), id, null, null, false, false);
				List<String> urls = this.extractor.extractURLs(text);
				this.received.add(new ReceivedPost(tweet.id(), accountId, text, urls.isEmpty() ? null : urls.get(0),
						tweet.createdAt(), null, List.of(), attachment.media(), attachment.startedAt()));
			}
			else {
				Tweet parent = this.tweets.get(replyTo.asString());
				if (parent == null) {
					return problem(HttpStatus.FORBIDDEN, "Forbidden", "about:blank",
							"You attempted to reply to a Tweet that is deleted or not visible to you.", limitHeaders);
				}
				// A reply is a comment: it shows in comments(), not among the received
				// posts.
				tweet = new Tweet(id, accountId, text, attachment.mediaKeys(), now(), parent.conversationId(),
						parent.id(), parent.accountId(), false, false);
			}
			this.tweets.put(tweet.id(), tweet);
		}
		if (fault == Fault.ACCEPT_THEN_DROP) {
			return EmulatorRoutes.dropConnection(request);
		}
		if (fault == Fault.ACCEPT_THEN_ERROR) {
			return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error", "about:blank",
					"Internal Server Error", limitHeaders);
		}
		return ServerResponse.status(HttpStatus.CREATED)
			.headers((headers) -> headers.addAll(limitHeaders))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("data", tweet.json()));
	}

	private Mono<ServerResponse> show(ServerRequest request) {
		Optional<String> account = authenticate(request);
		if (account.isEmpty()) {
			return unauthorized();
		}
		Admission admission = admit("lookup:" + account.get(), this.limits.lookupsPer15Minutes(), WINDOW);
		if (!admission.admitted()) {
			return rateLimited(admission.headers());
		}
		String id = request.pathVariable("id");
		Tweet tweet;
		synchronized (this.lock) {
			tweet = this.tweets.get(id);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		if (tweet != null) {
			body.put("data", view(tweet, request));
			includeUsers(body, List.of(tweet), request);
		}
		else {
			body.put("errors", List.of(notFound(id)));
		}
		return ServerResponse.ok()
			.headers((headers) -> headers.addAll(admission.headers()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
	}

	/**
	 * {@code GET /2/users/{id}/tweets}: the user's posts, newest first, with X's
	 * {@code start_time}/{@code end_time} (inclusive, second granularity),
	 * {@code max_results} (5 to 100, default 10) and {@code pagination_token} from
	 * {@code meta.next_token}. As on X, the text shows every URL as a {@code t.co} link,
	 * a post with media ends with one more {@code t.co} link to its media, and {@code &},
	 * {@code <} and {@code >} are HTML-escaped; {@code created_at} comes with
	 * {@code tweet.fields=created_at}.
	 */
	private Mono<ServerResponse> timeline(ServerRequest request) {
		Optional<String> account = authenticate(request);
		if (account.isEmpty()) {
			return unauthorized();
		}
		Admission admission = admit("timeline:" + account.get(), this.limits.timelinesPer15Minutes(), WINDOW);
		if (!admission.admitted()) {
			return rateLimited(admission.headers());
		}
		String userId = request.pathVariable("id");
		return page(request, 5, "pagination_token", admission.headers(), 100,
				(tweet) -> tweet.accountId().equals(userId));
	}

	/**
	 * The text as X shows it when it is read back: URLs wrapped as {@code t.co} links, a
	 * link to the media at the end, {@code &<>} escaped.
	 */
	private String shown(Tweet tweet) {
		StringBuilder text = new StringBuilder();
		int from = 0;
		for (Extractor.Entity url : this.extractor.extractURLsWithIndices(tweet.text())) {
			text.append(tweet.text(), from, url.getStart()).append(shortLink(url.getValue()));
			from = url.getEnd();
		}
		text.append(tweet.text().substring(from));
		if (!tweet.mediaKeys().isEmpty()) {
			text.append((text.length() > 0) ? " " : "").append(shortLink("media:" + tweet.id()));
		}
		return text.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static String shortLink(String target) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		long hash = target.hashCode() & 0xffffffffL;
		StringBuilder link = new StringBuilder("https://t.co/");
		for (int i = 0; i < 10; i++) {
			link.append(alphabet.charAt((int) (hash % alphabet.length())));
			hash = hash * 31 + i + 7;
			hash &= 0xffffffffffffL;
		}
		return link.toString();
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		Optional<String> account = authenticate(request);
		if (account.isEmpty()) {
			return unauthorized();
		}
		Admission admission = admit("delete:" + account.get(), this.limits.deletesPer15Minutes(), WINDOW);
		if (!admission.admitted()) {
			return rateLimited(admission.headers());
		}
		String id = request.pathVariable("id");
		synchronized (this.lock) {
			Tweet tweet = this.tweets.get(id);
			if (tweet == null) {
				return ServerResponse.ok()
					.headers((headers) -> headers.addAll(admission.headers()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("errors", List.of(notFound(id))));
			}
			if (!tweet.accountId().equals(account.get())) {
				return problem(HttpStatus.FORBIDDEN, "Forbidden", "about:blank",
						"You are not authorized to delete this Tweet.", admission.headers());
			}
			this.tweets.remove(id);
		}
		return ServerResponse.ok()
			.headers((headers) -> headers.addAll(admission.headers()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("data", Map.of("deleted", true)));
	}

	/**
	 * {@code GET /2/tweets?ids=…}: up to 100 posts by id, with the fields asked for;
	 * those not found are listed under {@code errors}.
	 */
	private Mono<ServerResponse> showMany(ServerRequest request) {
		Optional<String> account = authenticate(request);
		if (account.isEmpty()) {
			return unauthorized();
		}
		Admission admission = admit("lookup:" + account.get(), this.limits.lookupsPer15Minutes(), WINDOW);
		if (!admission.admitted()) {
			return rateLimited(admission.headers());
		}
		List<String> ids = List.of(request.queryParam("ids").orElse("").split(","))
			.stream()
			.map(String::trim)
			.filter((id) -> !id.isEmpty())
			.toList();
		if (ids.isEmpty() || ids.size() > 100) {
			return invalidRequest("The `ids` query parameter must hold 1 to 100 comma-separated ids.",
					admission.headers());
		}
		List<Tweet> found = new ArrayList<>();
		List<Map<String, Object>> errors = new ArrayList<>();
		synchronized (this.lock) {
			for (String id : ids) {
				Tweet tweet = this.tweets.get(id);
				if (tweet != null) {
					found.add(tweet);
				}
				else {
					errors.add(notFound(id));
				}
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		if (!found.isEmpty()) {
			body.put("data", found.stream().map((tweet) -> view(tweet, request)).toList());
			includeUsers(body, found, request);
		}
		if (!errors.isEmpty()) {
			body.put("errors", errors);
		}
		return ServerResponse.ok()
			.headers((headers) -> headers.addAll(admission.headers()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
	}

	/**
	 * {@code GET /2/tweets/search/recent} for the one query Hubben sends,
	 * {@code conversation_id:<id>}: the posts of that conversation from the last seven
	 * days, the conversation's first post included and hidden replies left out (as on X),
	 * newest first, with {@code start_time}/{@code end_time}, {@code max_results} (10 to
	 * 100; pages hold at most {@link Limits#pageSize()}, so that clients page) and
	 * {@code next_token}. Other queries are refused as the emulator does not model them.
	 */
	private Mono<ServerResponse> search(ServerRequest request) {
		return conversationCall(request, "search", (account, admission) -> {
			String query = request.queryParam("query").orElse("").trim();
			java.util.regex.Matcher conversation = CONVERSATION_QUERY.matcher(query);
			if (!conversation.matches()) {
				return invalidRequest(
						"This emulator's search understands only the query conversation_id:<id>, not [" + query + "].",
						admission.headers());
			}
			String conversationId = conversation.group(1);
			Instant weekAgo = now().minus(Duration.ofDays(7));
			return page(request, 10, "next_token", admission.headers(), this.limits.pageSize(),
					(tweet) -> tweet.conversationId().equals(conversationId) && !tweet.hidden()
							&& !tweet.createdAt().isBefore(weekAgo));
		});
	}

	/**
	 * {@code GET /2/users/{id}/mentions}: posts by others whose text mentions the user's
	 * {@code @username}, hidden replies left out, newest first, with the paging and
	 * fields of {@link #search}, {@code max_results} from 5 and {@code pagination_token}.
	 */
	private Mono<ServerResponse> mentions(ServerRequest request) {
		return conversationCall(request, "mentions", (account, admission) -> {
			String userId = request.pathVariable("id");
			String username = userOf(userId).username();
			return page(request, 5, "pagination_token", admission.headers(), this.limits.pageSize(),
					(tweet) -> !tweet.accountId().equals(userId) && !tweet.hidden()
							&& this.extractor.extractMentionedScreennames(tweet.text())
								.stream()
								.anyMatch(username::equalsIgnoreCase));
		});
	}

	/**
	 * {@code PUT /2/tweets/{id}/hidden} with {@code {"hidden": true|false}}: hides or
	 * unhides a reply in a conversation the caller started, as X does: idempotent, at
	 * most {@value #MAX_HIDDEN_PER_CONVERSATION} hidden replies per conversation, the
	 * token must have {@code tweet.moderate.write}; {@code 403} for a post that is not a
	 * reply or a reply in someone else's conversation. A post that does not exist is
	 * answered with X's inline {@code resource-not-found} error.
	 */
	private Mono<ServerResponse> hide(ServerRequest request) {
		return conversationCall(request, "hide", (account, admission) -> {
			if (!this.authorisation.granted(bearer(request), "tweet.moderate.write")) {
				return problem(HttpStatus.FORBIDDEN, "Forbidden", PROBLEMS + "client-forbidden",
						"This request requires the tweet.moderate.write scope, which the token was not granted.",
						admission.headers());
			}
			return request.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
				JsonNode hidden;
				try {
					hidden = body.isBlank() ? JSON.missingNode() : JSON.readTree(body).path("hidden");
				}
				catch (JacksonException ex) {
					hidden = JSON.missingNode();
				}
				if (!hidden.isBoolean()) {
					return invalidRequest("$.hidden: must be true or false.", admission.headers());
				}
				return hide(request.pathVariable("id"), account, hidden.asBoolean(), admission.headers());
			});
		});
	}

	private Mono<ServerResponse> hide(String id, String account, boolean hidden, HttpHeaders limitHeaders) {
		synchronized (this.lock) {
			Tweet tweet = this.tweets.get(id);
			if (tweet == null) {
				return ServerResponse.ok()
					.headers((headers) -> headers.addAll(limitHeaders))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("errors", List.of(notFound(id))));
			}
			Tweet root = this.tweets.get(tweet.conversationId());
			if (tweet.inReplyToId() == null) {
				return problem(HttpStatus.FORBIDDEN, "Forbidden", "about:blank",
						"Only replies can be hidden; Tweet " + id + " is not a reply.", limitHeaders);
			}
			if (root == null || !root.accountId().equals(account)) {
				return problem(HttpStatus.FORBIDDEN, "Forbidden", "about:blank",
						"You attempted to hide a reply in a "
								+ "conversation you did not start; only replies to your own Tweets can be hidden.",
						limitHeaders);
			}
			if (hidden && !tweet.hidden()) {
				long alreadyHidden = this.tweets.values()
					.stream()
					.filter((other) -> other.conversationId().equals(tweet.conversationId()) && other.hidden())
					.count();
				if (alreadyHidden >= MAX_HIDDEN_PER_CONVERSATION) {
					return problem(HttpStatus.FORBIDDEN, "Forbidden", "about:blank",
							"You have hidden the most replies X allows in one conversation ("
									+ MAX_HIDDEN_PER_CONVERSATION + ").",
							limitHeaders);
				}
			}
			this.tweets.put(id, tweet.withHidden(hidden));
		}
		return ServerResponse.ok()
			.headers((headers) -> headers.addAll(limitHeaders))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("data", Map.of("hidden", hidden)));
	}

	/**
	 * The checks every conversation call shares, in X's order: the queued fault, the
	 * bearer token, the endpoint's 15-minute window.
	 */
	private Mono<ServerResponse> conversationCall(ServerRequest request, String endpoint,
			java.util.function.BiFunction<String, Admission, Mono<ServerResponse>> handler) {
		Optional<Fault> fault = this.faults.next();
		if (fault.filter(Fault.EXPIRED_TOKEN::equals).isPresent()) {
			return unauthorized();
		}
		if (fault.filter(Fault.TIMEOUT::equals).isPresent()) {
			return Mono.never();
		}
		if (fault.filter(Fault.SERVER_ERROR::equals).isPresent()) {
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", "about:blank", "Service Unavailable",
					HttpHeaders.EMPTY);
		}
		Optional<String> account = authenticate(request);
		if (account.isEmpty()) {
			return unauthorized();
		}
		int limit = endpoint.equals("hide") ? this.limits.hidesPer15Minutes() : this.limits.readsPer15Minutes();
		if (fault.filter(Fault.RATE_LIMIT::equals).isPresent()) {
			HttpHeaders headers = new HttpHeaders();
			headers.set("x-rate-limit-limit", String.valueOf(limit));
			headers.set("x-rate-limit-remaining", "0");
			headers.set("x-rate-limit-reset", String.valueOf(now().plus(FAULT_RESET).getEpochSecond()));
			return rateLimited(headers);
		}
		Admission admission = admit(endpoint + ":" + account.get(), limit, WINDOW);
		if (!admission.admitted()) {
			return rateLimited(admission.headers());
		}
		return handler.apply(account.get(), admission);
	}

	/**
	 * One page of the posts that pass {@code filter}, newest first, with X's
	 * {@code start_time}, {@code end_time}, {@code max_results} and paging token, the
	 * requested {@code tweet.fields} and {@code expansions=author_id}; at most
	 * {@code mostPerPage} whatever {@code max_results} asks.
	 */
	private Mono<ServerResponse> page(ServerRequest request, int minResults, String tokenParameter,
			HttpHeaders limitHeaders, int mostPerPage, java.util.function.Predicate<Tweet> filter) {
		int maxResults;
		Instant startTime;
		Instant endTime;
		try {
			maxResults = request.queryParam("max_results").map(Integer::parseInt).orElse(10);
			startTime = request.queryParam("start_time").map(Instant::parse).orElse(null);
			endTime = request.queryParam("end_time").map(Instant::parse).orElse(null);
		}
		catch (RuntimeException ex) {
			return invalidRequest("The query parameters max_results, start_time and end_time must be a number and "
					+ "ISO 8601 times (YYYY-MM-DDTHH:mm:ssZ).", limitHeaders);
		}
		if (maxResults < minResults || maxResults > 100) {
			return invalidRequest("The `max_results` query parameter value [" + maxResults + "] is not between "
					+ minResults + " and 100", limitHeaders);
		}
		String token = request.queryParam(tokenParameter).or(() -> request.queryParam("pagination_token")).orElse(null);
		long upTo;
		try {
			upTo = (token == null) ? Long.MAX_VALUE : token.startsWith("p") ? Long.parseLong(token.substring(1)) : -1;
		}
		catch (NumberFormatException ex) {
			upTo = -1;
		}
		if (upTo < 0) {
			return invalidRequest("The `" + tokenParameter + "` query parameter value [" + token + "] is not valid",
					limitHeaders);
		}
		long last = upTo;
		int pageSize = Math.min(maxResults, mostPerPage);
		List<Tweet> matching;
		synchronized (this.lock) {
			matching = this.tweets.values()
				.stream()
				.filter(filter)
				.filter((tweet) -> startTime == null
						|| !tweet.createdAt().truncatedTo(ChronoUnit.SECONDS).isBefore(startTime))
				.filter((tweet) -> endTime == null
						|| tweet.createdAt().truncatedTo(ChronoUnit.SECONDS).isBefore(endTime))
				.filter((tweet) -> Long.parseLong(tweet.id()) <= last)
				.sorted(Comparator.comparingLong((Tweet tweet) -> Long.parseLong(tweet.id())).reversed())
				.toList();
		}
		List<Tweet> shown = matching.subList(0, Math.min(pageSize, matching.size()));
		Map<String, Object> meta = new LinkedHashMap<>();
		Map<String, Object> body = new LinkedHashMap<>();
		if (!shown.isEmpty()) {
			body.put("data", shown.stream().map((tweet) -> view(tweet, request)).toList());
			includeUsers(body, shown, request);
			meta.put("newest_id", shown.get(0).id());
			meta.put("oldest_id", shown.get(shown.size() - 1).id());
		}
		meta.put("result_count", shown.size());
		if (matching.size() > pageSize) {
			meta.put("next_token", "p" + matching.get(pageSize).id());
		}
		body.put("meta", meta);
		return ServerResponse.ok()
			.headers((headers) -> headers.addAll(limitHeaders))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
	}

	/**
	 * A post as X shows it, with the {@code tweet.fields} asked for: {@code created_at},
	 * {@code author_id}, {@code conversation_id}, {@code in_reply_to_user_id} and
	 * {@code referenced_tweets}.
	 */
	private Map<String, Object> view(Tweet tweet, ServerRequest request) {
		List<String> fields = List.of(request.queryParam("tweet.fields").orElse("").split(","));
		Map<String, Object> json = tweet.json();
		json.put("text", shown(tweet));
		if (fields.contains("created_at")) {
			json.put("created_at", CREATED_AT.format(tweet.createdAt()));
		}
		if (fields.contains("author_id")) {
			json.put("author_id", tweet.accountId());
		}
		if (fields.contains("conversation_id")) {
			json.put("conversation_id", tweet.conversationId());
		}
		if (fields.contains("in_reply_to_user_id") && tweet.inReplyToUserId() != null) {
			json.put("in_reply_to_user_id", tweet.inReplyToUserId());
		}
		if (fields.contains("referenced_tweets") && tweet.inReplyToId() != null) {
			json.put("referenced_tweets", List.of(Map.of("type", "replied_to", "id", tweet.inReplyToId())));
		}
		return json;
	}

	/** With {@code expansions=author_id}: the authors under {@code includes.users}. */
	private void includeUsers(Map<String, Object> body, List<Tweet> tweets, ServerRequest request) {
		boolean expand = List.of(request.queryParam("expansions").orElse("").split(",")).contains("author_id");
		if (!expand || tweets.isEmpty()) {
			return;
		}
		Map<String, Map<String, Object>> users = new LinkedHashMap<>();
		for (Tweet tweet : tweets) {
			XAuthorisationRoutes.User user = userOf(tweet.accountId());
			users.putIfAbsent(user.id(), Map.of("id", user.id(), "name", user.name(), "username", user.username()));
		}
		body.put("includes", Map.of("users", List.copyOf(users.values())));
	}

	/** A person who commented, as they said they are called, else an account. */
	private XAuthorisationRoutes.User userOf(String id) {
		synchronized (this.lock) {
			XAuthorisationRoutes.User person = this.people.get(id);
			return (person != null) ? person : XAuthorisationRoutes.user(id);
		}
	}

	/**
	 * A person writes on X: a reply in the conversation of {@link PersonComment#postId()}
	 * (to {@link PersonComment#parentId()} when given, else to the post itself), or, with
	 * no post id, a post of their own that starts a conversation (an {@code @username} in
	 * its text makes it a mention). Their name and a username made from it are what X
	 * shows for their id from now on.
	 */
	@Override
	public EmulatedComment comment(PersonComment comment) {
		if (comment.authorId() == null || comment.authorId().isBlank() || comment.authorName() == null
				|| comment.authorName().isBlank() || comment.text() == null || comment.text().isBlank()) {
			throw new IllegalArgumentException("A comment needs authorId, authorName and text");
		}
		synchronized (this.lock) {
			String id = nextId();
			Tweet tweet;
			if (comment.postId() == null) {
				if (comment.parentId() != null) {
					throw new IllegalArgumentException("A reply to " + comment.parentId() + " needs its postId");
				}
				tweet = new Tweet(id, comment.authorId(), comment.text(), List.of(), now(), id, null, null, false,
						true);
			}
			else {
				Tweet post = this.tweets.get(comment.postId());
				Tweet parent = (comment.parentId() != null) ? this.tweets.get(comment.parentId()) : post;
				if (post == null || parent == null || !parent.conversationId().equals(post.conversationId())) {
					throw new IllegalArgumentException("The X emulator holds no post " + comment.postId()
							+ ((comment.parentId() != null) ? " with a reply " + comment.parentId() : ""));
				}
				tweet = new Tweet(id, comment.authorId(), comment.text(), List.of(), now(), post.conversationId(),
						parent.id(), parent.accountId(), false, true);
			}
			String username = comment.authorName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "");
			this.people.put(comment.authorId(), new XAuthorisationRoutes.User(comment.authorId(), comment.authorName(),
					username.isEmpty() ? "user" + comment.authorId() : username));
			this.tweets.put(id, tweet);
			return emulated(tweet);
		}
	}

	/**
	 * Replies (by people or by the channel) and the posts people wrote, oldest first.
	 */
	@Override
	public List<EmulatedComment> comments() {
		synchronized (this.lock) {
			return this.tweets.values()
				.stream()
				.filter((tweet) -> tweet.person() || tweet.inReplyToId() != null)
				.sorted(Comparator.comparingLong((Tweet tweet) -> Long.parseLong(tweet.id())))
				.map(this::emulated)
				.toList();
		}
	}

	// Must hold lock.
	private EmulatedComment emulated(Tweet tweet) {
		String parentId = tweet.conversationId().equals(tweet.inReplyToId()) ? null : tweet.inReplyToId();
		return new EmulatedComment(tweet.id(), tweet.conversationId(), parentId, tweet.accountId(),
				userOf(tweet.accountId()).name(), tweet.text(), tweet.createdAt(), tweet.hidden(), false,
				!tweet.person());
	}

	private Mono<ServerResponse> page(ServerRequest request) {
		String id = request.pathVariable("id");
		Tweet tweet;
		synchronized (this.lock) {
			tweet = this.tweets.get(id);
		}
		String title = (tweet != null) ? "Post " + id : "This post does not exist";
		String content = (tweet != null)
				? "<p class=\"account\">@" + HtmlUtils.htmlEscape(tweet.accountId()) + "</p>\n<blockquote>"
						+ HtmlUtils.htmlEscape(tweet.text()) + "</blockquote>\n" + attachments(tweet)
				: "<p>There is no post " + HtmlUtils.htmlEscape(id) + " on this X emulator.</p>\n";
		String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
				+ HtmlUtils.htmlEscape(title) + " · X emulator</title></head>\n<body>\n<h1>"
				+ HtmlUtils.htmlEscape(title) + "</h1>\n" + content + "</body>\n</html>\n";
		return ServerResponse.status((tweet != null) ? HttpStatus.OK : HttpStatus.NOT_FOUND)
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.bodyValue(html);
	}

	Optional<String> authenticate(ServerRequest request) {
		EmulatorTokens.Verdict verdict = this.tokens.check(Platform.X, bearer(request));
		return verdict.valid() ? verdict.account() : Optional.empty();
	}

	private static String bearer(ServerRequest request) {
		String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).trim();
		}
		return null;
	}

	private Admission admitPost(String accountId) {
		synchronized (this.lock) {
			Instant now = now();
			Window user = window("post:" + accountId, this.limits.postsPer15Minutes(), WINDOW, now);
			Window app = window("app", this.limits.postsPerAppPer24Hours(), DAY, now);
			boolean admitted = user.remaining() > 0 && app.remaining() > 0;
			if (admitted) {
				user.used++;
				app.used++;
			}
			HttpHeaders headers = new HttpHeaders();
			user.describe(headers, "x-rate-limit-");
			// The 24-hour window modelled here is the app's, shared by every user: X
			// names it x-app-limit-24hour (x-user-limit-24hour is a per-user cap some
			// tiers have, which this emulator does not model).
			app.describe(headers, "x-app-limit-24hour-");
			return new Admission(admitted, headers);
		}
	}

	Admission admit(String key, int limit, Duration length) {
		synchronized (this.lock) {
			Window window = window(key, limit, length, now());
			boolean admitted = window.remaining() > 0;
			if (admitted) {
				window.used++;
			}
			HttpHeaders headers = new HttpHeaders();
			window.describe(headers, "x-rate-limit-");
			return new Admission(admitted, headers);
		}
	}

	// Must hold lock.
	private Window window(String key, int limit, Duration length, Instant now) {
		Window window = this.windows.get(key);
		if (window == null || !now.isBefore(window.resetAt)) {
			window = new Window(limit, now.plus(length));
			this.windows.put(key, window);
		}
		return window;
	}

	private HttpHeaders forcedLimitHeaders(String accountId) {
		HttpHeaders headers = new HttpHeaders();
		long reset = now().plus(FAULT_RESET).getEpochSecond();
		headers.set("x-rate-limit-limit", String.valueOf(this.limits.postsPer15Minutes()));
		headers.set("x-rate-limit-remaining", "0");
		headers.set("x-rate-limit-reset", String.valueOf(reset));
		synchronized (this.lock) {
			Window app = window("app", this.limits.postsPerAppPer24Hours(), DAY, now());
			app.describe(headers, "x-app-limit-24hour-");
		}
		return headers;
	}

	String nextId() {
		long snowflake = (now().toEpochMilli() - SNOWFLAKE_EPOCH) << 22;
		return String.valueOf(this.lastId.updateAndGet((last) -> Math.max(last + 1, snowflake)));
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static String attachments(Tweet tweet) {
		if (tweet.mediaKeys().isEmpty()) {
			return "";
		}
		StringBuilder html = new StringBuilder("<ul class=\"media\">\n");
		for (String key : tweet.mediaKeys()) {
			html.append("<li>").append(HtmlUtils.htmlEscape(key)).append("</li>\n");
		}
		return html.append("</ul>\n").toString();
	}

	private static Map<String, Object> notFound(String id) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("value", id);
		error.put("detail", "Could not find tweet with id: [" + id + "].");
		error.put("title", "Not Found Error");
		error.put("resource_type", "tweet");
		error.put("parameter", "id");
		error.put("resource_id", id);
		error.put("type", "https://api.twitter.com/2/problems/resource-not-found");
		return error;
	}

	static Mono<ServerResponse> unauthorized() {
		return problem(HttpStatus.UNAUTHORIZED, "Unauthorized", "about:blank", "Unauthorized", HttpHeaders.EMPTY);
	}

	static Mono<ServerResponse> invalidRequest(String detail, HttpHeaders headers) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid Request", PROBLEMS + "invalid-request", detail, headers);
	}

	static Mono<ServerResponse> rateLimited(HttpHeaders headers) {
		return problem(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", PROBLEMS + "rate-limit-exceeded",
				"Too Many Requests", headers);
	}

	static Mono<ServerResponse> problem(HttpStatus status, String title, String type, String detail,
			HttpHeaders headers) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", title);
		body.put("type", type);
		body.put("status", status.value());
		body.put("detail", detail);
		return ServerResponse.status(status)
			.headers((target) -> target.addAll(headers))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(body);
	}

	/**
	 * The limits the emulator enforces, per 15-minute window per user unless named
	 * otherwise.
	 *
	 * @param postsPer15Minutes {@code POST /2/tweets} per user
	 * @param postsPerAppPer24Hours {@code POST /2/tweets} for all users together per 24
	 * hours
	 * @param lookupsPer15Minutes {@code GET /2/tweets/{id}} per user
	 * @param deletesPer15Minutes {@code DELETE /2/tweets/{id}} per user
	 * @param timelinesPer15Minutes {@code GET /2/users/{id}/tweets} per user
	 * @param readsPer15Minutes {@code GET /2/tweets/search/recent} per user, and
	 * {@code GET /2/users/{id}/mentions} per user
	 * @param hidesPer15Minutes {@code PUT /2/tweets/{id}/hidden} per user
	 * @param pageSize the most posts one page of a search or of mentions holds, whatever
	 * {@code max_results} asks for; small, so that clients must page
	 */
	public record Limits(int postsPer15Minutes, int postsPerAppPer24Hours, int lookupsPer15Minutes,
			int deletesPer15Minutes, int timelinesPer15Minutes, int readsPer15Minutes, int hidesPer15Minutes,
			int pageSize) {

		/** X's published limits as of 2026, pages of at most 10. */
		public static final Limits DEFAULT = new Limits(100, 10_000);

		public Limits {
			if (postsPer15Minutes < 1 || postsPerAppPer24Hours < 1 || lookupsPer15Minutes < 1 || deletesPer15Minutes < 1
					|| timelinesPer15Minutes < 1 || readsPer15Minutes < 1 || hidesPer15Minutes < 1 || pageSize < 1) {
				throw new IllegalArgumentException("Every limit must be at least 1");
			}
		}

		public Limits(int postsPer15Minutes, int postsPerAppPer24Hours) {
			this(postsPer15Minutes, postsPerAppPer24Hours, 900, 50, 900);
		}

		/**
		 * These limits of posts, lookups, deletes and timelines, X's for conversations.
		 */
		public Limits(int postsPer15Minutes, int postsPerAppPer24Hours, int lookupsPer15Minutes,
				int deletesPer15Minutes, int timelinesPer15Minutes) {
			this(postsPer15Minutes, postsPerAppPer24Hours, lookupsPer15Minutes, deletesPer15Minutes,
					timelinesPer15Minutes, 300, 50, 10);
		}

		/**
		 * @return these limits with another limit of hides and page size
		 */
		public Limits withConversations(int hidesPer15Minutes, int pageSize) {
			return new Limits(this.postsPer15Minutes, this.postsPerAppPer24Hours, this.lookupsPer15Minutes,
					this.deletesPer15Minutes, this.timelinesPer15Minutes, this.readsPer15Minutes, hidesPer15Minutes,
					pageSize);
		}

	}

	/**
	 * @param conversationId the first post of its conversation (its own id if it is one)
	 * @param inReplyToId the post it answers, or {@code null}
	 * @param inReplyToUserId the author of that post, or {@code null}
	 * @param hidden whether the conversation's author hid it
	 * @param person whether a person wrote it through {@link #comment}
	 */
	private record Tweet(String id, String accountId, String text, List<String> mediaKeys, Instant createdAt,
			String conversationId, String inReplyToId, String inReplyToUserId, boolean hidden, boolean person) {

		Tweet withHidden(boolean hidden) {
			return new Tweet(this.id, this.accountId, this.text, this.mediaKeys, this.createdAt, this.conversationId,
					this.inReplyToId, this.inReplyToUserId, hidden, this.person);
		}

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("id", this.id);
			json.put("text", this.text);
			json.put("edit_history_tweet_ids", List.of(this.id));
			if (!this.mediaKeys.isEmpty()) {
				json.put("attachments", Map.of("media_keys", this.mediaKeys));
			}
			return json;
		}

	}

	record Admission(boolean admitted, HttpHeaders headers) {

	}

	private static final class Window {

		private final int limit;

		private final Instant resetAt;

		private int used;

		Window(int limit, Instant resetAt) {
			this.limit = limit;
			this.resetAt = resetAt;
		}

		int remaining() {
			return Math.max(0, this.limit - this.used);
		}

		void describe(HttpHeaders headers, String prefix) {
			headers.set(prefix + "limit", String.valueOf(this.limit));
			headers.set(prefix + "remaining", String.valueOf(remaining()));
			headers.set(prefix + "reset", String.valueOf(this.resetAt.getEpochSecond()));
		}

	}

}
