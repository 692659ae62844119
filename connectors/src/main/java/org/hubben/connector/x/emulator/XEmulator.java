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
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.Faults;
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
 * In-memory and thread-safe.
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
			.GET("/2/tweets/{id}", this::show)
			.GET("/2/users/{id}/tweets", this::timeline)
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
		XMediaUploads.Attachment attachment = new XMediaUploads.Attachment(null, List.of(), List.of());
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
			tweet = new Tweet(nextId(), accountId, text, attachment.mediaKeys(), now());
			this.tweets.put(tweet.id(), tweet);
			List<String> urls = this.extractor.extractURLs(text);
			this.received.add(new ReceivedPost(tweet.id(), accountId, text, urls.isEmpty() ? null : urls.get(0), now(),
					null, List.of(), attachment.media()));
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
		Object body;
		if (tweet != null) {
			Map<String, Object> json = tweet.json();
			json.put("text", shown(tweet));
			body = Map.of("data", json);
		}
		else {
			body = Map.of("errors", List.of(notFound(id)));
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
					+ "ISO 8601 times (YYYY-MM-DDTHH:mm:ssZ).", admission.headers());
		}
		if (maxResults < 5 || maxResults > 100) {
			return invalidRequest(
					"The `max_results` query parameter value [" + maxResults + "] is not between 5 and 100",
					admission.headers());
		}
		String token = request.queryParam("pagination_token").orElse(null);
		long upTo;
		try {
			upTo = (token != null && token.startsWith("p")) ? Long.parseLong(token.substring(1))
					: (token == null) ? Long.MAX_VALUE : -1;
		}
		catch (NumberFormatException ex) {
			upTo = -1;
		}
		if (upTo < 0) {
			return invalidRequest("The `pagination_token` query parameter value [" + token + "] is not valid",
					admission.headers());
		}
		long last = upTo;
		boolean withCreatedAt = request.queryParam("tweet.fields")
			.filter((fields) -> List.of(fields.split(",")).contains("created_at"))
			.isPresent();
		List<Tweet> matching;
		synchronized (this.lock) {
			matching = this.tweets.values()
				.stream()
				.filter((tweet) -> tweet.accountId().equals(userId))
				.filter((tweet) -> startTime == null
						|| !tweet.createdAt().truncatedTo(ChronoUnit.SECONDS).isBefore(startTime))
				.filter((tweet) -> endTime == null
						|| tweet.createdAt().truncatedTo(ChronoUnit.SECONDS).isBefore(endTime))
				.filter((tweet) -> Long.parseLong(tweet.id()) <= last)
				.sorted(Comparator.comparingLong((Tweet tweet) -> Long.parseLong(tweet.id())).reversed())
				.toList();
		}
		List<Map<String, Object>> data = new ArrayList<>();
		for (Tweet tweet : matching.subList(0, Math.min(maxResults, matching.size()))) {
			Map<String, Object> json = tweet.json();
			json.put("text", shown(tweet));
			if (withCreatedAt) {
				json.put("created_at", CREATED_AT.format(tweet.createdAt()));
			}
			data.add(json);
		}
		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("result_count", data.size());
		if (!data.isEmpty()) {
			meta.put("newest_id", data.get(0).get("id"));
			meta.put("oldest_id", data.get(data.size() - 1).get("id"));
		}
		if (matching.size() > maxResults) {
			meta.put("next_token", "p" + matching.get(maxResults).id());
		}
		Map<String, Object> body = new LinkedHashMap<>();
		if (!data.isEmpty()) {
			body.put("data", data);
		}
		body.put("meta", meta);
		return ServerResponse.ok()
			.headers((headers) -> headers.addAll(admission.headers()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
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
		String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		String token = null;
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = authorization.substring(7).trim();
		}
		EmulatorTokens.Verdict verdict = this.tokens.check(Platform.X, token);
		return verdict.valid() ? verdict.account() : Optional.empty();
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
	 */
	public record Limits(int postsPer15Minutes, int postsPerAppPer24Hours, int lookupsPer15Minutes,
			int deletesPer15Minutes, int timelinesPer15Minutes) {

		/** X's published limits as of 2026. */
		public static final Limits DEFAULT = new Limits(100, 10_000);

		public Limits {
			if (postsPer15Minutes < 1 || postsPerAppPer24Hours < 1 || lookupsPer15Minutes < 1 || deletesPer15Minutes < 1
					|| timelinesPer15Minutes < 1) {
				throw new IllegalArgumentException("Every limit must be at least 1");
			}
		}

		public Limits(int postsPer15Minutes, int postsPerAppPer24Hours) {
			this(postsPer15Minutes, postsPerAppPer24Hours, 900, 50, 900);
		}

	}

	private record Tweet(String id, String accountId, String text, List<String> mediaKeys, Instant createdAt) {

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
