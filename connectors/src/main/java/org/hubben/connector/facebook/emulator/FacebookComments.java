package org.hubben.connector.facebook.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.facebook.emulator.FacebookEmulator.StoredPost;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The comments on a Facebook Page's posts, the way the Graph API serves them to the
 * Page's own token:
 * <ul>
 * <li>{@code GET /{object-id}/comments} (a post, photo story or video, or a comment for
 * its replies): {@code filter=toplevel} (the default) or {@code stream} (replies too),
 * {@code order=chronological} (the default) or {@code reverse_chronological},
 * {@code since} (a UNIX time or ISO 8601, inclusive, to the second), {@code fields}
 * ({@code id,message,from{id,name},created_time,parent{id},is_hidden,can_hide}),
 * {@code limit} and the {@code after} cursor; answered as {@code {data, paging: {cursors,
 * next}}}. The emulator serves at most {@value #PAGE_SIZE} comments a page whatever
 * {@code limit} asks, as Facebook may serve fewer than asked, so clients must follow
 * {@code paging.next}. Hidden comments are listed with {@code is_hidden: true}, as
 * Facebook shows them to the Page. Comment ids are left out when the token's Page lacks
 * the {@code MODERATE} task, as since Graph API v11.</li>
 * <li>{@code POST /{object-id}/comments} with {@code message}: the Page comments, or
 * replies to a comment; a reply to a reply goes under its top-level comment, as comments
 * are two levels deep on Facebook. Answers {@code {"id"}}.</li>
 * <li>{@code POST /{comment-id}} with {@code is_hidden=true|false}: hides or shows a
 * comment (not the Page's own); answers {@code {"success":true}}, again when it already
 * is.</li>
 * <li>{@code GET /{comment-id}}: one comment, with the same fields.</li>
 * </ul>
 * Tokens and the Page's call budget work as for posts; the fault queue hits the writes
 * (comment, reply, hide) as it hits publishing, not the reads. Thread-safe.
 */
final class FacebookComments {

	/** The most comments one page of {@code GET /{id}/comments} holds. */
	static final int PAGE_SIZE = 10;

	private static final String OAUTH = "OAuthException";

	private static final String DEFAULT_FIELDS = "id,message,from,created_time";

	private final FacebookEmulator emulator;

	private final EmulatorTokens tokens;

	private final Clock clock;

	private final AtomicLong sequence = new AtomicLong(500000000000001L);

	private final Object lock = new Object();

	// Guarded by lock; in the order they were written.
	private final Map<String, Stored> comments = new LinkedHashMap<>();

	FacebookComments(FacebookEmulator emulator, EmulatorTokens tokens, Clock clock) {
		this.emulator = emulator;
		this.tokens = tokens;
		this.clock = clock;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(FacebookEmulator.VERSION + "/{objectId}/comments", this::list)
			.GET("/{objectId}/comments", this::list)
			.POST(FacebookEmulator.VERSION + "/{objectId}/comments", this::write)
			.POST("/{objectId}/comments", this::write)
			.build();
	}

	/** {@code POST /{comment-id}}, once the emulator found no post by that id. */
	RouterFunction<ServerResponse> hideRoutes() {
		return RouterFunctions.route()
			.POST(FacebookEmulator.VERSION + "/{commentId}", this::hide)
			.POST("/{commentId}", this::hide)
			.build();
	}

	EmulatedComment add(PersonComment comment) {
		if (comment == null || comment.postId() == null || comment.text() == null || comment.authorId() == null) {
			throw new IllegalArgumentException("A comment needs a postId, an authorId and a text");
		}
		StoredPost post = this.emulator.post(comment.postId());
		if (post == null || !post.published()) {
			throw new IllegalArgumentException("The Facebook emulator shows no post " + comment.postId());
		}
		synchronized (this.lock) {
			String parent = null;
			if (comment.parentId() != null) {
				Stored answered = this.comments.get(comment.parentId());
				if (answered == null || !answered.postId.equals(post.id())) {
					throw new IllegalArgumentException("Post " + post.id() + " has no comment " + comment.parentId());
				}
				parent = (answered.parentId != null) ? answered.parentId : answered.id;
			}
			String name = (comment.authorName() != null) ? comment.authorName() : "Facebook user";
			return store(post, parent, comment.authorId(), name, comment.text(), false).emulated();
		}
	}

	List<EmulatedComment> all() {
		synchronized (this.lock) {
			return this.comments.values().stream().map(Stored::emulated).toList();
		}
	}

	void reset() {
		synchronized (this.lock) {
			this.comments.clear();
		}
	}

	/** One comment's fields for {@code GET /{comment-id}}, or null when there is none. */
	Map<String, Object> fields(String commentId, String account, MultiValueMap<String, String> params) {
		Stored comment;
		synchronized (this.lock) {
			comment = this.comments.get(commentId);
		}
		if (comment == null || !comment.pageId.equals(account)) {
			return null;
		}
		return comment.json(fieldNames(params.getFirst("fields")), moderates(account));
	}

	// Must hold lock.
	private Stored store(StoredPost post, String parentId, String authorId, String authorName, String text,
			boolean byChannel) {
		String objectId = post.id().substring(post.id().indexOf('_') + 1);
		Stored stored = new Stored(objectId + "_" + this.sequence.getAndIncrement(), post.id(), post.pageId(), parentId,
				authorId, authorName, text, this.clock.instant(), byChannel);
		this.comments.put(stored.id, stored);
		return stored;
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		String objectId = request.pathVariable("objectId");
		MultiValueMap<String, String> params = request.queryParams();
		Mono<ServerResponse> refusal = this.emulator.authorise(request, params, null);
		if (refusal != null) {
			return refusal;
		}
		String account = this.tokens.check(Platform.FACEBOOK, FacebookEmulator.token(request, params)).accountId();
		Mono<ServerResponse> overBudget = this.emulator.countCall(account);
		if (overBudget != null) {
			return overBudget;
		}
		String postId;
		String parentId;
		synchronized (this.lock) {
			Stored comment = this.comments.get(objectId);
			postId = (comment != null) ? comment.postId : objectId;
			parentId = (comment != null) ? comment.id : null;
		}
		StoredPost post = this.emulator.post(postId);
		if (post == null || !post.pageId().equals(account)) {
			return missing(objectId, account);
		}
		Instant since;
		int limit;
		try {
			since = time(params.getFirst("since"));
			limit = (params.getFirst("limit") != null) ? Integer.parseInt(params.getFirst("limit").trim()) : 25;
		}
		catch (IllegalArgumentException ex) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) since must be a time and limit a number",
					OAUTH, account);
		}
		if (limit < 1) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) The limit must be at least 1", OAUTH,
					account);
		}
		String filter = Optional.ofNullable(params.getFirst("filter")).orElse("toplevel");
		String order = Optional.ofNullable(params.getFirst("order")).orElse("chronological");
		if (!Set.of("toplevel", "stream").contains(filter)
				|| !Set.of("chronological", "reverse_chronological").contains(order)) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
					"(#100) filter must be one of toplevel, stream and order one of chronological, reverse_chronological",
					OAUTH, account);
		}
		boolean stream = "stream".equals(filter);
		List<Stored> wanted = new ArrayList<>();
		synchronized (this.lock) {
			for (Stored comment : this.comments.values()) {
				boolean inScope = (parentId != null) ? parentId.equals(comment.parentId)
						: comment.postId.equals(postId) && (stream || comment.parentId == null);
				if (inScope && (since == null || !comment.createdAt.truncatedTo(ChronoUnit.SECONDS).isBefore(since))) {
					wanted.add(comment);
				}
			}
		}
		if ("reverse_chronological".equals(order)) {
			java.util.Collections.reverse(wanted);
		}
		int from = 0;
		String after = params.getFirst("after");
		if (after != null) {
			try {
				from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				from = -1;
			}
			if (from < 0) {
				return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) The after cursor is not valid",
						OAUTH, account);
			}
		}
		int to = Math.min(wanted.size(), from + Math.min(limit, PAGE_SIZE));
		Set<String> names = fieldNames(params.getFirst("fields"));
		boolean moderates = moderates(account);
		List<Map<String, Object>> data = new ArrayList<>();
		for (Stored comment : wanted.subList(Math.min(from, to), to)) {
			data.add(comment.json(names, moderates));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("data", data);
		if (!data.isEmpty()) {
			Map<String, Object> paging = new LinkedHashMap<>();
			paging.put("cursors", Map.of("before", cursor(from), "after", cursor(to)));
			if (to < wanted.size()) {
				paging.put("next",
						UriComponentsBuilder.fromUri(request.uri())
							.replaceQueryParam("after", cursor(to))
							.build(true)
							.toUriString());
			}
			body.put("paging", paging);
		}
		return this.emulator.json(HttpStatus.OK, account).bodyValue(body);
	}

	/**
	 * What stops a reply or a hide before anything changes, in the order Facebook checks:
	 * a fault that strikes early, a refused token, the Page's exhausted call budget.
	 * @return that answer, or {@code null} to go on
	 */
	private Mono<ServerResponse> stoppedBeforeWriting(ServerRequest request, MultiValueMap<String, String> params,
			String account, Optional<Fault> fault) {
		if (fault.isPresent()) {
			Mono<ServerResponse> early = this.emulator.earlyFault(fault.get(), account);
			if (early != null) {
				return early;
			}
		}
		Mono<ServerResponse> refusal = this.emulator.authorise(request, params, null);
		return (refusal != null) ? refusal : this.emulator.countCall(account);
	}

	private Mono<ServerResponse> write(ServerRequest request) {
		String objectId = request.pathVariable("objectId");
		return FacebookEmulator.parameters(request).flatMap((params) -> {
			String account = this.tokens.check(Platform.FACEBOOK, FacebookEmulator.token(request, params)).accountId();
			Optional<Fault> fault = this.emulator.faults().next();
			Mono<ServerResponse> stopped = stoppedBeforeWriting(request, params, account, fault);
			if (stopped != null) {
				return stopped;
			}
			String message = params.getFirst("message");
			Stored stored;
			synchronized (this.lock) {
				Stored answered = this.comments.get(objectId);
				StoredPost post = this.emulator.post((answered != null) ? answered.postId : objectId);
				if (post == null || !post.pageId().equals(account)) {
					return missing(objectId, account);
				}
				if (!moderates(account)) {
					return noEngagementPermission(account);
				}
				if (message == null || message.isBlank()) {
					return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) Missing message or attachment",
							OAUTH, account);
				}
				String parent = (answered == null) ? null
						: (answered.parentId != null) ? answered.parentId : answered.id;
				stored = store(post, parent, account, pageName(account), message, true);
			}
			if (fault.orElse(null) == Fault.ACCEPT_THEN_ERROR) {
				return this.emulator.serverError(account);
			}
			if (fault.orElse(null) == Fault.ACCEPT_THEN_DROP) {
				return EmulatorRoutes.dropConnection(request);
			}
			return this.emulator.json(HttpStatus.OK, account).bodyValue(Map.of("id", stored.id));
		});
	}

	private Mono<ServerResponse> hide(ServerRequest request) {
		String commentId = request.pathVariable("commentId");
		return FacebookEmulator.parameters(request).flatMap((params) -> {
			String account = this.tokens.check(Platform.FACEBOOK, FacebookEmulator.token(request, params)).accountId();
			Optional<Fault> fault = this.emulator.faults().next();
			Mono<ServerResponse> stopped = stoppedBeforeWriting(request, params, account, fault);
			if (stopped != null) {
				return stopped;
			}
			String hidden = params.getFirst("is_hidden");
			synchronized (this.lock) {
				Stored comment = this.comments.get(commentId);
				if (comment == null || !comment.pageId.equals(account)) {
					return missing(commentId, account);
				}
				if (!moderates(account)) {
					return noEngagementPermission(account);
				}
				if (hidden == null || !Set.of("true", "false").contains(hidden)) {
					return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
							"(#100) Param is_hidden must be a boolean", OAUTH, account);
				}
				if (comment.byChannel) {
					return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
							"(#100) A Page cannot hide its own comment", OAUTH, account);
				}
				comment.hidden = Boolean.parseBoolean(hidden);
			}
			if (fault.orElse(null) == Fault.ACCEPT_THEN_ERROR) {
				return this.emulator.serverError(account);
			}
			if (fault.orElse(null) == Fault.ACCEPT_THEN_DROP) {
				return EmulatorRoutes.dropConnection(request);
			}
			return this.emulator.json(HttpStatus.OK, account).bodyValue(Map.of("success", true));
		});
	}

	private Mono<ServerResponse> missing(String objectId, String account) {
		return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 33, "Unsupported get request. Object with ID '"
				+ objectId
				+ "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
				"GraphMethodException", account);
	}

	private Mono<ServerResponse> noEngagementPermission(String account) {
		return this.emulator.error(HttpStatus.FORBIDDEN, 200, 0,
				"(#200) Requires pages_manage_engagement permission and the MODERATE task on the Page", OAUTH, account);
	}

	/** Pages the emulator's user has no MODERATE task on; unknown Pages may moderate. */
	private static boolean moderates(String pageId) {
		return FacebookLoginRoutes.PAGES.stream()
			.filter((page) -> page.id().equals(pageId))
			.findFirst()
			.map((page) -> page.tasks().contains("MODERATE"))
			.orElse(true);
	}

	private String pageName(String pageId) {
		return FacebookLoginRoutes.PAGES.stream()
			.filter((page) -> page.id().equals(pageId))
			.findFirst()
			.map(FacebookLoginRoutes.Page::name)
			.orElse("Page " + pageId);
	}

	private static Instant time(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit)) {
			return Instant.ofEpochSecond(Long.parseLong(trimmed));
		}
		try {
			return OffsetDateTime.parse(trimmed).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/**
	 * The top-level names of a {@code fields} parameter, whose sub-selections
	 * ({@code from{id,name}}) the emulator answers in full.
	 */
	static Set<String> fieldNames(String fields) {
		Set<String> names = new HashSet<>();
		String wanted = (fields == null || fields.isBlank()) ? DEFAULT_FIELDS : fields;
		int depth = 0;
		StringBuilder name = new StringBuilder();
		for (char c : wanted.toCharArray()) {
			if (c == '{') {
				depth++;
			}
			else if (c == '}') {
				depth--;
			}
			else if (depth == 0 && c == ',') {
				names.add(name.toString().trim());
				name.setLength(0);
			}
			else if (depth == 0) {
				name.append(c);
			}
		}
		names.add(name.toString().trim());
		return names;
	}

	private static String cursor(int offset) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(String.valueOf(offset).getBytes(StandardCharsets.UTF_8));
	}

	/** A comment as the emulator holds it; {@link #hidden} is guarded by the lock. */
	private static final class Stored {

		final String id;

		final String postId;

		final String pageId;

		final String parentId;

		final String authorId;

		final String authorName;

		final String text;

		final Instant createdAt;

		final boolean byChannel;

		boolean hidden;

		Stored(String id, String postId, String pageId, String parentId, String authorId, String authorName,
				String text, Instant createdAt, boolean byChannel) {
			this.id = id;
			this.postId = postId;
			this.pageId = pageId;
			this.parentId = parentId;
			this.authorId = authorId;
			this.authorName = authorName;
			this.text = text;
			this.createdAt = createdAt;
			this.byChannel = byChannel;
		}

		EmulatedComment emulated() {
			return new EmulatedComment(this.id, this.postId, this.parentId, this.authorId, this.authorName, this.text,
					this.createdAt, this.hidden, false, this.byChannel);
		}

		Map<String, Object> json(Set<String> names, boolean withId) {
			Map<String, Object> json = new LinkedHashMap<>();
			if (withId) {
				json.put("id", this.id);
			}
			if (names.contains("message")) {
				json.put("message", this.text);
			}
			if (names.contains("from")) {
				json.put("from", Map.of("id", this.authorId, "name", this.authorName));
			}
			if (names.contains("created_time")) {
				json.put("created_time", FacebookEmulator.GRAPH_TIME.format(this.createdAt));
			}
			if (names.contains("parent") && this.parentId != null) {
				json.put("parent", Map.of("id", this.parentId));
			}
			if (names.contains("is_hidden")) {
				json.put("is_hidden", this.hidden);
			}
			if (names.contains("can_hide")) {
				json.put("can_hide", !this.byChannel);
			}
			return json;
		}

	}

}
