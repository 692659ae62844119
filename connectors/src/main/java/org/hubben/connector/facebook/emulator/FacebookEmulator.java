package org.hubben.connector.facebook.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.EmulatorTokens.Verdict;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.Faults;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * An in-memory Facebook Graph API for Pages: {@code POST /{page-id}/feed}, {@code GET
 * /{post-id}}, {@code GET /{page-id}/posts} (or {@code /feed}) and {@code GET
 * /{page-id}/videos}, with or without a {@code /vNN.N} version prefix, plus {@code GET
 * /posts/{id}}, an HTML page standing in for the post on facebook.com.
 *
 * <p>
 * It checks Page tokens issued by {@link EmulatorTokens} (in the {@code access_token}
 * parameter or an {@code Authorization: Bearer|OAuth} header), refuses a duplicate
 * message on a Page (code 506), models unpublished ("dark") and scheduled posts with
 * Facebook's scheduling window, counts calls against a per-Page hourly budget (code 32 at
 * 100%, with {@code X-App-Usage} and {@code X-Business-Use-Case-Usage} on every Graph
 * answer), and answers with Facebook's error JSON. Photos, multi-photo posts
 * ({@code attached_media}) and videos come through {@link FacebookMediaUploads};
 * {@code GET /{id}} finds photo and video posts as well. Comments, replies and hiding are
 * {@link FacebookComments}'. Thread-safe.
 */
@Component
@ConditionalOnBooleanProperty("hubben.platforms.emulators")
public class FacebookEmulator implements Emulator {

	private static final String MOUNT = "/emulator/" + Platform.FACEBOOK.id();

	static final String VERSION = "/{version:v\\d+\\.\\d+}";

	static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
		.withZone(ZoneOffset.UTC);

	private static final Duration RATE_LIMIT_FAULT_WAIT = Duration.ofMinutes(5);

	private static final Duration WINDOW = Duration.ofHours(1);

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final EmulatorTokens tokens;

	private final Clock clock;

	private final Limits limits;

	private final Faults faults = new Faults();

	private final FacebookLoginRoutes login;

	private final FacebookMediaUploads media;

	private final FacebookComments comments;

	private final AtomicLong postSequence = new AtomicLong(100000000000001L);

	private final Object lock = new Object();

	/** Guarded by {@link #lock}, as is {@link #messages}. */
	private final Map<String, StoredPost> posts = new LinkedHashMap<>();

	private final Set<String> messages = new HashSet<>();

	/**
	 * The {@code targeting} objects of the posts that had one, by post id, kept as the
	 * opaque JSON Facebook echoes back. Guarded by {@link #lock}.
	 */
	private final Map<String, Object> targetings = new HashMap<>();

	private final Map<String, Deque<Instant>> callsByPage = new ConcurrentHashMap<>();

	/**
	 * An emulator on the system clock with {@link Limits#DEFAULTS}.
	 * @param tokens checks the Page tokens presented
	 */
	public FacebookEmulator(EmulatorTokens tokens) {
		this(tokens, Clock.systemUTC(), Limits.DEFAULTS);
	}

	public FacebookEmulator(EmulatorTokens tokens, Clock clock) {
		this(tokens, clock, Limits.DEFAULTS);
	}

	public FacebookEmulator(EmulatorTokens tokens, Clock clock, Limits limits) {
		this(tokens, clock, limits, FacebookMediaUploads.Limits.DEFAULTS);
	}

	/**
	 * @param tokens checks the Page tokens presented
	 * @param clock the emulator's time
	 * @param limits the call budget and scheduling window
	 * @param mediaLimits the photo and video sizes and the video chunk size
	 */
	public FacebookEmulator(EmulatorTokens tokens, Clock clock, Limits limits,
			FacebookMediaUploads.Limits mediaLimits) {
		this.tokens = tokens;
		this.clock = clock;
		this.limits = limits;
		this.login = new FacebookLoginRoutes(tokens, clock);
		this.media = new FacebookMediaUploads(this, clock, mediaLimits);
		this.comments = new FacebookComments(this, tokens, clock);
	}

	/**
	 * The constructor Spring uses: the clock is the context's {@link Clock} bean, if it
	 * has one, and the limits come from
	 * {@code hubben.platforms.facebook-emulator.calls-per-page-hour},
	 * {@code .earliest-schedule} and {@code .latest-schedule}.
	 */
	@Autowired
	FacebookEmulator(EmulatorTokens tokens, ObjectProvider<Clock> clock,
			@Value("${hubben.platforms.facebook-emulator.calls-per-page-hour:4800}") int callsPerPageHour,
			@Value("${hubben.platforms.facebook-emulator.earliest-schedule:10m}") String earliestSchedule,
			@Value("${hubben.platforms.facebook-emulator.latest-schedule:30d}") String latestSchedule) {
		this(tokens, clock.getIfAvailable(Clock::systemUTC), new Limits(callsPerPageHour,
				DurationStyle.detectAndParse(earliestSchedule), DurationStyle.detectAndParse(latestSchedule)));
	}

	/**
	 * @return the scheduling window and call budget this emulator enforces
	 */
	public Limits limits() {
		return this.limits;
	}

	@Override
	public Platform platform() {
		return Platform.FACEBOOK;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		// Media routes go first: GET /{version}/upload:{session} must not be read as a
		// post id.
		return RouterFunctions.route()
			.add(this.login.routes())
			.add(this.media.routes())
			.add(this.comments.routes())
			.GET("/posts/{id}", this::showPost)
			.POST(VERSION + "/{pageId}/feed", this::publish)
			.POST("/{pageId}/feed", this::publish)
			.GET(VERSION + "/{pageId}/posts", (request) -> listPosts(request, false, false))
			.GET("/{pageId}/posts", (request) -> listPosts(request, false, false))
			.GET(VERSION + "/{pageId}/feed", (request) -> listPosts(request, false, false))
			.GET("/{pageId}/feed", (request) -> listPosts(request, false, false))
			.GET(VERSION + "/{pageId}/videos", (request) -> listPosts(request, true, false))
			.GET("/{pageId}/videos", (request) -> listPosts(request, true, false))
			.GET(VERSION + "/{pageId}/promotable_posts", (request) -> listPosts(request, false, true))
			.GET("/{pageId}/promotable_posts", (request) -> listPosts(request, false, true))
			.GET(VERSION + "/{postId}", this::readPost)
			.GET("/{postId}", this::readPost)
			.add(this.comments.hideRoutes())
			.build();
	}

	@Override
	public List<ReceivedPost> received() {
		synchronized (this.lock) {
			return this.posts.values().stream().map(StoredPost::received).toList();
		}
	}

	@Override
	public Faults faults() {
		return this.faults;
	}

	@Override
	public EmulatedComment comment(PersonComment comment) {
		return this.comments.add(comment);
	}

	@Override
	public List<EmulatedComment> comments() {
		return this.comments.all();
	}

	/** The post (or photo story, or video) by its id, or null. */
	StoredPost post(String id) {
		synchronized (this.lock) {
			return this.posts.get(id);
		}
	}

	@Override
	public void reset() {
		synchronized (this.lock) {
			this.posts.clear();
			this.messages.clear();
			this.targetings.clear();
		}
		this.media.reset();
		this.comments.reset();
		this.callsByPage.clear();
		this.faults.clear();
	}

	private Mono<ServerResponse> publish(ServerRequest request) {
		String pageId = request.pathVariable("pageId");
		return parameters(request).flatMap((params) -> {
			Optional<Fault> fault = this.faults.next();
			if (fault.isPresent()) {
				Mono<ServerResponse> early = earlyFault(fault.get(), pageId);
				if (early != null) {
					return early;
				}
			}
			Mono<ServerResponse> refusal = authorise(request, params, pageId);
			if (refusal != null) {
				return refusal;
			}
			Mono<ServerResponse> overBudget = countCall(pageId);
			if (overBudget != null) {
				return overBudget;
			}
			Draft draft;
			List<ReceivedMedia> attached;
			Object targeting;
			try {
				targeting = targeting(params.getFirst("targeting"));
				attached = this.media.attach(pageId, params);
				draft = draft(params, !attached.isEmpty());
			}
			catch (GraphRefusal ex) {
				return error(HttpStatus.BAD_REQUEST, ex.code, 0, ex.getMessage(), "OAuthException", pageId);
			}
			StoredPost post = store(pageId, draft, PostKind.POST, null, null, attached);
			if (post == null) {
				return error(HttpStatus.BAD_REQUEST, 506, 0, "(#506) Duplicate status message", "OAuthException",
						pageId);
			}
			if (targeting != null) {
				synchronized (this.lock) {
					this.targetings.put(post.id(), targeting);
				}
			}
			if (fault.orElse(null) == Fault.ACCEPT_THEN_ERROR) {
				return serverError(pageId);
			}
			if (fault.orElse(null) == Fault.ACCEPT_THEN_DROP) {
				return EmulatorRoutes.dropConnection(request);
			}
			return json(HttpStatus.OK, pageId).bodyValue(Map.of("id", post.id()));
		});
	}

	/** The answer to a fault that hits before the post would be created, or null. */
	Mono<ServerResponse> earlyFault(Fault fault, String pageId) {
		return switch (fault) {
			case EXPIRED_TOKEN -> expiredToken(pageId);
			case RATE_LIMIT -> ServerResponse.badRequest()
				.contentType(MediaType.APPLICATION_JSON)
				.headers((headers) -> usageHeaders(headers, pageId, 100, RATE_LIMIT_FAULT_WAIT))
				.bodyValue(errorBody(32, 0, "(#32) Page request limit reached", "OAuthException", false));
			case SERVER_ERROR -> serverError(pageId);
			case TIMEOUT -> Mono.never();
			// A text post has no parts to drop halfway; it is served normally.
			case ACCEPT_THEN_ERROR, ACCEPT_THEN_DROP, DROP_DURING_UPLOAD -> null;
		};
	}

	private Mono<ServerResponse> readPost(ServerRequest request) {
		String postId = request.pathVariable("postId");
		MultiValueMap<String, String> params = request.queryParams();
		Mono<ServerResponse> refusal = authorise(request, params, null);
		if (refusal != null) {
			return refusal;
		}
		String account = this.tokens.check(Platform.FACEBOOK, token(request, params)).accountId();
		Mono<ServerResponse> overBudget = countCall(account);
		if (overBudget != null) {
			return overBudget;
		}
		StoredPost post;
		Object targeting;
		synchronized (this.lock) {
			post = this.posts.get(postId);
			targeting = this.targetings.get(postId);
		}
		// A post of another Page is as invisible to this token as one that does not
		// exist, and Facebook answers both alike.
		Map<String, Object> fields = (post != null && post.pageId().equals(account))
				? post.fields(permalink(request, postId)) : this.media.photoFields(postId, account, request);
		if (fields != null && post != null && targeting != null) {
			fields.put("targeting", targeting);
		}
		if (fields == null) {
			fields = this.comments.fields(postId, account, params);
			if (fields != null) {
				return json(HttpStatus.OK, account).bodyValue(fields);
			}
		}
		if (fields == null) {
			return error(HttpStatus.BAD_REQUEST, 100, 33, "Unsupported get request. Object with ID '" + postId
					+ "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
					"GraphMethodException", account);
		}
		String wanted = params.getFirst("fields");
		if (wanted != null && !wanted.isBlank()) {
			Set<String> names = new HashSet<>(Arrays.asList(wanted.split("\\s*,\\s*")));
			fields.keySet().removeIf((name) -> !name.equals("id") && !names.contains(name));
		}
		return json(HttpStatus.OK, account).bodyValue(fields);
	}

	/**
	 * {@code GET /{page-id}/posts} (and {@code /feed}): the Page's published posts, photo
	 * stories included, newest first; {@code GET /{page-id}/videos}: its videos. Both
	 * take {@code since} and {@code until} (a UNIX time or ISO 8601; {@code since}
	 * inclusive), {@code limit} (default 25, at most 100), {@code fields} and the
	 * {@code after} cursor, and answer {@code {data, paging: {cursors, next}}},
	 * {@code next} only when there is more. Scheduled and unpublished posts are not
	 * listed, as on Facebook, except by {@code GET /{page-id}/promotable_posts}, which
	 * lists the Page's posts whether published, scheduled or unpublished ("dark").
	 */
	private Mono<ServerResponse> listPosts(ServerRequest request, boolean videos, boolean promotable) {
		String pageId = request.pathVariable("pageId");
		MultiValueMap<String, String> params = request.queryParams();
		Mono<ServerResponse> refusal = authorise(request, params, pageId);
		if (refusal != null) {
			return refusal;
		}
		Mono<ServerResponse> overBudget = countCall(pageId);
		if (overBudget != null) {
			return overBudget;
		}
		Instant since;
		Instant until;
		int limit;
		try {
			since = (params.getFirst("since") != null) ? scheduledTime(params.getFirst("since").trim()) : null;
			until = (params.getFirst("until") != null) ? scheduledTime(params.getFirst("until").trim()) : null;
			limit = (params.getFirst("limit") != null) ? Integer.parseInt(params.getFirst("limit").trim()) : 25;
		}
		catch (GraphRefusal | NumberFormatException ex) {
			return error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) since and until must be times and limit a number",
					"OAuthException", pageId);
		}
		if (limit < 1 || limit > 100) {
			return error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) The limit must be between 1 and 100", "OAuthException",
					pageId);
		}
		String after = params.getFirst("after");
		long afterSequence = Long.MAX_VALUE;
		if (after != null) {
			try {
				afterSequence = Long
					.parseLong(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				return error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) The after cursor is not valid", "OAuthException",
						pageId);
			}
		}
		List<StoredPost> listed = new ArrayList<>();
		synchronized (this.lock) {
			long sequence = 0;
			for (StoredPost post : this.posts.values()) {
				sequence++;
				boolean wanted = post.pageId().equals(pageId) && (post.published() || promotable)
						&& (post.kind() == PostKind.VIDEO) == videos && sequence < afterSequence
						&& (since == null || !post.createdAt().truncatedTo(ChronoUnit.SECONDS).isBefore(since))
						&& (until == null || post.createdAt().isBefore(until));
				if (wanted) {
					listed.add(0, post.withSequence(sequence));
				}
			}
		}
		List<Map<String, Object>> data = new ArrayList<>();
		Set<String> names = new HashSet<>(Arrays.asList(
				Optional.ofNullable(params.getFirst("fields")).orElse("id,message,created_time").split("\\s*,\\s*")));
		for (StoredPost post : listed.subList(0, Math.min(limit, listed.size()))) {
			Map<String, Object> fields = post.fields(permalink(request, post.id()));
			fields.keySet().removeIf((name) -> !name.equals("id") && !names.contains(name));
			data.add(fields);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("data", data);
		if (!data.isEmpty()) {
			Map<String, Object> paging = new LinkedHashMap<>();
			paging.put("cursors", Map.of("before", cursor(listed.get(0).sequence()), "after",
					cursor(listed.get(data.size() - 1).sequence())));
			if (listed.size() > limit) {
				paging.put("next",
						UriComponentsBuilder.fromUri(request.uri())
							.replaceQueryParam("after", cursor(listed.get(data.size() - 1).sequence()))
							.build(true)
							.toUriString());
			}
			body.put("paging", paging);
		}
		return json(HttpStatus.OK, pageId).bodyValue(body);
	}

	private static String cursor(long sequence) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(String.valueOf(sequence).getBytes(StandardCharsets.UTF_8));
	}

	private Mono<ServerResponse> showPost(ServerRequest request) {
		StoredPost post;
		synchronized (this.lock) {
			post = this.posts.get(request.pathVariable("id"));
		}
		if (post == null) {
			return ServerResponse.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.TEXT_HTML)
				.bodyValue("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Content not found</title></head>"
						+ "<body><p>This content isn't available right now.</p></body></html>");
		}
		String link = (post.link() != null) ? "<p><a rel=\"nofollow\" href=\"" + HtmlUtils.htmlEscape(post.link())
				+ "\">" + HtmlUtils.htmlEscape(post.link()) + "</a></p>" : "";
		String state = post.published() ? ""
				: (post.scheduledAt() != null) ? "<p><em>Scheduled for " + post.scheduledAt() + "</em></p>"
						: "<p><em>Unpublished (not shown on the Page)</em></p>";
		String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Post "
				+ HtmlUtils.htmlEscape(post.id()) + "</title></head><body><article><header>Page "
				+ HtmlUtils.htmlEscape(post.pageId()) + " &middot; <time>" + GRAPH_TIME.format(post.createdAt())
				+ "</time></header>" + state + title(post) + "<p style=\"white-space: pre-wrap\">"
				+ HtmlUtils.htmlEscape(post.message()) + "</p>" + link + media(post) + "</article></body></html>";
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.bodyValue(html);
	}

	private static String title(StoredPost post) {
		return (post.title() != null) ? "<h1>" + HtmlUtils.htmlEscape(post.title()) + "</h1>" : "";
	}

	private static String media(StoredPost post) {
		if (post.media().isEmpty()) {
			return "";
		}
		StringBuilder html = new StringBuilder("<ul class=\"media\">");
		for (ReceivedMedia medium : post.media()) {
			html.append("<li>")
				.append(HtmlUtils.htmlEscape(medium.contentType()))
				.append(", ")
				.append(medium.size())
				.append(" bytes, sha256 <code>")
				.append(medium.sha256())
				.append("</code></li>");
		}
		return html.append("</ul>").toString();
	}

	static Mono<MultiValueMap<String, String>> parameters(ServerRequest request) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>(request.queryParams());
		boolean form = request.headers()
			.contentType()
			.filter(MediaType.APPLICATION_FORM_URLENCODED::isCompatibleWith)
			.isPresent();
		boolean multipart = request.headers()
			.contentType()
			.filter(MediaType.MULTIPART_FORM_DATA::isCompatibleWith)
			.isPresent();
		if (multipart) {
			// Clients such as Facebook's own SDKs send every call as multipart; file
			// parts a call does not take are released when the exchange ends.
			return request.multipartData().map((parts) -> {
				parts.forEach((name, values) -> values.stream()
					.filter(FormFieldPart.class::isInstance)
					.forEach((part) -> params.add(name, ((FormFieldPart) part).value())));
				return params;
			}).defaultIfEmpty(params);
		}
		if (!form) {
			return Mono.just(params);
		}
		return request.formData().map((body) -> {
			body.forEach((name, values) -> params.put(name, new ArrayList<>(values)));
			return params;
		}).defaultIfEmpty(params);
	}

	static String token(ServerRequest request, MultiValueMap<String, String> params) {
		String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (header != null) {
			for (String scheme : List.of("Bearer ", "OAuth ")) {
				if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
					return header.substring(scheme.length()).trim();
				}
			}
		}
		return params.getFirst("access_token");
	}

	/**
	 * Checks the token; a non-null {@code pageId} must also be the token's Page.
	 * @return the refusal, or {@code null} when the token may act
	 */
	Mono<ServerResponse> authorise(ServerRequest request, MultiValueMap<String, String> params, String pageId) {
		Verdict verdict = this.tokens.check(Platform.FACEBOOK, token(request, params));
		return switch (verdict.kind()) {
			case MISSING, INVALID -> error(HttpStatus.BAD_REQUEST, 190, 0,
					"Invalid OAuth access token - Cannot parse access token", "OAuthException", pageId);
			case EXPIRED -> expiredToken(pageId);
			case VALID -> (pageId == null || pageId.equals(verdict.accountId())) ? null
					: error(HttpStatus.FORBIDDEN, 200, 0,
							"(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts"
									+ " as an admin with sufficient administrative permission",
							"OAuthException", pageId);
		};
	}

	private Mono<ServerResponse> expiredToken(String pageId) {
		String expiredAt = GRAPH_TIME.format(this.clock.instant());
		return error(HttpStatus.BAD_REQUEST, 190, 463, "Error validating access token: Session has expired on "
				+ expiredAt + ". The current time is " + expiredAt + ".", "OAuthException", pageId);
	}

	/**
	 * Counts one call against the Page's budget.
	 * @return the code 32 refusal when the budget was already spent, else {@code null}
	 */
	Mono<ServerResponse> countCall(String pageId) {
		Deque<Instant> calls = this.callsByPage.computeIfAbsent(pageId, (id) -> new ArrayDeque<>());
		Instant now = this.clock.instant();
		synchronized (calls) {
			expire(calls, now);
			if (calls.size() < this.limits.callsPerPageHour()) {
				calls.addLast(now);
				return null;
			}
		}
		return error(HttpStatus.BAD_REQUEST, 32, 0, "(#32) Page request limit reached", "OAuthException", pageId);
	}

	private static void expire(Deque<Instant> calls, Instant now) {
		while (!calls.isEmpty() && !calls.peekFirst().plus(WINDOW).isAfter(now)) {
			calls.removeFirst();
		}
	}

	/**
	 * @param attached whether the post carries a photo or video, which makes message and
	 * link optional
	 */
	Draft draft(MultiValueMap<String, String> params, boolean attached) {
		String message = params.getFirst("message");
		String link = params.getFirst("link");
		if (!attached && (message == null || message.isEmpty()) && (link == null || link.isEmpty())) {
			throw new GraphRefusal(100, "(#100) Missing message or attachment");
		}
		boolean published = !"false".equalsIgnoreCase(params.getFirst("published"))
				&& !"0".equals(params.getFirst("published"));
		String scheduled = params.getFirst("scheduled_publish_time");
		Instant scheduledAt = null;
		if (scheduled != null && !scheduled.isBlank()) {
			if (published) {
				throw new GraphRefusal(100, "(#100) You cannot specify a scheduled publish time on a published post");
			}
			scheduledAt = scheduledTime(scheduled.trim());
			Instant now = this.clock.instant();
			if (scheduledAt.isBefore(now.plus(this.limits.earliestSchedule()))
					|| scheduledAt.isAfter(now.plus(this.limits.latestSchedule()))) {
				throw new GraphRefusal(100, "(#100) The specified scheduled publish time is invalid.");
			}
		}
		return new Draft((message != null) ? message : "", (link != null && !link.isEmpty()) ? link : null, published,
				scheduledAt);
	}

	/**
	 * @return the {@code targeting} parameter as opaque JSON, or null when there is none
	 * @throws GraphRefusal when it is not a JSON object
	 */
	private static Object targeting(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			Object parsed = JSON.readValue(value, Object.class);
			if (parsed instanceof Map<?, ?>) {
				return parsed;
			}
		}
		catch (JacksonException ex) {
			// Answered below as Facebook does.
		}
		throw new GraphRefusal(100, "(#100) param targeting must be a JSON-encoded object");
	}

	private static Instant scheduledTime(String value) {
		try {
			if (value.chars().allMatch(Character::isDigit)) {
				return Instant.ofEpochSecond(Long.parseLong(value));
			}
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw new GraphRefusal(100, "(#100) Param scheduled_publish_time must be a valid time");
		}
	}

	/**
	 * Stores a post, or answers {@code null} for a duplicate status message.
	 * @param kind what the post is; only plain posts are checked for duplicates, as
	 * Facebook takes the same caption on two photos
	 * @param id the post's id, or {@code null} for a new {@code {page-id}_{post-id}}
	 * @param title a video's title, else {@code null}
	 * @param media the post's media, in order
	 */
	StoredPost store(String pageId, Draft draft, PostKind kind, String id, String title, List<ReceivedMedia> media) {
		Instant now = this.clock.instant();
		// Visibility is part of the key: a dark post may, and under the organisation's
		// ethics rules should, carry the text of a post the Page shows openly.
		String key = pageId + "\n" + draft.published() + "\n" + draft.message();
		synchronized (this.lock) {
			if (kind == PostKind.POST && !draft.message().isEmpty() && !this.messages.add(key)) {
				return null;
			}
			String postId = (id != null) ? id : pageId + "_" + this.postSequence.getAndIncrement();
			StoredPost post = new StoredPost(postId, pageId, draft.message(), draft.link(), now, draft.published(),
					draft.scheduledAt(), kind, title, List.copyOf(media));
			this.posts.put(postId, post);
			return post;
		}
	}

	Mono<ServerResponse> serverError(String pageId) {
		return json(HttpStatus.INTERNAL_SERVER_ERROR, pageId).bodyValue(errorBody(2, 0,
				"An unexpected error has occurred. Please retry your request later.", "OAuthException", true));
	}

	Mono<ServerResponse> error(HttpStatus status, int code, int subcode, String message, String type, String pageId) {
		ServerResponse.BodyBuilder builder = json(status, pageId);
		if (code == 190) {
			builder.header(HttpHeaders.WWW_AUTHENTICATE,
					"OAuth \"Facebook Platform\" \"invalid_token\" \"" + message.replace("\"", "'") + "\"");
		}
		return builder.bodyValue(errorBody(code, subcode, message, type, false));
	}

	ServerResponse.BodyBuilder json(HttpStatus status, String pageId) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> usageHeaders(headers, pageId));
	}

	private void usageHeaders(HttpHeaders headers, String pageId) {
		if (pageId == null) {
			usageHeaders(headers, null, 0, Duration.ZERO);
			return;
		}
		Deque<Instant> calls = this.callsByPage.get(pageId);
		if (calls == null) {
			usageHeaders(headers, pageId, 0, Duration.ZERO);
			return;
		}
		Instant now = this.clock.instant();
		int percent;
		Duration wait = Duration.ZERO;
		synchronized (calls) {
			expire(calls, now);
			percent = (int) Math.min(100, (calls.size() * 100L) / Math.max(1, this.limits.callsPerPageHour()));
			if (calls.size() >= this.limits.callsPerPageHour() && !calls.isEmpty()) {
				wait = Duration.between(now, calls.peekFirst().plus(WINDOW));
			}
		}
		usageHeaders(headers, pageId, percent, wait);
	}

	/**
	 * Writes the usage headers. The emulator only counts calls, so the time percentages
	 * follow the call count.
	 */
	private static void usageHeaders(HttpHeaders headers, String pageId, int percent, Duration wait) {
		Map<String, Object> app = new LinkedHashMap<>();
		app.put("call_count", percent);
		app.put("total_time", percent);
		app.put("total_cputime", percent);
		headers.set("X-App-Usage", JSON.writeValueAsString(app));
		if (pageId == null) {
			return;
		}
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("type", "pages");
		usage.put("call_count", percent);
		usage.put("total_cputime", percent);
		usage.put("total_time", percent);
		usage.put("estimated_time_to_regain_access", (wait.toSeconds() + 59) / 60);
		headers.set("X-Business-Use-Case-Usage", JSON.writeValueAsString(Map.of(pageId, List.of(usage))));
	}

	static Map<String, Object> errorBody(int code, int subcode, String message, String type, boolean transientError) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		error.put("code", code);
		if (subcode != 0) {
			error.put("error_subcode", subcode);
		}
		if (transientError) {
			error.put("is_transient", true);
		}
		error.put("fbtrace_id", traceId());
		return Map.of("error", error);
	}

	private static String traceId() {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		StringBuilder id = new StringBuilder("A");
		for (int i = 0; i < 22; i++) {
			id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return id.toString();
	}

	static URI permalink(ServerRequest request, String postId) {
		return UriComponentsBuilder.fromUri(request.uri())
			.replacePath(request.requestPath().contextPath().value() + MOUNT)
			.pathSegment("posts", postId)
			.replaceQuery(null)
			.fragment(null)
			.build()
			.encode()
			.toUri();
	}

	/**
	 * How far ahead a scheduled post may be, and how many calls a Page may make in an
	 * hour.
	 *
	 * @param callsPerPageHour the Page's call budget in a sliding hour; at 100% calls are
	 * refused with code 32
	 * @param earliestSchedule the least time ahead a {@code scheduled_publish_time} may
	 * be
	 * @param latestSchedule the most time ahead a {@code scheduled_publish_time} may be
	 */
	public record Limits(int callsPerPageHour, Duration earliestSchedule, Duration latestSchedule) {

		/** 4 800 calls per Page and hour; scheduling 10 minutes to 30 days ahead. */
		public static final Limits DEFAULTS = new Limits(4800, Duration.ofMinutes(10), Duration.ofDays(30));

		public Limits {
			if (callsPerPageHour < 1) {
				throw new IllegalArgumentException("callsPerPageHour must be at least 1");
			}
			if (earliestSchedule.compareTo(latestSchedule) > 0) {
				throw new IllegalArgumentException("earliestSchedule must not be after latestSchedule");
			}
		}

	}

	record Draft(String message, String link, boolean published, Instant scheduledAt) {

	}

	/**
	 * What a stored post is: a {@code /feed} post (with or without attached photos), a
	 * photo published on its own, or a video.
	 */
	enum PostKind {

		POST, PHOTO, VIDEO

	}

	/**
	 * @param link the {@code link} field; photo and video posts have none, so their link
	 * is the first URL of their text
	 */
	record StoredPost(String id, String pageId, String message, String link, Instant createdAt, boolean published,
			Instant scheduledAt, PostKind kind, String title, List<ReceivedMedia> media, long sequence) {

		StoredPost(String id, String pageId, String message, String link, Instant createdAt, boolean published,
				Instant scheduledAt, PostKind kind, String title, List<ReceivedMedia> media) {
			this(id, pageId, message, link, createdAt, published, scheduledAt, kind, title, media, 0);
		}

		/** The post with its place in the order the Page received its posts. */
		StoredPost withSequence(long sequence) {
			return new StoredPost(this.id, this.pageId, this.message, this.link, this.createdAt, this.published,
					this.scheduledAt, this.kind, this.title, this.media, sequence);
		}

		private static final Pattern URL = Pattern.compile("https?://\\S+");

		ReceivedPost received() {
			String shownLink = this.link;
			if (shownLink == null) {
				Matcher url = URL.matcher(this.message);
				shownLink = url.find() ? url.group() : null;
			}
			return new ReceivedPost(this.id, this.pageId, this.message, shownLink, this.createdAt, this.title,
					List.of(), this.media);
		}

		Map<String, Object> fields(URI permalink) {
			Map<String, Object> fields = new LinkedHashMap<>();
			if (this.kind == PostKind.VIDEO) {
				fields.put("id", this.id);
				if (this.title != null) {
					fields.put("title", this.title);
				}
				fields.put("description", this.message);
				fields.put("created_time", GRAPH_TIME.format(this.createdAt));
				fields.put("permalink_url", permalink.toString());
				fields.put("published", this.published);
				return fields;
			}
			fields.put("id", this.id);
			fields.put("message", this.message);
			if (this.link != null) {
				fields.put("link", this.link);
			}
			fields.put("created_time", GRAPH_TIME.format(this.createdAt));
			fields.put("permalink_url", permalink.toString());
			fields.put("is_published", this.published);
			if (this.scheduledAt != null) {
				fields.put("scheduled_publish_time", this.scheduledAt.getEpochSecond());
			}
			return fields;
		}

	}

	/** A refusal of the request's parameters, answered as a Graph error. */
	static final class GraphRefusal extends RuntimeException {

		final int code;

		GraphRefusal(int code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

	}

}
