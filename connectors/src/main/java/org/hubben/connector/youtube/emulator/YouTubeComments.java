package org.hubben.connector.youtube.emulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.Faults;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.youtube.emulator.GoogleAccounts.Authentication;
import org.hubben.connector.youtube.emulator.GoogleAccounts.Caller;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The comments on a YouTube emulator's videos, as the Data API v3 serves them:
 * <ul>
 * <li>{@code GET /youtube/v3/commentThreads} ({@code part=id,snippet,replies}; exactly
 * one of {@code videoId}, {@code id} or {@code allThreadsRelatedToChannelId};
 * {@code moderationStatus} {@code published} by default, other states to the video's
 * owner only; {@code textFormat=html|plainText}; {@code maxResults} 1-100 and
 * {@code pageToken}): threads newest first, each with at most {@value #REPLIES_IN_THREAD}
 * of its replies (newest first) and its {@code totalReplyCount}, so clients read the rest
 * with {@code comments.list}. 1 unit. There is no time filter, as on YouTube.</li>
 * <li>{@code GET /youtube/v3/comments} ({@code part=id,snippet}, {@code parentId} or
 * {@code id}): replies, oldest first, paged the same way. 1 unit.</li>
 * <li>{@code POST /youtube/v3/comments?part=snippet} with
 * {@code {"snippet":{"parentId","textOriginal"}}}: a reply in the caller's channel's
 * name; needs {@code youtube.force-ssl}; {@value YouTubeQuota#WRITE_UNITS} units.</li>
 * <li>{@code POST /youtube/v3/comments/setModerationStatus?id=&moderationStatus=} (no
 * body, {@code 204}): the video owner holds, publishes or rejects comments; a rejected
 * comment, and the thread under it, is no longer listed and never published again;
 * {@code banAuthor} only with {@code rejected}; needs {@code youtube.force-ssl};
 * {@value YouTubeQuota#WRITE_UNITS} units.</li>
 * </ul>
 * Each page holds at most {@value #PAGE_SIZE} items whatever {@code maxResults} asks, as
 * YouTube may answer fewer than asked; clients follow {@code nextPageToken}. The fault
 * queue hits the two writes as it hits {@code videos.insert}, not the reads. Thread-safe.
 */
final class YouTubeComments {

	static final int PAGE_SIZE = 10;

	static final int REPLIES_IN_THREAD = 5;

	private static final int MAX_TEXT_LENGTH = 10_000;

	private static final Set<String> THREAD_PARTS = Set.of("id", "snippet", "replies");

	private static final Set<String> COMMENT_PARTS = Set.of("id", "snippet");

	/** The one scope Google accepts for writing and moderating comments. */
	private static final Set<GoogleScope> COMMENTS = EnumSet.of(GoogleScope.YOUTUBE_FORCE_SSL);

	private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GoogleAccounts accounts;

	private final YouTubeQuota quota;

	private final Faults faults;

	private final Clock clock;

	/** The video by its id, or null. */
	private final Function<String, Video> videos;

	private final SecureRandom random = new SecureRandom();

	private final Object lock = new Object();

	// Guarded by lock; in the order they were written.
	private final Map<String, Stored> comments = new LinkedHashMap<>();

	YouTubeComments(GoogleAccounts accounts, YouTubeQuota quota, Faults faults, Clock clock,
			Function<String, Video> videos) {
		this.accounts = accounts;
		this.quota = quota;
		this.faults = faults;
		this.clock = clock;
		this.videos = videos;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/youtube/v3/commentThreads", this::listThreads)
			.GET("/youtube/v3/comments", this::listComments)
			.POST("/youtube/v3/comments/setModerationStatus", this::setModerationStatus)
			.POST("/youtube/v3/comments", this::insert)
			.build();
	}

	EmulatedComment add(PersonComment comment) {
		if (comment == null || comment.postId() == null || comment.text() == null || comment.authorId() == null) {
			throw new IllegalArgumentException("A comment needs a postId (the video id), an authorId and a text");
		}
		Video video = this.videos.apply(comment.postId());
		if (video == null || "private".equals(video.privacyStatus(this.clock.instant()))) {
			throw new IllegalArgumentException("The YouTube emulator shows no video " + comment.postId());
		}
		String name = (comment.authorName() != null) ? comment.authorName() : "YouTube user";
		synchronized (this.lock) {
			String parent = null;
			if (comment.parentId() != null) {
				Stored answered = this.comments.get(comment.parentId());
				if (answered == null || !answered.videoId.equals(video.id())) {
					throw new IllegalArgumentException("Video " + video.id() + " has no comment " + comment.parentId());
				}
				parent = (answered.parentId != null) ? answered.parentId : answered.id;
			}
			return store(video, parent, comment.authorId(), name, comment.text()).emulated();
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

	// Must hold lock.
	private Stored store(Video video, String parentId, String authorId, String authorName, String text) {
		String id = (parentId != null) ? parentId + "." + randomId(22) : "Ugz" + randomId(21) + "4AaABAg";
		Stored stored = new Stored(id, video.id(), video.channelId(), parentId, authorId, authorName, text,
				this.clock.instant());
		this.comments.put(id, stored);
		return stored;
	}

	private Mono<ServerResponse> listThreads(ServerRequest request) {
		return read(request, THREAD_PARTS, (caller, parts) -> listThreads(request, caller, parts));
	}

	private Mono<ServerResponse> listThreads(ServerRequest request, Caller caller, Set<String> parts) {
		String videoId = request.queryParam("videoId").filter((id) -> !id.isBlank()).orElse(null);
		String ids = request.queryParam("id").filter((id) -> !id.isBlank()).orElse(null);
		String channelId = request.queryParam("allThreadsRelatedToChannelId")
			.filter((id) -> !id.isBlank())
			.orElse(null);
		long filters = java.util.stream.Stream.of(videoId, ids, channelId).filter(java.util.Objects::nonNull).count();
		if (filters != 1) {
			return GoogleError.badRequest("youtube.parameter",
					(filters == 0) ? "missingRequiredParameter" : "incompatibleParameters",
					"Exactly one of allThreadsRelatedToChannelId, id and videoId must be given.");
		}
		if (videoId != null) {
			Video video = this.videos.apply(videoId);
			if (video == null || (!video.channelId().equals(caller.channelId())
					&& "private".equals(video.privacyStatus(this.clock.instant())))) {
				return GoogleError.answer(HttpStatus.NOT_FOUND, "youtube.commentThread", "videoNotFound",
						"The video identified by the <code>videoId</code> parameter could not be found.");
			}
		}
		String status = request.queryParam("moderationStatus").orElse("published");
		if (!Set.of("published", "heldForReview", "likelySpam").contains(status)) {
			return GoogleError.badRequest("youtube.parameter", "invalidParameter",
					"Invalid value for parameter moderationStatus.");
		}
		Page page;
		try {
			page = page(request);
		}
		catch (Refused ex) {
			return ex.answer;
		}
		boolean plainText = "plainText".equals(request.queryParam("textFormat").orElse("html"));
		Set<String> wantedIds = (ids != null) ? Set.of(ids.split(",")) : Set.of();
		List<Map<String, Object>> items = new ArrayList<>();
		int total;
		synchronized (this.lock) {
			List<Stored> threads = new ArrayList<>();
			for (Stored comment : this.comments.values()) {
				boolean wanted = comment.parentId == null && comment.status.equals(status)
						&& ((videoId != null) ? comment.videoId.equals(videoId)
								: (ids != null) ? wantedIds.contains(comment.id) : comment.channelId.equals(channelId));
				if (wanted && !"published".equals(status) && !comment.channelId.equals(caller.channelId())) {
					return GoogleError.answer(HttpStatus.FORBIDDEN, "youtube.commentThread", "forbidden",
							"Only the channel that owns the video may list comments that are not published.");
				}
				if (wanted) {
					threads.add(0, comment);
				}
			}
			total = threads.size();
			for (Stored thread : threads.subList(Math.min(page.offset, total), Math.min(total, page.end()))) {
				items.add(threadJson(thread, parts, caller, plainText));
			}
		}
		return list("youtube#commentThreadListResponse", items, page, total);
	}

	// Must hold lock.
	private Map<String, Object> threadJson(Stored top, Set<String> parts, Caller caller, boolean plainText) {
		List<Stored> replies = this.comments.values()
			.stream()
			.filter((reply) -> top.id.equals(reply.parentId) && "published".equals(reply.status))
			.toList();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("kind", "youtube#commentThread");
		json.put("etag", Integer.toHexString(top.hashCode()));
		json.put("id", top.id);
		if (parts.contains("snippet")) {
			Map<String, Object> snippet = new LinkedHashMap<>();
			snippet.put("channelId", top.channelId);
			snippet.put("videoId", top.videoId);
			snippet.put("topLevelComment", top.json(caller, plainText));
			snippet.put("canReply", true);
			snippet.put("totalReplyCount", replies.size());
			snippet.put("isPublic", true);
			json.put("snippet", snippet);
		}
		if (parts.contains("replies") && !replies.isEmpty()) {
			List<Map<String, Object>> shown = new ArrayList<>();
			for (int i = replies.size() - 1; i >= Math.max(0, replies.size() - REPLIES_IN_THREAD); i--) {
				shown.add(replies.get(i).json(caller, plainText));
			}
			json.put("replies", Map.of("comments", shown));
		}
		return json;
	}

	private Mono<ServerResponse> listComments(ServerRequest request) {
		return read(request, COMMENT_PARTS, (caller, parts) -> listComments(request, caller, parts));
	}

	private Mono<ServerResponse> listComments(ServerRequest request, Caller caller, Set<String> parts) {
		String parentId = request.queryParam("parentId").filter((id) -> !id.isBlank()).orElse(null);
		String ids = request.queryParam("id").filter((id) -> !id.isBlank()).orElse(null);
		if ((parentId == null) == (ids == null)) {
			return GoogleError.badRequest("youtube.parameter",
					(parentId == null) ? "missingRequiredParameter" : "incompatibleParameters",
					"Exactly one of id and parentId must be given.");
		}
		Page page;
		try {
			page = page(request);
		}
		catch (Refused ex) {
			return ex.answer;
		}
		boolean plainText = "plainText".equals(request.queryParam("textFormat").orElse("html"));
		Set<String> wantedIds = (ids != null) ? Set.of(ids.split(",")) : Set.of();
		List<Map<String, Object>> items = new ArrayList<>();
		int total;
		synchronized (this.lock) {
			Stored parent = (parentId != null) ? this.comments.get(parentId) : null;
			List<Stored> wanted = this.comments.values()
				.stream()
				.filter((comment) -> "published".equals(comment.status))
				.filter((comment) -> (parentId != null)
						? parentId.equals(comment.parentId) && parent != null && "published".equals(parent.status)
						: wantedIds.contains(comment.id))
				.toList();
			total = wanted.size();
			for (Stored comment : wanted.subList(Math.min(page.offset, total), Math.min(total, page.end()))) {
				Map<String, Object> json = comment.json(caller, plainText);
				if (!parts.contains("snippet")) {
					json.remove("snippet");
				}
				items.add(json);
			}
		}
		return list("youtube#commentListResponse", items, page, total);
	}

	private Mono<ServerResponse> insert(ServerRequest request) {
		Fault fault = this.faults.next().orElse(null);
		Mono<ServerResponse> early = earlyFault(fault);
		if (early != null) {
			return early;
		}
		return request.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
			Write write = authoriseWrite(request);
			if (write.refusal != null) {
				return write.refusal;
			}
			try {
				parts(request, COMMENT_PARTS);
			}
			catch (Refused ex) {
				return refuseWrite(ex.answer);
			}
			JsonNode snippet;
			try {
				snippet = JSON.readTree(body).path("snippet");
			}
			catch (JacksonException ex) {
				return refuseWrite(GoogleError.badRequest("global", "parseError", "Parse Error"));
			}
			String parentId = snippet.path("parentId").asString("");
			String text = snippet.path("textOriginal").asString("");
			if (parentId.isEmpty()) {
				return refuseWrite(GoogleError.badRequest("youtube.comment", "parentIdMissing",
						"The comment being created must be linked to a parent comment."));
			}
			if (text.isBlank()) {
				return refuseWrite(GoogleError.badRequest("youtube.comment", "commentTextRequired",
						"The comment resource that is being inserted must specify a value for the snippet.textOriginal property."));
			}
			if (text.length() > MAX_TEXT_LENGTH) {
				return refuseWrite(GoogleError.badRequest("youtube.comment", "commentTextTooLong",
						"The comment resource that is being inserted contains too many characters in the snippet.textOriginal property."));
			}
			Stored reply;
			synchronized (this.lock) {
				Stored parent = this.comments.get(parentId);
				Video video = (parent != null) ? this.videos.apply(parent.videoId) : null;
				if (parent == null || video == null || !"published".equals(parent.status)) {
					return refuseWrite(GoogleError.answer(HttpStatus.NOT_FOUND, "youtube.comment",
							"parentCommentNotFound", "The specified parent comment could not be found."));
				}
				if (!this.quota.charge(YouTubeQuota.Call.WRITE)) {
					return GoogleError.quotaExceeded();
				}
				String top = (parent.parentId != null) ? parent.parentId : parent.id;
				reply = store(video, top, write.caller.channelId(), channelTitle(write.caller.channelId(), video),
						text);
			}
			if (fault == Fault.ACCEPT_THEN_ERROR) {
				return GoogleError.backendError();
			}
			if (fault == Fault.ACCEPT_THEN_DROP) {
				return EmulatorRoutes.dropConnection(request);
			}
			Map<String, Object> json;
			synchronized (this.lock) {
				json = reply.json(write.caller, false);
			}
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json);
		});
	}

	private Mono<ServerResponse> setModerationStatus(ServerRequest request) {
		Fault fault = this.faults.next().orElse(null);
		Mono<ServerResponse> early = earlyFault(fault);
		if (early != null) {
			return early;
		}
		Write write = authoriseWrite(request);
		if (write.refusal != null) {
			return write.refusal;
		}
		String ids = request.queryParam("id").orElse("");
		String status = request.queryParam("moderationStatus").orElse("");
		if (ids.isBlank() || status.isBlank()) {
			return refuseWrite(GoogleError.badRequest("global", "required",
					"Required parameter: " + (ids.isBlank() ? "id" : "moderationStatus")));
		}
		if (!Set.of("heldForReview", "published", "rejected").contains(status)) {
			return refuseWrite(GoogleError.badRequest("youtube.parameter", "invalidParameter",
					"Invalid value for parameter moderationStatus."));
		}
		if ("true".equals(request.queryParam("banAuthor").orElse(null)) && !"rejected".equals(status)) {
			return refuseWrite(GoogleError.badRequest("youtube.comment", "banWithoutReject",
					"The banAuthor parameter can only be used if the moderationStatus parameter value is rejected."));
		}
		List<String> wanted = List.of(ids.split(","));
		if (wanted.size() > 50) {
			return refuseWrite(GoogleError.badRequest("youtube.parameter", "invalidParameter",
					"The id parameter takes at most 50 comment ids."));
		}
		synchronized (this.lock) {
			List<Stored> targets = new ArrayList<>();
			for (String id : wanted) {
				Stored comment = this.comments.get(id.trim());
				if (comment == null) {
					return refuseWrite(GoogleError.answer(HttpStatus.NOT_FOUND, "youtube.comment", "commentNotFound",
							"One or more comments identified by the id parameter could not be found."));
				}
				if (!comment.channelId.equals(write.caller.channelId())) {
					return refuseWrite(GoogleError.answer(HttpStatus.FORBIDDEN, "youtube.comment", "forbidden",
							"The moderation status of one or more comments cannot be set due to insufficient permissions."));
				}
				if ("rejected".equals(comment.status) && !"rejected".equals(status)) {
					return refuseWrite(GoogleError.badRequest("youtube.comment", "operationNotSupported",
							"A rejected comment cannot be published or held for review again."));
				}
				targets.add(comment);
			}
			if (!this.quota.charge(YouTubeQuota.Call.WRITE)) {
				return GoogleError.quotaExceeded();
			}
			targets.forEach((comment) -> comment.status = status);
		}
		if (fault == Fault.ACCEPT_THEN_ERROR) {
			return GoogleError.backendError();
		}
		if (fault == Fault.ACCEPT_THEN_DROP) {
			return EmulatorRoutes.dropConnection(request);
		}
		return ServerResponse.noContent().build();
	}

	/** The answer to a fault that hits a write before it is made, or null. */
	private static Mono<ServerResponse> earlyFault(Fault fault) {
		if (fault == null) {
			return null;
		}
		return switch (fault) {
			case EXPIRED_TOKEN -> GoogleError.invalidCredentials();
			case RATE_LIMIT -> GoogleError.quotaExceeded();
			case SERVER_ERROR -> GoogleError.backendError();
			case TIMEOUT -> Mono.never();
			case ACCEPT_THEN_ERROR, ACCEPT_THEN_DROP, DROP_DURING_UPLOAD -> null;
		};
	}

	/**
	 * The caller of a write, or the refusal (which costs a unit, as a failed call does).
	 */
	private Write authoriseWrite(ServerRequest request) {
		Authentication authentication = this.accounts
			.authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
		if (authentication.caller() == null) {
			return new Write(null, refuseWrite(authentication.refusal()));
		}
		if (!authentication.caller().mayAny(COMMENTS)) {
			return new Write(null, refuseWrite(GoogleError.insufficientScopes()));
		}
		return new Write(authentication.caller(), null);
	}

	private Mono<ServerResponse> refuseWrite(Mono<ServerResponse> answer) {
		return this.quota.charge(YouTubeQuota.Call.READ) ? answer : GoogleError.quotaExceeded();
	}

	/**
	 * A read: a unit of quota, then the token, then the parts, as YouTube checks them.
	 */
	private Mono<ServerResponse> read(ServerRequest request, Set<String> known, Read call) {
		if (!this.quota.charge(YouTubeQuota.Call.READ)) {
			return GoogleError.quotaExceeded();
		}
		Authentication authentication = this.accounts
			.authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
		if (authentication.caller() == null) {
			return authentication.refusal();
		}
		if (!authentication.caller().mayAny(GoogleScope.READ)) {
			return GoogleError.insufficientScopes();
		}
		try {
			return call.answer(authentication.caller(), parts(request, known));
		}
		catch (Refused ex) {
			return ex.answer;
		}
	}

	private static Set<String> parts(ServerRequest request, Set<String> known) {
		String part = String.join(",", request.queryParams().getOrDefault("part", List.of()));
		if (part.isBlank()) {
			throw new Refused(GoogleError.badRequest("global", "required", "Required parameter: part"));
		}
		Set<String> parts = new LinkedHashSet<>();
		for (String each : part.split(",")) {
			String name = each.trim();
			if (!known.contains(name)) {
				throw new Refused(GoogleError.badRequest("youtube.part", "unknownPart", "'" + name + "'"));
			}
			parts.add(name);
		}
		return parts;
	}

	private static Page page(ServerRequest request) {
		int maxResults;
		try {
			maxResults = Integer.parseInt(request.queryParam("maxResults").orElse("20").trim());
		}
		catch (NumberFormatException ex) {
			maxResults = -1;
		}
		if (maxResults < 1 || maxResults > 100) {
			throw new Refused(GoogleError.badRequest("youtube.parameter", "invalidParameter",
					"Invalid value for parameter maxResults: it must be between 1 and 100."));
		}
		int offset = 0;
		String pageToken = request.queryParam("pageToken").orElse(null);
		if (pageToken != null) {
			try {
				offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				offset = -1;
			}
			if (offset < 0) {
				throw new Refused(GoogleError.badRequest("youtube.parameter", "invalidPageToken",
						"The request specifies an invalid page token."));
			}
		}
		return new Page(offset, Math.min(maxResults, PAGE_SIZE));
	}

	private static Mono<ServerResponse> list(String kind, List<Map<String, Object>> items, Page page, int total) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", kind);
		body.put("etag", Integer.toHexString(items.hashCode()));
		if (page.end() < total) {
			body.put("nextPageToken",
					Base64.getUrlEncoder()
						.withoutPadding()
						.encodeToString(String.valueOf(page.end()).getBytes(StandardCharsets.UTF_8)));
		}
		body.put("pageInfo", Map.of("totalResults", total, "resultsPerPage", page.size()));
		body.put("items", items);
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static String channelTitle(String channelId, Video video) {
		return channelId.equals(video.channelId()) ? video.channelTitle() : "Emulated channel " + channelId;
	}

	private String randomId(int length) {
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(ID_ALPHABET.charAt(this.random.nextInt(ID_ALPHABET.length())));
		}
		return id.toString();
	}

	@FunctionalInterface
	private interface Read {

		Mono<ServerResponse> answer(Caller caller, Set<String> parts);

	}

	private record Write(Caller caller, Mono<ServerResponse> refusal) {

	}

	private record Page(int offset, int size) {

		int end() {
			return this.offset + this.size;
		}

	}

	/** A refused request, answered as Google answers it. */
	private static final class Refused extends RuntimeException {

		private final transient Mono<ServerResponse> answer;

		Refused(Mono<ServerResponse> answer) {
			super(null, null, false, false);
			this.answer = answer;
		}

	}

	/** A comment as the emulator holds it; {@link #status} is guarded by the lock. */
	private static final class Stored {

		final String id;

		final String videoId;

		/** The channel that owns the video. */
		final String channelId;

		final String parentId;

		final String authorId;

		final String authorName;

		final String text;

		final Instant publishedAt;

		String status = "published";

		Stored(String id, String videoId, String channelId, String parentId, String authorId, String authorName,
				String text, Instant publishedAt) {
			this.id = id;
			this.videoId = videoId;
			this.channelId = channelId;
			this.parentId = parentId;
			this.authorId = authorId;
			this.authorName = authorName;
			this.text = text;
			this.publishedAt = publishedAt;
		}

		boolean byChannel() {
			return this.authorId.equals(this.channelId);
		}

		EmulatedComment emulated() {
			return new EmulatedComment(this.id, this.videoId, this.parentId, this.authorId, this.authorName, this.text,
					this.publishedAt, "rejected".equals(this.status), false, byChannel());
		}

		/**
		 * The {@code youtube#comment} resource as the caller sees it: the original text
		 * only to its author, the moderation status only to the video's owner.
		 */
		Map<String, Object> json(Caller caller, boolean plainText) {
			String published = TIME.format(this.publishedAt.truncatedTo(ChronoUnit.SECONDS));
			Map<String, Object> snippet = new LinkedHashMap<>();
			snippet.put("channelId", this.channelId);
			snippet.put("videoId", this.videoId);
			snippet.put("textDisplay", plainText ? this.text : HtmlUtils.htmlEscape(this.text).replace("\n", "<br>"));
			if (caller.channelId().equals(this.authorId)) {
				snippet.put("textOriginal", this.text);
			}
			if (this.parentId != null) {
				snippet.put("parentId", this.parentId);
			}
			snippet.put("authorDisplayName", this.authorName);
			snippet.put("authorProfileImageUrl", "");
			snippet.put("authorChannelUrl", "http://www.youtube.com/channel/" + this.authorId);
			snippet.put("authorChannelId", Map.of("value", this.authorId));
			snippet.put("canRate", true);
			snippet.put("viewerRating", "none");
			snippet.put("likeCount", 0);
			if (caller.channelId().equals(this.channelId)) {
				snippet.put("moderationStatus", this.status);
			}
			snippet.put("publishedAt", published);
			snippet.put("updatedAt", published);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("kind", "youtube#comment");
			json.put("etag", Integer.toHexString(System.identityHashCode(this)));
			json.put("id", this.id);
			json.put("snippet", snippet);
			return json;
		}

	}

}
