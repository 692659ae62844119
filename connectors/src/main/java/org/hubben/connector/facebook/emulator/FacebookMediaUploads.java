package org.hubben.connector.facebook.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import org.hubben.connector.facebook.emulator.FacebookEmulator.Draft;
import org.hubben.connector.facebook.emulator.FacebookEmulator.GraphRefusal;
import org.hubben.connector.facebook.emulator.FacebookEmulator.PostKind;
import org.hubben.connector.facebook.emulator.FacebookEmulator.StoredPost;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Photos and videos on a Facebook Page, the way the Graph API takes them:
 * <ul>
 * <li>{@code POST /{page-id}/photos} with a multipart file ({@code source}, or the first
 * file part, as clients name it freely) or a {@code url} to fetch, {@code caption} or
 * {@code message}, and {@code published}. A published photo is also a post and answers
 * {@code {id, post_id}}; an unpublished one answers {@code {id}} and can be attached to a
 * post with {@code attached_media[i]={"media_fbid":"…"}} on {@code POST /{page-id}/feed}.
 * JPEG, BMP, PNG, GIF and TIFF up to 4 MB (Facebook's advice to keep PNGs under 1 MB is
 * about recompression, not a refusal).</li>
 * <li>{@code POST /{page-id}/videos}, served on the same base as the rest of the Graph
 * API, though Facebook serves it on {@code graph-video.facebook.com}: the chunked
 * protocol ({@code upload_phase=start} with {@code file_size}, then {@code transfer} with
 * {@code upload_session_id}, {@code start_offset} and the {@code video_file_chunk}, each
 * answered with the next {@code start_offset}/{@code end_offset}, then {@code finish}
 * with {@code title} and {@code description}), or a single request with the file in
 * {@code source}, or with {@code fbuploader_video_file_chunk} naming the handle of a
 * Resumable Upload API upload.</li>
 * <li>The Resumable Upload API: {@code POST /{app-id}/uploads} with {@code file_name},
 * {@code file_length} and {@code file_type} answers {@code {"id":"upload:<session>"}};
 * {@code POST /upload:<session>} with a {@code file_offset} header and the raw bytes
 * answers the file handle {@code {"h":…}}; {@code GET /upload:<session>} answers the
 * {@code file_offset} to resume from.</li>
 * </ul>
 * Tokens, the Page's call budget and the fault queue work as for {@code /feed}: every
 * media request takes part in them. {@link Fault#DROP_DURING_UPLOAD} drops a chunked
 * transfer without keeping it, and a resumable upload after keeping the first half of its
 * bytes; other requests are served as usual. Bytes are hashed as they arrive, so a video
 * is never held whole in memory.
 */
public final class FacebookMediaUploads {

	private static final long MIB = 1024L * 1024;

	private static final int HEAD_BYTES = 16;

	/** The largest single transfer chunk read into memory, whatever the client sends. */
	private static final long MAX_TRANSFER_BYTES = 64 * MIB;

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

	/** How long an unfinished upload is kept before a new one clears it away. */
	private static final Duration ABANDONED_AFTER = Duration.ofHours(24);

	private static final String OAUTH = "OAuthException";

	private static final Pattern ATTACHED = Pattern.compile("attached_media\\[(\\d+)]");

	private static final List<String> RESUMABLE_TYPES = List.of("application/pdf", "image/jpeg", "image/jpg",
			"image/png", "video/mp4");

	private static final JsonMapper JSON = JsonMapper.shared();

	private final FacebookEmulator emulator;

	private final Clock clock;

	private final Limits limits;

	private final AtomicLong objectSequence = new AtomicLong(300000000000001L);

	private final Object lock = new Object();

	// Guarded by lock.
	private final Map<String, Photo> photos = new LinkedHashMap<>();

	// Guarded by lock.
	private final Map<String, VideoSession> sessions = new HashMap<>();

	// Guarded by lock; keyed by the session id after "upload:".
	private final Map<String, Resumable> resumables = new HashMap<>();

	// Built on the first photo given as a url; most emulators never need it.
	private volatile WebClient fetcher;

	FacebookMediaUploads(FacebookEmulator emulator, Clock clock, Limits limits) {
		this.emulator = emulator;
		this.clock = clock;
		this.limits = limits;
	}

	Limits limits() {
		return this.limits;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST(FacebookEmulator.VERSION + "/{pageId}/photos", this::photo)
			.POST("/{pageId}/photos", this::photo)
			.POST(FacebookEmulator.VERSION + "/{pageId}/videos", this::video)
			.POST("/{pageId}/videos", this::video)
			.POST(FacebookEmulator.VERSION + "/{appId}/uploads", this::startResumable)
			.POST("/{appId}/uploads", this::startResumable)
			.POST(FacebookEmulator.VERSION + "/upload:{session}", this::resume)
			.POST("/upload:{session}", this::resume)
			.GET(FacebookEmulator.VERSION + "/upload:{session}", this::resumableStatus)
			.GET("/upload:{session}", this::resumableStatus)
			.build();
	}

	void reset() {
		synchronized (this.lock) {
			this.photos.clear();
			this.sessions.clear();
			this.resumables.clear();
		}
	}

	/**
	 * The photos a {@code /feed} post attaches with {@code attached_media[i]} (or one
	 * {@code attached_media} JSON array).
	 * @return their media, in index order; empty when the post attaches none
	 * @throws GraphRefusal when one is not an unpublished photo of the Page
	 */
	List<ReceivedMedia> attach(String pageId, MultiValueMap<String, String> params) {
		TreeMap<Integer, String> entries = new TreeMap<>();
		params.forEach((name, values) -> {
			Matcher indexed = ATTACHED.matcher(name);
			if (indexed.matches() && !values.isEmpty()) {
				entries.put(Integer.parseInt(indexed.group(1)), values.get(0));
			}
		});
		String array = params.getFirst("attached_media");
		if (array != null && !array.isBlank()) {
			JsonNode items = parse(array);
			if (!items.isArray()) {
				throw new GraphRefusal(100, "(#100) param attached_media must be an array");
			}
			for (int i = 0; i < items.size(); i++) {
				entries.put(i, items.get(i).toString());
			}
		}
		List<ReceivedMedia> media = new ArrayList<>();
		synchronized (this.lock) {
			for (Map.Entry<Integer, String> entry : entries.entrySet()) {
				String fbid = parse(entry.getValue()).path("media_fbid").asString("");
				if (fbid.isEmpty()) {
					throw new GraphRefusal(100,
							"(#100) param attached_media[" + entry.getKey() + "] must be an object with a media_fbid");
				}
				Photo photo = this.photos.get(fbid);
				if (photo == null || !photo.pageId().equals(pageId)) {
					throw new GraphRefusal(100,
							"(#100) attached_media[" + entry.getKey() + "]: " + fbid + " is not a photo of this Page");
				}
				if (photo.postId() != null) {
					throw new GraphRefusal(100, "(#100) attached_media[" + entry.getKey() + "]: photo " + fbid
							+ " is already a post of its own; attach photos uploaded with published=false");
				}
				media.add(photo.media());
			}
		}
		return media;
	}

	/**
	 * @return the Graph fields of a photo of the account's Page, or {@code null} when the
	 * Page has no such photo
	 */
	Map<String, Object> photoFields(String id, String account, ServerRequest request) {
		Photo photo;
		synchronized (this.lock) {
			photo = this.photos.get(id);
		}
		if (photo == null || !photo.pageId().equals(account)) {
			return null;
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("id", photo.id());
		if (!photo.caption().isEmpty()) {
			fields.put("name", photo.caption());
		}
		fields.put("created_time", FacebookEmulator.GRAPH_TIME.format(photo.createdAt()));
		fields.put("link",
				FacebookEmulator.permalink(request, (photo.postId() != null) ? photo.postId() : photo.id()).toString());
		if (photo.postId() != null) {
			fields.put("page_story_id", photo.postId());
		}
		fields.put("published", photo.postId() != null);
		return fields;
	}

	private Mono<ServerResponse> photo(ServerRequest request) {
		String pageId = request.pathVariable("pageId");
		return form(request).flatMap((form) -> admitted(request, form, pageId).orElseGet(() -> {
			Fault fault = form.fault();
			Draft draft;
			try {
				MultiValueMap<String, String> params = new LinkedMultiValueMap<>(form.params());
				String caption = first(params, "caption", "message");
				params.set("message", (caption != null) ? caption : "");
				// A photo has no link field; a link given anyway is not shown.
				params.remove("link");
				draft = this.emulator.draft(params, true);
			}
			catch (GraphRefusal ex) {
				return refuse(ex, pageId);
			}
			Mono<Hashed> bytes = photoBytes(form);
			if (bytes == null) {
				return this.emulator.error(HttpStatus.BAD_REQUEST, 324, 0, "(#324) Requires upload file", OAUTH,
						pageId);
			}
			return bytes.flatMap((hashed) -> {
				if (hashed.size() > this.limits.photoMaxBytes()) {
					return this.emulator.error(
							HttpStatus.BAD_REQUEST, 100, 0, "(#100) The photo is larger than "
									+ this.limits.photoMaxBytes() + " bytes, the most a Page photo may be",
							OAUTH, pageId);
				}
				String type = PhotoFormat.typeOf(hashed.head());
				if (type == null) {
					return this.emulator.error(HttpStatus.BAD_REQUEST, 324, 0, "(#324) Missing or invalid image file",
							OAUTH, pageId);
				}
				ReceivedMedia media = new ReceivedMedia(type, hashed.size(), hashed.sha256());
				String photoId = nextId();
				String postId = null;
				if (draft.published() || draft.scheduledAt() != null) {
					postId = this.emulator.store(pageId, draft, PostKind.PHOTO, null, null, List.of(media)).id();
				}
				synchronized (this.lock) {
					this.photos.put(photoId,
							new Photo(photoId, pageId, draft.message(), media, postId, this.clock.instant()));
				}
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("id", photoId);
				if (postId != null) {
					answer.put("post_id", postId);
				}
				return accepted(request, fault, pageId, answer);
			})
				.onErrorResume(FetchFailed.class, (ex) -> this.emulator.error(HttpStatus.BAD_REQUEST, 324, 0,
						"(#324) Missing or invalid image file: " + ex.getMessage(), OAUTH, pageId));
		}));
	}

	private Mono<ServerResponse> video(ServerRequest request) {
		String pageId = request.pathVariable("pageId");
		return form(request).flatMap((form) -> admitted(request, form, pageId).orElseGet(() -> {
			String phase = form.params().getFirst("upload_phase");
			if (phase == null) {
				return singleVideo(request, form, pageId);
			}
			return switch (phase) {
				case "start" -> start(request, form, pageId);
				case "transfer" -> transfer(request, form, pageId);
				case "finish" -> finish(request, form, pageId);
				default -> this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
						"(#100) upload_phase must be one of start, transfer, finish", OAUTH, pageId);
			};
		}));
	}

	private Mono<ServerResponse> start(ServerRequest request, Form form, String pageId) {
		long size;
		try {
			size = Long.parseLong(String.valueOf(form.params().getFirst("file_size")).trim());
		}
		catch (NumberFormatException ex) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
					"(#100) The parameter file_size is required and must be a number", OAUTH, pageId);
		}
		if (size < this.limits.videoMinBytes()) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 6000, 1363022,
					"The video you tried to upload is too small. The minimum size for a video is "
							+ this.limits.videoMinBytes() + " bytes. Please try again with a larger file.",
					OAUTH, pageId);
		}
		if (size > this.limits.videoMaxBytes()) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 6000, 1363023,
					"The video you tried to upload is too large. The maximum size for a video is "
							+ this.limits.videoMaxBytes() + " bytes. Please try again with a smaller file.",
					OAUTH, pageId);
		}
		Instant now = this.clock.instant();
		VideoSession session = new VideoSession(nextId(), nextId(), pageId, size, now);
		synchronized (this.lock) {
			this.sessions.values().removeIf((abandoned) -> abandoned.startedAt.plus(ABANDONED_AFTER).isBefore(now));
			this.sessions.put(session.sessionId, session);
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("video_id", session.videoId);
		answer.put("start_offset", "0");
		answer.put("end_offset", String.valueOf(Math.min(size, this.limits.videoChunkBytes())));
		answer.put("upload_session_id", session.sessionId);
		return accepted(request, form.fault(), pageId, answer);
	}

	private Mono<ServerResponse> transfer(ServerRequest request, Form form, String pageId) {
		VideoSession session = session(form, pageId);
		if (session == null) {
			return unknownSession(pageId);
		}
		long offset;
		try {
			offset = Long.parseLong(String.valueOf(form.params().getFirst("start_offset")).trim());
		}
		catch (NumberFormatException ex) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
					"(#100) The parameter start_offset is required and must be a number", OAUTH, pageId);
		}
		Part chunk = form.files().get("video_file_chunk");
		if (chunk == null) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
					"(#100) The parameter video_file_chunk is required", OAUTH, pageId);
		}
		synchronized (session) {
			if (offset != session.received) {
				return wrongOffset(session, pageId);
			}
		}
		long most = Math.min(session.size - offset, MAX_TRANSFER_BYTES);
		return join(chunk.content(), most).flatMap((bytes) -> {
			if (form.fault() == Fault.DROP_DURING_UPLOAD) {
				// Facebook takes a chunk whole or not at all; the next start_offset
				// tells.
				return EmulatorRoutes.dropConnection(request);
			}
			if (bytes.length == 0) {
				return this.emulator.error(HttpStatus.BAD_REQUEST, 6001, 1363019,
						"There was a problem uploading your video. Please try uploading it again.", OAUTH, pageId);
			}
			synchronized (session) {
				if (offset != session.received) {
					return wrongOffset(session, pageId);
				}
				session.hasher.update(bytes);
				session.received += bytes.length;
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("start_offset", String.valueOf(session.received));
				answer.put("end_offset",
						String.valueOf(Math.min(session.size, session.received + this.limits.videoChunkBytes())));
				return accepted(request, form.fault(), pageId, answer);
			}
		})
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> this.emulator.error(HttpStatus.BAD_REQUEST, 6001, 1363019,
							"There was a problem uploading your video. Please try uploading it again.", OAUTH, pageId));
	}

	private Mono<ServerResponse> finish(ServerRequest request, Form form, String pageId) {
		VideoSession session = session(form, pageId);
		if (session == null) {
			return unknownSession(pageId);
		}
		Hashed hashed;
		synchronized (session) {
			if (session.received != session.size) {
				return this.emulator.error(HttpStatus.BAD_REQUEST, 6001, 1363019,
						"There was a problem uploading your video. Please try uploading it again.", OAUTH, pageId);
			}
			hashed = session.hasher.done();
		}
		synchronized (this.lock) {
			this.sessions.remove(session.sessionId);
		}
		Mono<ServerResponse> published = publishVideo(form, pageId, session.videoId, hashed);
		return published.flatMap((response) -> response.statusCode().is2xxSuccessful()
				? accepted(request, form.fault(), pageId, Map.of("success", true)) : Mono.just(response));
	}

	private Mono<ServerResponse> singleVideo(ServerRequest request, Form form, String pageId) {
		String handle = form.params().getFirst("fbuploader_video_file_chunk");
		if (handle != null) {
			return uploadedVideo(request, form, pageId, handle);
		}
		Part source = form.files().get("source");
		if (source == null) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 353, 0, "(#353) You must select a video file to upload.",
					OAUTH, pageId);
		}
		String videoId = nextId();
		return hash(source.content(), Long.MAX_VALUE).flatMap((hashed) -> {
			if (hashed.size() > this.limits.videoMaxBytes()) {
				return this.emulator.error(HttpStatus.BAD_REQUEST, 6000, 1363023,
						"The video you tried to upload is too large.", OAUTH, pageId);
			}
			return publishVideo(form, pageId, videoId, hashed)
				.flatMap((response) -> response.statusCode().is2xxSuccessful()
						? accepted(request, form.fault(), pageId, Map.of("id", videoId)) : Mono.just(response));
		});
	}

	/** Publishes a video whose bytes came through the Resumable Upload API. */
	private Mono<ServerResponse> uploadedVideo(ServerRequest request, Form form, String pageId, String handle) {
		Hashed hashed = null;
		synchronized (this.lock) {
			for (Resumable resumable : this.resumables.values()) {
				if (resumable.handle.equals(handle)) {
					synchronized (resumable) {
						hashed = (resumable.received == resumable.length) ? resumable.hasher.done() : null;
					}
					break;
				}
			}
		}
		if (hashed == null) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
					"(#100) fbuploader_video_file_chunk is not the handle of a completed upload", OAUTH, pageId);
		}
		String videoId = nextId();
		return publishVideo(form, pageId, videoId, hashed).flatMap((response) -> response.statusCode().is2xxSuccessful()
				? accepted(request, form.fault(), pageId, Map.of("id", videoId)) : Mono.just(response));
	}

	/**
	 * The Resumable Upload API's first step: {@code POST /{app-id}/uploads} with
	 * {@code file_name}, {@code file_length} and {@code file_type}; any app id is taken.
	 */
	private Mono<ServerResponse> startResumable(ServerRequest request) {
		return form(request).flatMap((form) -> {
			Optional<Mono<ServerResponse>> refusal = admittedUser(request, form);
			if (refusal.isPresent()) {
				return refusal.get();
			}
			String type = String.valueOf(form.params().getFirst("file_type"));
			if (!RESUMABLE_TYPES.contains(type)) {
				return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
						"(#100) file_type must be one of " + String.join(", ", RESUMABLE_TYPES), OAUTH, null);
			}
			long length;
			try {
				length = Long.parseLong(String.valueOf(form.params().getFirst("file_length")).trim());
			}
			catch (NumberFormatException ex) {
				length = -1;
			}
			if (length < 1 || length > this.limits.videoMaxBytes()) {
				return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
						"(#100) file_length must be between 1 and " + this.limits.videoMaxBytes(), OAUTH, null);
			}
			String session = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(("session-" + nextId()).getBytes(StandardCharsets.US_ASCII));
			Instant now = this.clock.instant();
			Resumable resumable = new Resumable(session, length, "2:" + nextId(), now);
			synchronized (this.lock) {
				this.resumables.values()
					.removeIf((abandoned) -> abandoned.startedAt.plus(ABANDONED_AFTER).isBefore(now));
				this.resumables.put(session, resumable);
			}
			return accepted(request, form.fault(), null, Map.of("id", "upload:" + session));
		});
	}

	/**
	 * Takes bytes of a resumable upload: the raw body, from the {@code file_offset}
	 * header on.
	 */
	private Mono<ServerResponse> resume(ServerRequest request) {
		Resumable resumable = resumable(request);
		Fault fault = this.emulator.faults().next().orElse(null);
		if (fault != null) {
			Mono<ServerResponse> early = this.emulator.earlyFault(fault, null);
			if (early != null) {
				return early;
			}
		}
		Optional<Mono<ServerResponse>> refusal = admittedUser(request,
				new Form(new LinkedMultiValueMap<>(request.queryParams()), Map.of(), fault));
		if (refusal.isPresent()) {
			return refusal.get();
		}
		if (resumable == null) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) Invalid upload session", OAUTH, null);
		}
		long offset;
		try {
			offset = Long.parseLong(String.valueOf(request.headers().firstHeader("file_offset")).trim());
		}
		catch (NumberFormatException ex) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) The file_offset header is required",
					OAUTH, null);
		}
		long most = Math.min(resumable.length - offset, MAX_TRANSFER_BYTES);
		return join(request.bodyToFlux(DataBuffer.class), Math.max(most, 0)).flatMap((bytes) -> {
			synchronized (resumable) {
				if (offset != resumable.received) {
					return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) file_offset must be "
							+ resumable.received + ", the number of bytes received so far", OAUTH, null);
				}
				// A dropped connection leaves the bytes that arrived before it: here, the
				// first half. GET upload:<session> tells the client where to go on.
				byte[] kept = (fault == Fault.DROP_DURING_UPLOAD) ? Arrays.copyOf(bytes, bytes.length / 2) : bytes;
				resumable.hasher.update(kept);
				resumable.received += kept.length;
			}
			if (fault == Fault.DROP_DURING_UPLOAD) {
				return EmulatorRoutes.dropConnection(request);
			}
			return accepted(request, fault, null, Map.of("h", resumable.handle));
		})
			.onErrorResume(DataBufferLimitException.class, (ex) -> this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
					"(#100) The body holds more bytes than file_length leaves", OAUTH, null));
	}

	private Mono<ServerResponse> resumableStatus(ServerRequest request) {
		Optional<Mono<ServerResponse>> refusal = admittedUser(request,
				new Form(new LinkedMultiValueMap<>(request.queryParams()), Map.of(), null));
		if (refusal.isPresent()) {
			return refusal.get();
		}
		Resumable resumable = resumable(request);
		if (resumable == null) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0, "(#100) Invalid upload session", OAUTH, null);
		}
		long received;
		synchronized (resumable) {
			received = resumable.received;
		}
		return this.emulator.json(HttpStatus.OK, null)
			.bodyValue(Map.of("id", "upload:" + resumable.session, "file_offset", received));
	}

	private Resumable resumable(ServerRequest request) {
		synchronized (this.lock) {
			return this.resumables.get(request.pathVariable("session"));
		}
	}

	/**
	 * The checks of a request made with a user's token rather than a Page's: the token
	 * (any the emulator issued) and its owner's budget.
	 */
	private Optional<Mono<ServerResponse>> admittedUser(ServerRequest request, Form form) {
		if (form.fault() != null) {
			Mono<ServerResponse> early = this.emulator.earlyFault(form.fault(), null);
			if (early != null) {
				return Optional.of(early);
			}
		}
		Mono<ServerResponse> refusal = this.emulator.authorise(request, form.params(), null);
		return Optional.ofNullable(refusal);
	}

	/**
	 * Stores the video post once its bytes are complete.
	 * @return an empty 200 answer to be replaced by the caller's, or the refusal
	 */
	private Mono<ServerResponse> publishVideo(Form form, String pageId, String videoId, Hashed hashed) {
		String type = VideoFormat.typeOf(hashed.head());
		if (type == null) {
			return this.emulator.error(HttpStatus.BAD_REQUEST, 352, 0,
					"(#352) Sorry, the video file you selected is in a format that we don't support.", OAUTH, pageId);
		}
		Draft draft;
		try {
			MultiValueMap<String, String> params = new LinkedMultiValueMap<>(form.params());
			String description = params.getFirst("description");
			params.set("message", (description != null) ? description : "");
			params.remove("link");
			draft = this.emulator.draft(params, true);
		}
		catch (GraphRefusal ex) {
			return refuse(ex, pageId);
		}
		String title = form.params().getFirst("title");
		StoredPost post = this.emulator.store(pageId, draft, PostKind.VIDEO, videoId,
				(title != null && !title.isBlank()) ? title : null,
				List.of(new ReceivedMedia(type, hashed.size(), hashed.sha256())));
		return (post != null) ? ServerResponse.ok().build()
				: this.emulator.error(HttpStatus.BAD_REQUEST, 1, 0, "An unknown error occurred", OAUTH, pageId);
	}

	/**
	 * Runs the checks every media request shares: the fault queue, the token and the
	 * Page's budget.
	 * @return the refusal, or empty when the request may go on
	 */
	private Optional<Mono<ServerResponse>> admitted(ServerRequest request, Form form, String pageId) {
		if (form.fault() != null) {
			Mono<ServerResponse> early = this.emulator.earlyFault(form.fault(), pageId);
			if (early != null) {
				return Optional.of(early);
			}
		}
		Mono<ServerResponse> refusal = this.emulator.authorise(request, form.params(), pageId);
		if (refusal == null) {
			refusal = this.emulator.countCall(pageId);
		}
		return Optional.ofNullable(refusal);
	}

	/** Answers a request that was carried out, unless a fault says otherwise. */
	private Mono<ServerResponse> accepted(ServerRequest request, Fault fault, String pageId,
			Map<String, Object> answer) {
		if (fault == Fault.ACCEPT_THEN_ERROR) {
			return this.emulator.serverError(pageId);
		}
		if (fault == Fault.ACCEPT_THEN_DROP) {
			return EmulatorRoutes.dropConnection(request);
		}
		return this.emulator.json(HttpStatus.OK, pageId).bodyValue(answer);
	}

	private Mono<ServerResponse> refuse(GraphRefusal refusal, String pageId) {
		return this.emulator.error(HttpStatus.BAD_REQUEST, refusal.code, 0, refusal.getMessage(), OAUTH, pageId);
	}

	private VideoSession session(Form form, String pageId) {
		String id = form.params().getFirst("upload_session_id");
		VideoSession session;
		synchronized (this.lock) {
			session = (id != null) ? this.sessions.get(id) : null;
		}
		return (session != null && session.pageId.equals(pageId)) ? session : null;
	}

	private Mono<ServerResponse> unknownSession(String pageId) {
		return this.emulator.error(HttpStatus.BAD_REQUEST, 100, 0,
				"(#100) Invalid upload_session_id: no upload of this Page has that id", OAUTH, pageId);
	}

	@SuppressWarnings("unchecked")
	private Mono<ServerResponse> wrongOffset(VideoSession session, String pageId) {
		Map<String, Object> body = FacebookEmulator.errorBody(6001, 1363037,
				"There was a problem uploading your video. Please try uploading it again.", OAUTH, false);
		((Map<String, Object>) body.get("error")).put("error_data", Map.of("start_offset", session.received,
				"end_offset", Math.min(session.size, session.received + this.limits.videoChunkBytes())));
		return this.emulator.json(HttpStatus.BAD_REQUEST, pageId).bodyValue(body);
	}

	/**
	 * The photo's bytes: the {@code source} part, else the first file part, else the url.
	 */
	private Mono<Hashed> photoBytes(Form form) {
		Part file = form.files().get("source");
		if (file == null && !form.files().isEmpty()) {
			file = form.files().values().iterator().next();
		}
		if (file != null) {
			return hash(file.content(), this.limits.photoMaxBytes() + 1);
		}
		String url = form.params().getFirst("url");
		return (url != null && !url.isBlank()) ? fetch(url.trim()) : null;
	}

	private Mono<Hashed> fetch(String url) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new FetchFailed("url is not a URL"));
		}
		if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
			return Mono.error(new FetchFailed("url must be http or https"));
		}
		return fetcher().get()
			.uri(uri)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? hash(response.bodyToFlux(DataBuffer.class), this.limits.photoMaxBytes() + 1)
					: response.releaseBody()
						.then(Mono.error(new FetchFailed("fetching url answered " + response.statusCode().value()))))
			.timeout(FETCH_TIMEOUT)
			.onErrorMap((ex) -> !(ex instanceof FetchFailed), (ex) -> new FetchFailed("url could not be fetched"));
	}

	private WebClient fetcher() {
		WebClient client = this.fetcher;
		if (client == null) {
			client = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(
						HttpClient.create().followRedirect(true).responseTimeout(FETCH_TIMEOUT)))
				.build();
			this.fetcher = client;
		}
		return client;
	}

	/**
	 * Hashes a body as it streams by, releasing each buffer; stops reading after
	 * {@code most} bytes, so a size above that shows the body was too large.
	 */
	private static Mono<Hashed> hash(Flux<DataBuffer> content, long most) {
		Hasher hasher = new Hasher();
		return DataBufferUtils.takeUntilByteCount(content, most).doOnNext((buffer) -> {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				hasher.update(bytes);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).then(Mono.fromSupplier(hasher::done));
	}

	private static Mono<byte[]> join(Flux<DataBuffer> content, long most) {
		return DataBufferUtils.join(content, (int) Math.min(Integer.MAX_VALUE - 1, most)).map((buffer) -> {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				return bytes;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).defaultIfEmpty(new byte[0]);
	}

	/**
	 * The request's parameters (query, form and multipart fields), its file parts by name
	 * (the first of each), and the fault it draws from the queue.
	 */
	private Mono<Form> form(ServerRequest request) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>(request.queryParams());
		MediaType contentType = request.headers().contentType().orElse(null);
		Mono<Form> form;
		if (contentType != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(contentType)) {
			form = request.multipartData().map((parts) -> {
				Map<String, Part> files = new LinkedHashMap<>();
				parts.forEach((name, values) -> {
					for (Part part : values) {
						if (part instanceof FormFieldPart field) {
							params.add(name, field.value());
						}
						else if (part instanceof FilePart) {
							files.putIfAbsent(name, part);
						}
					}
				});
				return new Form(params, files, null);
			});
		}
		else if (contentType != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType)) {
			form = request.formData().map((fields) -> {
				fields.forEach((name, values) -> values.forEach((value) -> params.add(name, value)));
				return new Form(params, Map.of(), null);
			});
		}
		else {
			form = Mono.empty();
		}
		return form.defaultIfEmpty(new Form(params, Map.of(), null))
			.map((read) -> new Form(read.params(), read.files(), this.emulator.faults().next().orElse(null)));
	}

	private String nextId() {
		return String.valueOf(this.objectSequence.getAndIncrement());
	}

	private static String first(MultiValueMap<String, String> params, String... names) {
		for (String name : names) {
			String value = params.getFirst(name);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private static JsonNode parse(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	/**
	 * The sizes the emulator takes.
	 *
	 * @param photoMaxBytes the largest photo
	 * @param videoMinBytes the smallest video
	 * @param videoMaxBytes the largest video
	 * @param videoChunkBytes how many bytes the emulator asks for in each transfer
	 */
	public record Limits(long photoMaxBytes, long videoMinBytes, long videoMaxBytes, int videoChunkBytes) {

		/** 4 MB photos; videos from 1 KB to 2 GB, in 4 MB chunks. */
		public static final Limits DEFAULTS = new Limits(4 * MIB, 1024, 2048 * MIB, (int) (4 * MIB));

		public Limits {
			if (videoChunkBytes < 1) {
				throw new IllegalArgumentException("videoChunkBytes must be at least 1");
			}
		}

	}

	private record Form(MultiValueMap<String, String> params, Map<String, Part> files, Fault fault) {

	}

	private record Photo(String id, String pageId, String caption, ReceivedMedia media, String postId,
			Instant createdAt) {

	}

	/** The bytes of a file: how many, their SHA-256, and the first few for sniffing. */
	private record Hashed(long size, String sha256, byte[] head) {

	}

	/** Hashes bytes fed in order and keeps the first few. Not thread-safe. */
	private static final class Hasher {

		private final MessageDigest digest;

		private final byte[] head = new byte[HEAD_BYTES];

		private int headLength;

		private long size;

		Hasher() {
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		void update(byte[] bytes) {
			int copied = Math.min(HEAD_BYTES - this.headLength, bytes.length);
			System.arraycopy(bytes, 0, this.head, this.headLength, copied);
			this.headLength += copied;
			this.digest.update(bytes);
			this.size += bytes.length;
		}

		Hashed done() {
			byte[] shown = new byte[this.headLength];
			System.arraycopy(this.head, 0, shown, 0, this.headLength);
			return new Hashed(this.size, HexFormat.of().formatHex(this.digest.digest()), shown);
		}

	}

	/** A Resumable Upload API session; guarded by its own monitor. */
	private static final class Resumable {

		final String session;

		final long length;

		final String handle;

		final Instant startedAt;

		final Hasher hasher = new Hasher();

		long received;

		Resumable(String session, long length, String handle, Instant startedAt) {
			this.session = session;
			this.length = length;
			this.handle = handle;
			this.startedAt = startedAt;
		}

	}

	/** A chunked video upload; guarded by its own monitor. */
	private static final class VideoSession {

		final String sessionId;

		final String videoId;

		final String pageId;

		final long size;

		final Instant startedAt;

		final Hasher hasher = new Hasher();

		long received;

		VideoSession(String sessionId, String videoId, String pageId, long size, Instant startedAt) {
			this.sessionId = sessionId;
			this.videoId = videoId;
			this.pageId = pageId;
			this.size = size;
			this.startedAt = startedAt;
		}

	}

	/** The photo formats a Page takes, by their first bytes. */
	private static final class PhotoFormat {

		static String typeOf(byte[] head) {
			if (starts(head, 0, 0xFF, 0xD8, 0xFF)) {
				return "image/jpeg";
			}
			if (starts(head, 0, 0x89, 'P', 'N', 'G')) {
				return "image/png";
			}
			if (starts(head, 0, 'G', 'I', 'F', '8')) {
				return "image/gif";
			}
			if (starts(head, 0, 'B', 'M')) {
				return "image/bmp";
			}
			if (starts(head, 0, 'I', 'I', 42, 0) || starts(head, 0, 'M', 'M', 0, 42)) {
				return "image/tiff";
			}
			return null;
		}

	}

	/** The video containers a Page takes (MP4 and QuickTime), by their first box. */
	private static final class VideoFormat {

		static String typeOf(byte[] head) {
			if (starts(head, 4, 'f', 't', 'y', 'p')) {
				return starts(head, 8, 'q', 't', ' ', ' ') ? "video/quicktime" : "video/mp4";
			}
			if (starts(head, 4, 'm', 'o', 'o', 'v') || starts(head, 4, 'm', 'd', 'a', 't')
					|| starts(head, 4, 'w', 'i', 'd', 'e')) {
				return "video/quicktime";
			}
			return null;
		}

	}

	private static boolean starts(byte[] head, int offset, int... expected) {
		if (head.length < offset + expected.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if ((head[offset + i] & 0xFF) != expected[i]) {
				return false;
			}
		}
		return true;
	}

	/** Why a photo {@code url} gave no bytes. */
	private static final class FetchFailed extends RuntimeException {

		FetchFailed(String message) {
			super(message, null, false, false);
		}

	}

}
