package org.hubben.connector.youtube.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.Faults;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import org.hubben.connector.youtube.emulator.GoogleAccounts.Authentication;
import org.hubben.connector.youtube.emulator.GoogleAccounts.Caller;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The YouTube Data API v3 as far as Hubben uses it, with Google's OAuth 2.0 beside it;
 * every Google host is served under this one base:
 * <ul>
 * <li>{@code POST /upload/youtube/v3/videos?uploadType=resumable}: starts a resumable
 * upload session (the {@code Location} answered is the session URI);</li>
 * <li>{@code PUT <session URI>}: takes the bytes in chunks ({@code Content-Range: bytes
 * a-b/N}), answers {@code 308} with {@code Range} until the last one, then the video;
 * with an empty body and {@code bytes *}{@code /N}, says what arrived;</li>
 * <li>{@code GET /youtube/v3/videos}, {@code GET /youtube/v3/channels} and
 * {@code GET /youtube/v3/playlistItems} (a channel's uploads playlist): lookups;</li>
 * <li>{@code commentThreads.list}, {@code comments.list}, {@code comments.insert} and
 * {@code comments.setModerationStatus}: the comments on its videos
 * ({@link YouTubeComments});</li>
 * <li>{@code GET/POST /o/oauth2/v2/auth}, {@code POST /token}, {@code POST /revoke}:
 * Google's consent page and token endpoints;</li>
 * <li>{@code GET /watch?v=} (a page for a video) and {@code GET /uploads} (what each
 * upload session received, for tests and curious people).</li>
 * </ul>
 * It checks tokens and scopes, validates metadata as YouTube does, charges a
 * {@link YouTubeQuota} and a per-channel upload cap, and answers with Google's error
 * JSON.
 *
 * <p>
 * Faults: {@link #faults()} is taken by each session start. {@link Fault#EXPIRED_TOKEN},
 * {@link Fault#RATE_LIMIT} ({@code 403 quotaExceeded}) and {@link Fault#SERVER_ERROR}
 * ({@code 503 backendError}) answer the start itself; the others wait in the session:
 * {@link Fault#TIMEOUT} leaves the last chunk unanswered and unkept,
 * {@link Fault#ACCEPT_THEN_DROP} and {@link Fault#ACCEPT_THEN_ERROR} keep the last chunk,
 * then drop the connection or answer 503, and {@link Fault#DROP_DURING_UPLOAD} keeps half
 * of the chunk that holds the video's middle byte, then drops the connection.
 * {@link #chunkFaults()} hits the next chunks directly, whatever their session. In-memory
 * and thread-safe.
 */
@Component
@ConditionalOnBooleanProperty("hubben.platforms.emulators")
public class YouTubeEmulator implements Emulator {

	/** The channel of the Google account that signs in on the consent page. */
	public static final String DEFAULT_CHANNEL_ID = "UCHubbenDemo0000000000001";

	public static final String DEFAULT_CHANNEL_TITLE = "Hubben Demo (YouTube)";

	/** Every chunk but the last is a multiple of this. */
	public static final long CHUNK_GRANULARITY = 256 * 1024;

	/** The largest video YouTube takes. */
	public static final long MAX_VIDEO_BYTES = 256L * 1024 * 1024 * 1024;

	private static final int MAX_TITLE_LENGTH = 100;

	private static final int MAX_DESCRIPTION_BYTES = 5000;

	private static final int MAX_TAGS_LENGTH = 500;

	private static final int MAX_METADATA_BYTES = 1024 * 1024;

	private static final Duration UPLOAD_LIMIT_WINDOW = Duration.ofHours(24);

	private static final Set<String> VIDEO_PARTS = Set.of("id", "snippet", "status", "contentDetails", "fileDetails",
			"liveStreamingDetails", "localizations", "player", "processingDetails", "recordingDetails", "statistics",
			"suggestions", "topicDetails");

	private static final Set<String> CHANNEL_PARTS = Set.of("id", "snippet", "contentDetails", "statistics", "status",
			"brandingSettings", "localizations", "topicDetails", "auditDetails", "contentOwnerDetails");

	private static final Set<String> PLAYLIST_ITEM_PARTS = Set.of("id", "snippet", "contentDetails", "status");

	private static final Set<String> CATEGORIES = Set.of("1", "2", "10", "15", "17", "18", "19", "20", "21", "22", "23",
			"24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40", "41",
			"42", "43", "44");

	private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(?:(\\*)|(\\d+)-(\\d+))/(\\*|\\d+)");

	private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");

	private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Clock clock;

	private final Settings settings;

	private final YouTubeQuota quota;

	private final GoogleAccounts accounts;

	private final YouTubeComments comments;

	private final Faults faults = new Faults();

	private final Faults chunkFaults = new Faults();

	private final SecureRandom random = new SecureRandom();

	private final AtomicLong sessionCount = new AtomicLong();

	private volatile boolean relocateSessions;

	private final Object lock = new Object();

	// Guarded by lock; by the upload id of their current session URI.
	private final Map<String, UploadSession> sessions = new LinkedHashMap<>();

	// Guarded by lock.
	private final Map<String, Video> videos = new LinkedHashMap<>();

	// Guarded by lock.
	private final List<ReceivedPost> received = new ArrayList<>();

	// Guarded by lock; when each channel started its uploads of the last 24 hours.
	private final Map<String, Deque<Instant>> uploadsByChannel = new HashMap<>();

	// Guarded by lock.
	private final Map<String, String> channelTitles = new HashMap<>();

	/**
	 * @param tokens checks and issues tokens
	 * @param pricing {@code buckets} (the current quota page) or {@code units} (1,600 per
	 * upload)
	 * @param dailyUnits the project's daily units
	 * @param dailyInserts the daily {@code videos.insert} calls in the bucket model
	 * @param uploadsPerChannelPerDay how many uploads one channel may start in 24 hours
	 */
	@Autowired
	public YouTubeEmulator(EmulatorTokens tokens,
			@Value("${hubben.platforms.youtube-emulator.quota-pricing:buckets}") String pricing,
			@Value("${hubben.platforms.youtube-emulator.daily-units:10000}") long dailyUnits,
			@Value("${hubben.platforms.youtube-emulator.daily-inserts:100}") long dailyInserts,
			@Value("${hubben.platforms.youtube-emulator.uploads-per-channel-per-day:50}") int uploadsPerChannelPerDay) {
		this(tokens, Clock.systemUTC(),
				Settings.DEFAULT
					.withQuota(new YouTubeQuota.Limits(YouTubeQuota.Pricing.valueOf(pricing.toUpperCase(Locale.ROOT)),
							dailyUnits, 1_600, dailyInserts))
					.withUploadsPerChannelPerDay(uploadsPerChannelPerDay));
	}

	public YouTubeEmulator(EmulatorTokens tokens) {
		this(tokens, Clock.systemUTC());
	}

	public YouTubeEmulator(EmulatorTokens tokens, Clock clock) {
		this(tokens, clock, Settings.DEFAULT);
	}

	public YouTubeEmulator(EmulatorTokens tokens, Clock clock, Settings settings) {
		this.clock = clock;
		this.settings = settings;
		this.quota = new YouTubeQuota(clock, settings.quota());
		this.accounts = new GoogleAccounts(tokens, clock, settings.channelId(), this::channelTitle);
		this.channelTitles.put(settings.channelId(), settings.channelTitle());
		this.comments = new YouTubeComments(this.accounts, this.quota, this.faults, clock, this::video);
	}

	@Override
	public Platform platform() {
		return Platform.YOUTUBE;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/upload/youtube/v3/videos", this::startUpload)
			.PUT("/upload/youtube/v3/videos", this::receiveChunk)
			.GET("/youtube/v3/videos", this::listVideos)
			.GET("/youtube/v3/channels", this::listChannels)
			.GET("/youtube/v3/playlistItems", this::listPlaylistItems)
			.add(this.comments.routes())
			.GET("/o/oauth2/v2/auth", this.accounts::authorise)
			.POST("/o/oauth2/v2/auth", this.accounts::decide)
			.POST("/token", this.accounts::token)
			.POST("/revoke", this.accounts::revoke)
			.GET("/watch", this::watchPage)
			.GET("/uploads", (request) -> ServerResponse.ok().bodyValue(uploads()))
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
	public EmulatedComment comment(PersonComment comment) {
		return this.comments.add(comment);
	}

	@Override
	public List<EmulatedComment> comments() {
		return this.comments.all();
	}

	/** The video by its id, or null. */
	private Video video(String id) {
		synchronized (this.lock) {
			return this.videos.get(id);
		}
	}

	/**
	 * @return faults for the next chunk requests ({@code PUT} with bytes), whichever
	 * session they belong to: {@link Fault#SERVER_ERROR} (503, nothing kept),
	 * {@link Fault#TIMEOUT} (no answer, nothing kept), {@link Fault#DROP_DURING_UPLOAD},
	 * {@link Fault#ACCEPT_THEN_DROP} and {@link Fault#ACCEPT_THEN_ERROR}; others are
	 * ignored
	 */
	public Faults chunkFaults() {
		return this.chunkFaults;
	}

	/**
	 * @return the quota ledger of the emulated project
	 */
	public YouTubeQuota quota() {
		return this.quota;
	}

	/**
	 * Makes every {@code 308} move its session to a new URI, named in {@code Location};
	 * the old URI is then unknown (404). Google may move sessions this way, and clients
	 * must follow.
	 * @param relocate whether to move sessions
	 */
	public void relocateSessions(boolean relocate) {
		this.relocateSessions = relocate;
	}

	/**
	 * Names a channel, as {@code channels.list} and the consent page show it.
	 * @param channelId the channel id
	 * @param title its title
	 */
	public void channel(String channelId, String title) {
		synchronized (this.lock) {
			this.channelTitles.put(channelId, title);
		}
	}

	/**
	 * @return every upload session, oldest first, with how many bytes it received
	 */
	public List<Upload> uploads() {
		synchronized (this.lock) {
			return this.sessions.values().stream().map(UploadSession::describe).toList();
		}
	}

	@Override
	public void reset() {
		synchronized (this.lock) {
			this.sessions.clear();
			this.videos.clear();
			this.received.clear();
			this.uploadsByChannel.clear();
		}
		this.faults.clear();
		this.chunkFaults.clear();
		this.quota.reset();
		this.accounts.reset();
		this.comments.reset();
	}

	private Mono<ServerResponse> startUpload(ServerRequest request) {
		Fault fault = this.faults.next().orElse(null);
		if (fault == Fault.EXPIRED_TOKEN) {
			return GoogleError.invalidCredentials();
		}
		if (fault == Fault.RATE_LIMIT) {
			return GoogleError.quotaExceeded();
		}
		if (fault == Fault.SERVER_ERROR) {
			return GoogleError.backendError();
		}
		return metadata(request).flatMap((body) -> startUpload(request, body, fault));
	}

	private Mono<ServerResponse> startUpload(ServerRequest request, String body, Fault armed) {
		Authentication authentication = this.accounts
			.authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
		if (authentication.caller() == null) {
			return refuseInsert(authentication.refusal());
		}
		Caller caller = authentication.caller();
		if (!caller.mayAny(GoogleScope.UPLOAD)) {
			return refuseInsert(GoogleError.insufficientScopes());
		}
		Insert insert;
		try {
			insert = readInsert(request, body);
		}
		catch (Refusal ex) {
			return refuseInsert(ex.answer);
		}
		Instant now = now();
		UploadSession session;
		synchronized (this.lock) {
			Deque<Instant> recent = this.uploadsByChannel.computeIfAbsent(caller.channelId(),
					(channel) -> new ArrayDeque<>());
			while (!recent.isEmpty() && !recent.peekFirst().plus(UPLOAD_LIMIT_WINDOW).isAfter(now)) {
				recent.removeFirst();
			}
			if (recent.size() >= this.settings.uploadsPerChannelPerDay()) {
				session = null;
			}
			else {
				if (!this.quota.charge(YouTubeQuota.Call.INSERT)) {
					return GoogleError.quotaExceeded();
				}
				recent.addLast(now);
				String uploadId = newUploadId();
				session = new UploadSession(uploadId, caller.channelId(), insert.draft(), insert.contentType(),
						insert.parts(), insert.total(), now, armed);
				this.sessions.put(uploadId, session);
			}
		}
		if (session == null) {
			return refuseInsert(GoogleError.badRequest("youtube.video", "uploadLimitExceeded",
					"The user has exceeded the number of videos they may upload."));
		}
		return ServerResponse.ok()
			.location(sessionUri(request, session.uploadId))
			.header("X-GUploader-UploadID", session.uploadId)
			.build();
	}

	/** A refused {@code videos.insert} still costs quota. */
	private Mono<ServerResponse> refuseInsert(Mono<ServerResponse> answer) {
		return this.quota.charge(YouTubeQuota.Call.INVALID_INSERT) ? answer : GoogleError.quotaExceeded();
	}

	private Insert readInsert(ServerRequest request, String body) {
		if (!"resumable".equals(request.queryParam("uploadType").orElse(null))) {
			throw new Refusal(GoogleError.badRequest("global", "invalid",
					"Invalid uploadType: this emulator takes uploadType=resumable."));
		}
		Set<String> parts = parts(request, VIDEO_PARTS);
		String contentType = request.headers().firstHeader("X-Upload-Content-Type");
		if (contentType != null && !isVideoType(contentType)) {
			throw new Refusal(GoogleError.badRequest("global", "badContent", "Media type '" + contentType
					+ "' is not supported. Valid media types: [video/*, application/octet-stream]"));
		}
		long total = -1;
		String length = request.headers().firstHeader("X-Upload-Content-Length");
		if (length != null) {
			try {
				total = Long.parseLong(length.trim());
			}
			catch (NumberFormatException ex) {
				throw new Refusal(GoogleError.badRequest("global", "invalid", "Invalid X-Upload-Content-Length."));
			}
			if (total <= 0) {
				throw new Refusal(GoogleError.badRequest("youtube.video", "mediaBodyRequired",
						"The request does not include the video content."));
			}
			if (total > MAX_VIDEO_BYTES) {
				throw new Refusal(GoogleError.badRequest("global", "badContent",
						"The video is larger than the 256 GB YouTube accepts."));
			}
		}
		JsonNode json;
		try {
			json = body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new Refusal(GoogleError.badRequest("global", "parseError", "Parse Error"));
		}
		if (!parts.contains("snippet") || !json.isObject()) {
			throw invalidTitle();
		}
		return new Insert(draft(json), (contentType != null) ? contentType : "application/octet-stream", parts, total);
	}

	private VideoDraft draft(JsonNode json) {
		JsonNode snippet = json.path("snippet");
		String title = snippet.path("title").asString("");
		if (title.isBlank() || title.codePointCount(0, title.length()) > MAX_TITLE_LENGTH || hasAngleBracket(title)) {
			throw invalidTitle();
		}
		String description = snippet.path("description").asString("");
		if (description.getBytes(StandardCharsets.UTF_8).length > MAX_DESCRIPTION_BYTES
				|| hasAngleBracket(description)) {
			throw new Refusal(GoogleError.badRequest("youtube.video", "invalidDescription",
					"The request metadata specifies an invalid video description."));
		}
		List<String> tags = new ArrayList<>();
		int tagsLength = 0;
		for (JsonNode tag : snippet.path("tags")) {
			String value = tag.asString("");
			tags.add(value);
			// YouTube counts a tag with a space as if it were quoted, and a comma between
			// tags.
			tagsLength += value.length() + (value.contains(" ") ? 2 : 0) + ((tags.size() > 1) ? 1 : 0);
		}
		if (tagsLength > MAX_TAGS_LENGTH || tags.stream().anyMatch((tag) -> hasAngleBracket(tag) || tag.isBlank())) {
			throw new Refusal(GoogleError.badRequest("youtube.video", "invalidTags",
					"The request metadata specifies invalid video keywords."));
		}
		String categoryId = snippet.path("categoryId").asString("22");
		if (!CATEGORIES.contains(categoryId)) {
			throw new Refusal(GoogleError.badRequest("youtube.video", "invalidCategoryId",
					"The snippet.categoryId property specifies an invalid category ID."));
		}
		JsonNode status = json.path("status");
		String privacyStatus = status.path("privacyStatus").asString("public");
		if (!Set.of("public", "unlisted", "private").contains(privacyStatus)) {
			throw new Refusal(GoogleError.badRequest("youtube.video", "invalidVideoMetadata",
					"The request metadata is invalid: status.privacyStatus must be public, unlisted or private."));
		}
		Instant publishAt = null;
		// YouTube honours publishAt only for private videos and silently ignores it on
		// the others.
		if ("private".equals(privacyStatus) && status.hasNonNull("publishAt")) {
			publishAt = publishAt(status.path("publishAt").asString(""));
		}
		JsonNode madeForKids = status.path("selfDeclaredMadeForKids");
		return new VideoDraft(title, description, tags, categoryId, privacyStatus, publishAt,
				madeForKids.isBoolean() ? madeForKids.booleanValue() : null);
	}

	private Instant publishAt(String value) {
		Instant publishAt;
		try {
			publishAt = OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			publishAt = null;
		}
		if (publishAt == null || !publishAt.isAfter(now())) {
			throw new Refusal(GoogleError.badRequest("youtube.video", "invalidPublishAt",
					"The request metadata specifies an invalid scheduled publishing time."));
		}
		return publishAt;
	}

	private Mono<ServerResponse> receiveChunk(ServerRequest request) {
		String uploadId = request.queryParam("upload_id").orElse("");
		UploadSession session;
		synchronized (this.lock) {
			session = this.sessions.get(uploadId);
		}
		if (session == null) {
			return drain(request).then(GoogleError.answer(HttpStatus.NOT_FOUND, "global", "notFound", "Not Found"));
		}
		ContentRange range = ContentRange.read(request.headers());
		if (range == null) {
			return drain(request, session)
				.then(GoogleError.badRequest("global", "badRequest", "Failed to parse Content-Range header."));
		}
		Chunk chunk;
		Fault directFault = range.statusQuery() ? null : this.chunkFaults.next().orElse(null);
		synchronized (this.lock) {
			if (!range.statusQuery() && !session.complete() && !totalAgrees(session, range)) {
				chunk = null;
			}
			else {
				chunk = plan(session, range, directFault);
			}
		}
		if (chunk == null) {
			return drain(request, session).then(GoogleError.badRequest("global", "badRequest",
					"The Content-Range total does not match the size the upload began with."));
		}
		return request.body(BodyExtractors.toDataBuffers())
			.doOnNext((buffer) -> take(session, chunk, buffer))
			.then(Mono.defer(() -> answerChunk(request, session, chunk)));
	}

	// Must hold lock.
	private boolean totalAgrees(UploadSession session, ContentRange range) {
		if (range.total() >= 0 && session.total >= 0 && range.total() != session.total) {
			return false;
		}
		if (range.total() >= 0 && range.last() >= range.total()) {
			return false;
		}
		if (session.total < 0 && range.total() >= 0) {
			session.total = range.total();
		}
		return session.total < 0 || range.last() < session.total;
	}

	/**
	 * Decides, before the bytes arrive, what of a chunk is kept and how it is answered.
	 */
	// Must hold lock.
	private Chunk plan(UploadSession session, ContentRange range, Fault directFault) {
		if (range.statusQuery() || session.complete()) {
			return new Chunk(range, 0, null, null);
		}
		boolean inOrder = range.first() == session.committed;
		boolean last = session.total >= 0 && range.last() + 1 == session.total;
		Fault fault = directFault;
		if (fault == null && inOrder && session.armed != null && fires(session.armed, session, range, last)) {
			fault = session.armed;
			session.armed = null;
		}
		long length = range.length();
		long keep;
		if (!inOrder || fault == Fault.SERVER_ERROR || fault == Fault.TIMEOUT) {
			// A chunk that does not start at the next byte is answered with what is
			// there, and never stored twice.
			keep = 0;
		}
		else if (fault == Fault.DROP_DURING_UPLOAD) {
			keep = length / 2;
		}
		else if (last) {
			keep = length;
		}
		else {
			// Google keeps whole 256 KiB blocks of an intermediate chunk.
			keep = (length / CHUNK_GRANULARITY) * CHUNK_GRANULARITY;
		}
		return new Chunk(range, keep, session.forkDigest(), fault);
	}

	private static boolean fires(Fault armed, UploadSession session, ContentRange range, boolean last) {
		if (armed == Fault.DROP_DURING_UPLOAD) {
			long middle = (session.total >= 0) ? session.total / 2 : 0;
			return range.first() <= middle && middle <= range.last();
		}
		return last;
	}

	/** Counts a piece of a chunk's body, and hashes what of it is kept. */
	private void take(UploadSession session, Chunk chunk, DataBuffer buffer) {
		try {
			int size = buffer.readableByteCount();
			long position = chunk.read;
			chunk.read += size;
			if (chunk.digest != null && position < chunk.keep) {
				byte[] bytes = new byte[(int) Math.min(size, chunk.keep - position)];
				buffer.read(bytes);
				chunk.digest.update(bytes);
			}
			synchronized (this.lock) {
				session.bytesReceived += size;
			}
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Mono<ServerResponse> answerChunk(ServerRequest request, UploadSession session, Chunk chunk) {
		ContentRange range = chunk.range;
		if (!range.statusQuery() && chunk.read != range.length()) {
			return GoogleError.badRequest("global", "badRequest",
					"The request body has " + chunk.read + " bytes where Content-Range says " + range.length() + ".");
		}
		Fault fault = chunk.fault;
		Video video;
		String location = null;
		long committed;
		synchronized (this.lock) {
			if (chunk.keep > 0 && session.committed == range.first() && !session.complete()) {
				session.commit(chunk.keep, chunk.digest);
				if (session.committed == session.total) {
					finish(session);
				}
			}
			video = session.video;
			committed = session.committed;
			if (video == null && fault == null && this.relocateSessions
					&& this.sessions.get(session.uploadId) == session) {
				this.sessions.remove(session.uploadId);
				session.uploadId = newUploadId();
				this.sessions.put(session.uploadId, session);
				location = sessionUri(request, session.uploadId).toString();
			}
		}
		if (fault == Fault.DROP_DURING_UPLOAD || fault == Fault.ACCEPT_THEN_DROP) {
			return EmulatorRoutes.dropConnection(request);
		}
		if (fault == Fault.TIMEOUT) {
			// Never answering is the fault: the client's timeout must end it.
			return Mono.never();
		}
		if (fault == Fault.SERVER_ERROR || fault == Fault.ACCEPT_THEN_ERROR) {
			return GoogleError.backendError();
		}
		if (video != null) {
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(video.json(session.parts, now()));
		}
		ServerResponse.BodyBuilder incomplete = ServerResponse.status(HttpStatus.PERMANENT_REDIRECT);
		if (committed > 0) {
			incomplete.header(HttpHeaders.RANGE, "bytes=0-" + (committed - 1));
		}
		if (location != null) {
			incomplete.header(HttpHeaders.LOCATION, location);
		}
		return incomplete.header(HttpHeaders.CONTENT_LENGTH, "0").build();
	}

	// Must hold lock.
	private void finish(UploadSession session) {
		String id;
		do {
			id = randomId(11);
		}
		while (this.videos.containsKey(id));
		Instant now = now();
		Video video = new Video(id, session.channelId, channelTitle(session.channelId), session.draft, now,
				session.contentType, session.committed, session.sha256());
		session.video = video;
		this.videos.put(id, video);
		Matcher url = URL.matcher(session.draft.description());
		String link = url.find() ? url.group().replaceAll("[.,;:!?)\\]]+$", "") : null;
		this.received.add(new ReceivedPost(id, session.channelId, session.draft.description(), link, now,
				session.draft.title(), session.draft.tags(),
				List.of(new ReceivedMedia(session.contentType, session.committed, video.sha256())), session.startedAt));
	}

	private Mono<ServerResponse> listVideos(ServerRequest request) {
		return read(request, VIDEO_PARTS, (caller, parts) -> listVideos(request, caller, parts));
	}

	private Mono<ServerResponse> listVideos(ServerRequest request, Caller caller, Set<String> parts) {
		String ids = request.queryParam("id").orElse("");
		if (ids.isBlank()) {
			return GoogleError.badRequest("youtube.parameter", "missingRequiredParameter",
					"No filter selected. Expected one of: myRating, chart, id");
		}
		Instant now = now();
		String channel = caller.channelId();
		List<Map<String, Object>> items = new ArrayList<>();
		synchronized (this.lock) {
			for (String id : ids.split(",")) {
				Video video = this.videos.get(id.trim());
				if (video != null
						&& (video.channelId().equals(channel) || !"private".equals(video.privacyStatus(now)))) {
					items.add(video.json(parts, now));
				}
			}
		}
		return list("youtube#videoListResponse", items);
	}

	private Mono<ServerResponse> listChannels(ServerRequest request) {
		return read(request, CHANNEL_PARTS, (caller, parts) -> listChannels(request, caller, parts));
	}

	private Mono<ServerResponse> listChannels(ServerRequest request, Caller caller, Set<String> parts) {
		List<String> ids;
		if ("true".equals(request.queryParam("mine").orElse(null))) {
			if (!caller.mayAny(GoogleScope.READ)) {
				return GoogleError.insufficientScopes();
			}
			ids = List.of(caller.channelId());
		}
		else if (request.queryParam("id").filter((id) -> !id.isBlank()).isPresent()) {
			ids = List.of(request.queryParam("id").get().split(","));
		}
		else {
			return GoogleError.badRequest("youtube.parameter", "missingRequiredParameter",
					"No filter selected. Expected one of: forUsername, managedByMe, categoryId, mine, mySubscribers, id, idParam");
		}
		List<Map<String, Object>> items = new ArrayList<>();
		synchronized (this.lock) {
			for (String id : ids) {
				String channel = id.trim();
				boolean known = this.channelTitles.containsKey(channel) || channel.equals(caller.channelId())
						|| this.videos.values().stream().anyMatch((video) -> video.channelId().equals(channel));
				if (known) {
					items.add(channelJson(channel, parts));
				}
			}
		}
		return list("youtube#channelListResponse", items);
	}

	/**
	 * {@code playlistItems.list} for a channel's uploads playlist (the id that
	 * {@code channels.list} names in {@code contentDetails.relatedPlaylists.uploads}):
	 * its videos, newest first, {@code maxResults} (0 to 50, default 5) a page with
	 * {@code pageToken}/{@code nextPageToken}; 1 unit of quota. Private videos are listed
	 * to their channel only.
	 */
	private Mono<ServerResponse> listPlaylistItems(ServerRequest request) {
		return read(request, PLAYLIST_ITEM_PARTS, (caller, parts) -> listPlaylistItems(request, caller, parts));
	}

	private Mono<ServerResponse> listPlaylistItems(ServerRequest request, Caller caller, Set<String> parts) {
		String playlistId = request.queryParam("playlistId").orElse("");
		if (playlistId.isBlank()) {
			return GoogleError.badRequest("youtube.parameter", "missingRequiredParameter",
					"No filter selected. Expected one of: id, playlistId");
		}
		int maxResults;
		try {
			maxResults = Integer.parseInt(request.queryParam("maxResults").orElse("5").trim());
		}
		catch (NumberFormatException ex) {
			maxResults = -1;
		}
		if (maxResults < 0 || maxResults > 50) {
			return GoogleError.badRequest("youtube.parameter", "invalidParameter",
					"Invalid value for parameter maxResults: it must be between 0 and 50.");
		}
		int offset = 0;
		String pageToken = request.queryParam("pageToken").orElse(null);
		if (pageToken != null) {
			try {
				offset = Integer
					.parseInt(new String(java.util.Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				offset = -1;
			}
			if (offset < 0) {
				return GoogleError.badRequest("youtube.parameter", "invalidPageToken",
						"The request specifies an invalid page token.");
			}
		}
		Instant now = now();
		String callerChannel = caller.channelId();
		List<Video> uploads;
		synchronized (this.lock) {
			String owner = this.channelTitles.keySet()
				.stream()
				.filter((channel) -> uploadsPlaylist(channel).equals(playlistId))
				.findFirst()
				.orElse(this.videos.values()
					.stream()
					.map(Video::channelId)
					.filter((channel) -> uploadsPlaylist(channel).equals(playlistId))
					.findFirst()
					.orElse(uploadsPlaylist(callerChannel).equals(playlistId) ? callerChannel : null));
			if (owner == null) {
				uploads = null;
			}
			else {
				uploads = new ArrayList<>(this.videos.values()
					.stream()
					.filter((video) -> video.channelId().equals(owner))
					.filter((video) -> owner.equals(callerChannel) || !"private".equals(video.privacyStatus(now)))
					.toList());
				java.util.Collections.reverse(uploads);
			}
		}
		if (uploads == null) {
			return GoogleError.answer(HttpStatus.NOT_FOUND, "youtube.playlistItem", "playlistNotFound",
					"The playlist identified with the request's playlistId parameter cannot be found.");
		}
		List<Map<String, Object>> items = new ArrayList<>();
		for (int position = offset; position < Math.min(uploads.size(), offset + maxResults); position++) {
			items.add(playlistItem(uploads.get(position), playlistId, position, parts));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", "youtube#playlistItemListResponse");
		body.put("etag", Integer.toHexString(items.hashCode()));
		if (offset + maxResults < uploads.size()) {
			body.put("nextPageToken",
					java.util.Base64.getUrlEncoder()
						.withoutPadding()
						.encodeToString(String.valueOf(offset + maxResults).getBytes(StandardCharsets.UTF_8)));
		}
		body.put("pageInfo", Map.of("totalResults", uploads.size(), "resultsPerPage", maxResults));
		body.put("items", items);
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static Map<String, Object> playlistItem(Video video, String playlistId, int position, Set<String> parts) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("kind", "youtube#playlistItem");
		json.put("etag", Integer.toHexString(video.hashCode()));
		json.put("id",
				java.util.Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString((playlistId + "." + video.id()).getBytes(StandardCharsets.UTF_8)));
		String published = java.time.format.DateTimeFormatter.ISO_INSTANT
			.format(video.publishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		if (parts.contains("snippet")) {
			Map<String, Object> snippet = new LinkedHashMap<>();
			snippet.put("publishedAt", published);
			snippet.put("channelId", video.channelId());
			snippet.put("title", video.draft().title());
			snippet.put("description", video.draft().description());
			snippet.put("channelTitle", video.channelTitle());
			snippet.put("playlistId", playlistId);
			snippet.put("position", position);
			snippet.put("resourceId", Map.of("kind", "youtube#video", "videoId", video.id()));
			snippet.put("videoOwnerChannelTitle", video.channelTitle());
			snippet.put("videoOwnerChannelId", video.channelId());
			json.put("snippet", snippet);
		}
		if (parts.contains("contentDetails")) {
			json.put("contentDetails", Map.of("videoId", video.id(), "videoPublishedAt", published));
		}
		return json;
	}

	private static String uploadsPlaylist(String channelId) {
		return channelId.startsWith("UC") ? "UU" + channelId.substring(2) : "UU" + channelId;
	}

	// Must hold lock.
	private Map<String, Object> channelJson(String channelId, Set<String> parts) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("kind", "youtube#channel");
		json.put("etag", Integer.toHexString(channelId.hashCode()));
		json.put("id", channelId);
		String title = channelTitle(channelId);
		if (parts.contains("snippet")) {
			Map<String, Object> snippet = new LinkedHashMap<>();
			snippet.put("title", title);
			snippet.put("description", "");
			snippet.put("publishedAt", "2010-01-01T00:00:00Z");
			snippet.put("localized", Map.of("title", title, "description", ""));
			json.put("snippet", snippet);
		}
		if (parts.contains("contentDetails")) {
			String uploads = uploadsPlaylist(channelId);
			json.put("contentDetails", Map.of("relatedPlaylists", Map.of("likes", "", "uploads", uploads)));
		}
		if (parts.contains("statistics")) {
			long count = this.videos.values().stream().filter((video) -> video.channelId().equals(channelId)).count();
			json.put("statistics", Map.of("viewCount", "0", "subscriberCount", "0", "hiddenSubscriberCount", false,
					"videoCount", String.valueOf(count)));
		}
		return json;
	}

	private Mono<ServerResponse> watchPage(ServerRequest request) {
		String id = request.queryParam("v").orElse("");
		Video video;
		synchronized (this.lock) {
			video = this.videos.get(id);
		}
		Instant now = now();
		boolean visible = video != null && !"private".equals(video.privacyStatus(now));
		String title = visible ? video.draft().title() : "Video unavailable";
		String content = visible ? "<p class=\"channel\">" + HtmlUtils.htmlEscape(video.channelTitle()) + "</p>\n<p>"
				+ HtmlUtils.htmlEscape(video.contentType()) + ", " + video.size()
				+ " bytes</p>\n<pre class=\"description\">" + HtmlUtils.htmlEscape(video.draft().description())
				+ "</pre>\n" : "<p>This video is private or does not exist on this YouTube emulator.</p>\n";
		String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
				+ HtmlUtils.htmlEscape(title) + " · YouTube emulator</title></head>\n<body>\n<h1>"
				+ HtmlUtils.htmlEscape(title) + "</h1>\n" + content + "</body>\n</html>\n";
		return ServerResponse.status(visible ? HttpStatus.OK : HttpStatus.NOT_FOUND)
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.bodyValue(html);
	}

	private static Mono<ServerResponse> list(String kind, List<Map<String, Object>> items) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", kind);
		body.put("etag", Integer.toHexString(items.hashCode()));
		body.put("pageInfo", Map.of("totalResults", items.size(), "resultsPerPage", items.size()));
		body.put("items", items);
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	/**
	 * Runs a read (list) call the way YouTube checks one: a unit of quota, then the
	 * token, then the requested parts; the call itself only when all three pass.
	 */
	private Mono<ServerResponse> read(ServerRequest request, Set<String> knownParts, ReadCall call) {
		if (!this.quota.charge(YouTubeQuota.Call.READ)) {
			return GoogleError.quotaExceeded();
		}
		Authentication authentication = this.accounts
			.authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
		if (authentication.caller() == null) {
			return authentication.refusal();
		}
		Set<String> parts;
		try {
			parts = parts(request, knownParts);
		}
		catch (Refusal ex) {
			return ex.answer;
		}
		return call.answer(authentication.caller(), parts);
	}

	/** A read call once its caller and parts are checked. */
	@FunctionalInterface
	private interface ReadCall {

		Mono<ServerResponse> answer(Caller caller, Set<String> parts);

	}

	/**
	 * The {@code part} parameter: comma-separated, given once or repeated (Google's own
	 * clients repeat it).
	 */
	private static Set<String> parts(ServerRequest request, Set<String> known) {
		String part = String.join(",", request.queryParams().getOrDefault("part", List.of()));
		if (part.isBlank()) {
			throw new Refusal(GoogleError.badRequest("global", "required", "Required parameter: part"));
		}
		Set<String> parts = new LinkedHashSet<>();
		for (String each : part.split(",")) {
			String name = each.trim();
			if (!known.contains(name)) {
				throw new Refusal(GoogleError.badRequest("youtube.part", "unknownPart", "'" + name + "'"));
			}
			parts.add(name);
		}
		return parts;
	}

	/**
	 * The metadata of a {@code videos.insert}, gzip or not, as Google's clients send it.
	 */
	static Mono<String> metadata(ServerRequest request) {
		boolean gzip = "gzip".equalsIgnoreCase(request.headers().firstHeader(HttpHeaders.CONTENT_ENCODING));
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_METADATA_BYTES).map((buffer) -> {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				return gzip ? gunzip(bytes) : new String(bytes, StandardCharsets.UTF_8);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		})
			// Metadata too large to read is answered as Google answers unparsable JSON.
			.onErrorResume(DataBufferLimitException.class, (ex) -> Mono.just("\u0000"))
			.defaultIfEmpty("");
	}

	private static String gunzip(byte[] bytes) {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			// Unreadable metadata is answered as Google answers unparsable JSON.
			return "\u0000";
		}
	}

	private static Mono<Void> drain(ServerRequest request) {
		return request.body(BodyExtractors.toDataBuffers()).doOnNext(DataBufferUtils::release).then();
	}

	private Mono<Void> drain(ServerRequest request, UploadSession session) {
		return request.body(BodyExtractors.toDataBuffers()).doOnNext((buffer) -> {
			synchronized (this.lock) {
				session.bytesReceived += buffer.readableByteCount();
			}
			DataBufferUtils.release(buffer);
		}).then();
	}

	private static URI sessionUri(ServerRequest request, String uploadId) {
		return UriComponentsBuilder.fromUri(request.uri())
			.replaceQuery(null)
			.queryParam("uploadType", "resumable")
			.queryParam("upload_id", uploadId)
			.build()
			.toUri();
	}

	private static boolean isVideoType(String contentType) {
		String type = contentType.trim().toLowerCase(Locale.ROOT);
		return type.startsWith("video/") || type.startsWith("application/octet-stream");
	}

	private static boolean hasAngleBracket(String text) {
		return text.indexOf('<') >= 0 || text.indexOf('>') >= 0;
	}

	private static Refusal invalidTitle() {
		return new Refusal(GoogleError.badRequest("youtube.video", "invalidTitle",
				"The request metadata specifies an invalid or empty video title."));
	}

	private String channelTitle(String channelId) {
		synchronized (this.lock) {
			return this.channelTitles.getOrDefault(channelId, "Emulated channel " + channelId);
		}
	}

	private String newUploadId() {
		return "AUp" + this.sessionCount.incrementAndGet() + randomId(40);
	}

	private String randomId(int length) {
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(ID_ALPHABET.charAt(this.random.nextInt(ID_ALPHABET.length())));
		}
		return id.toString();
	}

	private Instant now() {
		return this.clock.instant();
	}

	/**
	 * What one upload session received.
	 *
	 * @param uploadId the id in its session URI
	 * @param channelId the channel uploading
	 * @param totalBytes the declared size, or -1 while unknown
	 * @param bytesKept the bytes kept so far; the next byte expected is at this offset
	 * @param bytesReceived every body byte that reached the session, kept or not,
	 * including bytes sent again: equal to {@code totalBytes} when nothing was sent twice
	 * @param videoId the video, once complete, else {@code null}
	 */
	public record Upload(String uploadId, String channelId, long totalBytes, long bytesKept, long bytesReceived,
			String videoId) {

	}

	/**
	 * How the emulator behaves.
	 *
	 * @param quota the project's daily quota
	 * @param uploadsPerChannelPerDay how many uploads one channel may start in 24 hours
	 * before {@code uploadLimitExceeded}
	 * @param channelId the channel of the account that signs in on the consent page
	 * @param channelTitle its title
	 */
	public record Settings(YouTubeQuota.Limits quota, int uploadsPerChannelPerDay, String channelId,
			String channelTitle) {

		public static final Settings DEFAULT = new Settings(YouTubeQuota.Limits.DEFAULT, 50, DEFAULT_CHANNEL_ID,
				DEFAULT_CHANNEL_TITLE);

		public Settings {
			Objects.requireNonNull(quota, "quota");
			Objects.requireNonNull(channelId, "channelId");
			Objects.requireNonNull(channelTitle, "channelTitle");
			if (uploadsPerChannelPerDay < 1) {
				throw new IllegalArgumentException("uploadsPerChannelPerDay must be at least 1");
			}
		}

		public Settings withQuota(YouTubeQuota.Limits quota) {
			return new Settings(quota, this.uploadsPerChannelPerDay, this.channelId, this.channelTitle);
		}

		public Settings withUploadsPerChannelPerDay(int uploads) {
			return new Settings(this.quota, uploads, this.channelId, this.channelTitle);
		}

	}

	private record Insert(VideoDraft draft, String contentType, Set<String> parts, long total) {

	}

	/**
	 * A {@code Content-Range} header: a chunk ({@code bytes a-b/N}) or a status query
	 * ({@code bytes *}{@code /N}); the total is -1 when given as {@code *}.
	 */
	private record ContentRange(boolean statusQuery, long first, long last, long total) {

		long length() {
			return this.statusQuery ? 0 : this.last - this.first + 1;
		}

		/**
		 * @return the range, or {@code null} when it is missing or malformed; a request
		 * with a body and no range carries the whole video
		 */
		static ContentRange read(ServerRequest.Headers headers) {
			String header = headers.firstHeader("Content-Range");
			if (header == null) {
				long length = headers.contentLength().orElse(0);
				return (length > 0) ? new ContentRange(false, 0, length - 1, length) : null;
			}
			Matcher matcher = CONTENT_RANGE.matcher(header.trim());
			if (!matcher.matches()) {
				return null;
			}
			try {
				long total = "*".equals(matcher.group(4)) ? -1 : Long.parseLong(matcher.group(4));
				if (matcher.group(1) != null) {
					return new ContentRange(true, 0, -1, total);
				}
				long first = Long.parseLong(matcher.group(2));
				long last = Long.parseLong(matcher.group(3));
				long declared = headers.contentLength().orElse(last - first + 1);
				if (last < first || declared != last - first + 1) {
					return null;
				}
				return new ContentRange(false, first, last, total);
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

	/** One chunk being received: what it may keep, and what has arrived of it. */
	private static final class Chunk {

		final ContentRange range;

		final long keep;

		final MessageDigest digest;

		final Fault fault;

		// Written by the body's signals, which are serial.
		long read;

		Chunk(ContentRange range, long keep, MessageDigest digest, Fault fault) {
			this.range = range;
			this.keep = keep;
			this.digest = digest;
			this.fault = fault;
		}

	}

	/** A request YouTube refuses, with its answer. */
	private static final class Refusal extends RuntimeException {

		private final transient Mono<ServerResponse> answer;

		Refusal(Mono<ServerResponse> answer) {
			super(null, null, false, false);
			this.answer = answer;
		}

	}

}
