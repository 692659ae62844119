package org.hubben.connector.x.emulator;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * X API v2 media upload, in both of its shapes:
 * <ul>
 * <li>command style on one URL: {@code POST /2/media/upload} with
 * {@code command=INIT|APPEND|FINALIZE} (multipart, form or query parameters) and
 * {@code GET /2/media/upload?command=STATUS&media_id=…};</li>
 * <li>dedicated endpoints: {@code POST /2/media/upload/initialize} (JSON), {@code POST
 * /2/media/upload/{id}/append} (multipart {@code media} and {@code segment_index}) and
 * {@code POST /2/media/upload/{id}/finalize}.</li>
 * </ul>
 * It checks the bearer token and that a medium belongs to the user who uploads it, caps
 * each APPEND at 5 MB and the whole file by category (images 5 MB, GIFs 15 MB, videos 512
 * MB), checks the bytes against the declared {@code media_type}, and models processing:
 * images are ready when finalized (or refused there), while GIFs and videos answer
 * FINALIZE with {@code processing_info} and move {@code pending → in_progress →
 * succeeded|failed} on the emulator's clock, with {@code check_after_secs}. Every POST
 * takes part in the emulator's {@link Fault} queue, as uploads are part of publishing;
 * STATUS, like a lookup, does not; {@link Fault#DROP_DURING_UPLOAD} drops an APPEND
 * without keeping its segment, and leaves other requests alone. Segments are hashed as
 * they arrive in order, so a large video is not held in memory; only segments that arrive
 * early wait in memory for their predecessors.
 */
public final class XMediaUploads {

	private static final long MIB = 1024L * 1024;

	private static final int MAX_SEGMENT_INDEX = 999;

	private static final int HEAD_BYTES = 16;

	private static final Duration WINDOW = Duration.ofMinutes(15);

	private static final Duration FAULT_RESET = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final XEmulator emulator;

	private final Clock clock;

	private final Limits limits;

	private final Object lock = new Object();

	// Guarded by lock.
	private final Map<String, Upload> uploads = new HashMap<>();

	XMediaUploads(XEmulator emulator, Clock clock, Limits limits) {
		this.emulator = emulator;
		this.clock = clock;
		this.limits = limits;
	}

	Limits limits() {
		return this.limits;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST("/2/media/upload/initialize", (request) -> accepted(request, this::initialize))
			.POST("/2/media/upload/{id}/append", (request) -> accepted(request, this::appendSegment))
			.POST("/2/media/upload/{id}/finalize", (request) -> accepted(request, this::finalizeUpload))
			.POST("/2/media/upload", (request) -> accepted(request, this::command))
			.GET("/2/media/upload", this::status)
			.build();
	}

	void reset() {
		synchronized (this.lock) {
			this.uploads.clear();
		}
	}

	/**
	 * Checks the media a post wants to attach.
	 * @param accountId the user who posts
	 * @param mediaIds the ids of {@code media.media_ids}
	 * @return the media, or the refusal X answers with
	 */
	Attachment attach(String accountId, List<String> mediaIds) {
		if (mediaIds.size() > 4) {
			return Attachment.refused("$.media.media_ids: size must be between 1 and 4.");
		}
		List<String> keys = new ArrayList<>();
		List<ReceivedMedia> media = new ArrayList<>();
		Instant startedAt = null;
		int images = 0;
		int others = 0;
		Instant now = now();
		synchronized (this.lock) {
			for (String id : mediaIds) {
				Upload upload = this.uploads.get(id);
				if (upload == null || !upload.accountId.equals(accountId) || !now.isBefore(upload.expiresAt)) {
					return Attachment.refused("Your media IDs are invalid: " + id
							+ " is not a medium this user uploaded, or it expired.");
				}
				if (upload.finalizedAt == null) {
					return Attachment.refused("Your media IDs are invalid: " + id + " was never finalized.");
				}
				Processing processing = processing(upload, now);
				if (!Processing.SUCCEEDED.equals(processing.state())) {
					return Attachment.refused("Your media IDs are invalid: " + id + " is "
							+ processing.state().replace('_', ' ') + ", not succeeded.");
				}
				if (upload.category == Category.TWEET_IMAGE) {
					images++;
				}
				else {
					others++;
				}
				keys.add(upload.mediaKey());
				media.add(new ReceivedMedia(upload.mediaType, upload.totalBytes, upload.sha256));
				startedAt = (startedAt == null || upload.startedAt.isBefore(startedAt)) ? upload.startedAt : startedAt;
			}
		}
		if (others > 1 || (others == 1 && images > 0)) {
			return Attachment
				.refused("A post may carry up to four images, or one video or animated GIF, but not both.");
		}
		return new Attachment(null, keys, media, startedAt);
	}

	/**
	 * Runs one media POST the way X does: faults and the token first, then the user's
	 * upload budget, then the action; a fault that accepts the request still runs it.
	 */
	private Mono<ServerResponse> accepted(ServerRequest request, Action action) {
		Optional<Fault> fault = this.emulator.faults().next();
		if (fault.isPresent()) {
			switch (fault.get()) {
				case EXPIRED_TOKEN:
					return XEmulator.unauthorized();
				case TIMEOUT:
					return Mono.never();
				case SERVER_ERROR:
					return XEmulator.problem(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", "about:blank",
							"Service Unavailable", HttpHeaders.EMPTY);
				default:
					break;
			}
		}
		Optional<String> account = this.emulator.authenticate(request);
		if (account.isEmpty()) {
			return XEmulator.unauthorized();
		}
		if (fault.filter(Fault.RATE_LIMIT::equals).isPresent()) {
			HttpHeaders headers = new HttpHeaders();
			headers.set("x-rate-limit-limit", String.valueOf(this.limits.requestsPer15Minutes()));
			headers.set("x-rate-limit-remaining", "0");
			headers.set("x-rate-limit-reset", String.valueOf(now().plus(FAULT_RESET).getEpochSecond()));
			return XEmulator.rateLimited(headers);
		}
		XEmulator.Admission admission = this.emulator.admit("media:" + account.get(),
				this.limits.requestsPer15Minutes(), WINDOW);
		if (!admission.admitted()) {
			return XEmulator.rateLimited(admission.headers());
		}
		return action.run(request, account.get(), fault.orElse(null)).flatMap((answer) -> {
			if (answer.dropped() || fault.filter(Fault.ACCEPT_THEN_DROP::equals).isPresent()) {
				return EmulatorRoutes.dropConnection(request);
			}
			if (fault.filter(Fault.ACCEPT_THEN_ERROR::equals).isPresent()) {
				return XEmulator.problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error", "about:blank",
						"Internal Server Error", admission.headers());
			}
			return answer.respond(admission.headers());
		});
	}

	private Mono<Answer> command(ServerRequest request, String accountId, Fault fault) {
		return form(request).map((form) -> {
			String command = form.fields().getFirst("command");
			if (command == null) {
				return Answer.invalid("command: is required (INIT, APPEND or FINALIZE).");
			}
			return switch (command) {
				case "INIT" -> initialize(accountId, form.fields()::getFirst);
				case "APPEND" -> (fault == Fault.DROP_DURING_UPLOAD) ? Answer.DROPPED
						: append(accountId, form.fields().getFirst("media_id"), form);
				case "FINALIZE" -> finalizeUpload(accountId, form.fields().getFirst("media_id"));
				case "STATUS" -> Answer.invalid("command STATUS is answered on GET, not POST.");
				default -> Answer.invalid("command: must be one of INIT, APPEND, FINALIZE; was " + command + ".");
			};
		});
	}

	private Mono<Answer> initialize(ServerRequest request, String accountId, Fault fault) {
		boolean json = request.headers().contentType().filter(MediaType.APPLICATION_JSON::isCompatibleWith).isPresent();
		if (!json) {
			return form(request).map((form) -> initialize(accountId, form.fields()::getFirst));
		}
		return request.bodyToMono(String.class).defaultIfEmpty("").map((body) -> {
			JsonNode node;
			try {
				node = body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
			}
			catch (JacksonException ex) {
				return Answer.invalid("The request body is not valid JSON.");
			}
			if (!node.isObject()) {
				return Answer.invalid("The request body must be a JSON object.");
			}
			return initialize(accountId, (name) -> {
				JsonNode value = node.path(name);
				return (value.isMissingNode() || value.isNull()) ? null : value.asString();
			});
		});
	}

	private Answer initialize(String accountId, Parameters parameters) {
		String mediaType = parameters.get("media_type");
		if (mediaType == null || mediaType.isBlank()) {
			return Answer.invalid("media_type: is required.");
		}
		mediaType = mediaType.trim().toLowerCase(Locale.ROOT);
		if (Format.of(mediaType) == null) {
			return Answer.invalid("media_type: " + mediaType + " is not supported; use one of " + Format.TYPES + ".");
		}
		long totalBytes;
		try {
			totalBytes = Long.parseLong(String.valueOf(parameters.get("total_bytes")).trim());
		}
		catch (NumberFormatException ex) {
			return Answer.invalid("total_bytes: is required and must be a whole number.");
		}
		if (totalBytes < 1) {
			return Answer.invalid("total_bytes: must be at least 1.");
		}
		String requested = parameters.get("media_category");
		Category category = (requested == null || requested.isBlank()) ? Category.inferredFrom(mediaType)
				: Category.of(requested.trim().toLowerCase(Locale.ROOT));
		if (category == null) {
			return Answer.invalid("media_category: must be one of tweet_image, tweet_gif, tweet_video, "
					+ "amplify_video; was " + requested + ".");
		}
		if (!category.takes(mediaType)) {
			return Answer.invalid("media_category " + category.id + " does not take media_type " + mediaType + ".");
		}
		long most = category.maxBytes(this.limits);
		if (totalBytes > most) {
			return Answer.invalid(
					"total_bytes: " + totalBytes + " is larger than " + most + ", the most " + category.id + " takes.");
		}
		Instant now = now();
		Upload upload = new Upload(this.emulator.nextId(), accountId, mediaType, category, totalBytes, now,
				now.plus(this.limits.expiresAfter()));
		synchronized (this.lock) {
			// Expired media can never be used again: forget them, and whatever segments
			// they still held.
			this.uploads.values().removeIf((expired) -> !now.isBefore(expired.expiresAt));
			this.uploads.put(upload.id, upload);
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", upload.id);
		data.put("media_key", upload.mediaKey());
		data.put("expires_after_secs", this.limits.expiresAfter().toSeconds());
		return Answer.ok(data);
	}

	/**
	 * {@link Fault#DROP_DURING_UPLOAD} drops the connection once the segment arrived,
	 * without keeping it: X takes a segment whole or not at all.
	 */
	private Mono<Answer> appendSegment(ServerRequest request, String accountId, Fault fault) {
		return form(request).map((form) -> (fault == Fault.DROP_DURING_UPLOAD) ? Answer.DROPPED
				: append(accountId, request.pathVariable("id"), form));
	}

	private Answer append(String accountId, String mediaId, Form form) {
		String index = form.fields().getFirst("segment_index");
		int segment;
		try {
			segment = Integer.parseInt(String.valueOf(index).trim());
		}
		catch (NumberFormatException ex) {
			return Answer.invalid("segment_index: is required and must be a whole number.");
		}
		if (segment < 0 || segment > MAX_SEGMENT_INDEX) {
			return Answer.invalid("segment_index: must be between 0 and " + MAX_SEGMENT_INDEX + ".");
		}
		if (form.tooLarge()) {
			return Answer.invalid("media: a segment must be at most " + this.limits.segmentMaxBytes() + " bytes.");
		}
		byte[] bytes = form.media();
		if (bytes == null) {
			String data = form.fields().getFirst("media_data");
			if (data == null) {
				return Answer.invalid("media: is required (a file part, or media_data as base64).");
			}
			try {
				bytes = Base64.getMimeDecoder().decode(data);
			}
			catch (IllegalArgumentException ex) {
				return Answer.invalid("media_data: is not valid base64.");
			}
			if (bytes.length > this.limits.segmentMaxBytes()) {
				return Answer.invalid("media: a segment must be at most " + this.limits.segmentMaxBytes() + " bytes.");
			}
		}
		if (bytes.length == 0) {
			return Answer.invalid("media: the segment is empty.");
		}
		synchronized (this.lock) {
			Upload upload = owned(accountId, mediaId);
			if (upload == null) {
				return unknownMedia(mediaId);
			}
			if (upload.finalizedAt != null) {
				return Answer.invalid("media_id " + mediaId + " was already finalized.");
			}
			String refusal = upload.append(segment, bytes);
			if (refusal != null) {
				return Answer.invalid(refusal);
			}
			return Answer.ok(Map.of("expires_at", upload.expiresAt.getEpochSecond()));
		}
	}

	private Mono<Answer> finalizeUpload(ServerRequest request, String accountId, Fault fault) {
		return Mono.fromSupplier(() -> finalizeUpload(accountId, request.pathVariable("id")));
	}

	private Answer finalizeUpload(String accountId, String mediaId) {
		Instant now = now();
		synchronized (this.lock) {
			Upload upload = owned(accountId, mediaId);
			if (upload == null) {
				return unknownMedia(mediaId);
			}
			if (upload.finalizedAt == null) {
				String refusal = upload.complete();
				if (refusal != null) {
					return Answer.invalid(refusal);
				}
				if (!upload.category.processed() && !upload.formatValid) {
					// Images are processed synchronously: a bad one is refused here and
					// can never be attached.
					this.uploads.remove(mediaId);
					return Answer
						.invalid("InvalidMedia: Unsupported image format: the bytes are not " + upload.mediaType + ".");
				}
				upload.finalizedAt = now;
			}
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("id", upload.id);
			data.put("media_key", upload.mediaKey());
			data.put("size", upload.totalBytes);
			data.put("expires_after_secs", Math.max(0, Duration.between(now, upload.expiresAt).toSeconds()));
			if (upload.category.processed()) {
				data.put("processing_info", processing(upload, now).json());
			}
			else {
				data.put("image", Map.of("image_type", upload.mediaType));
			}
			return Answer.ok(data);
		}
	}

	private Mono<ServerResponse> status(ServerRequest request) {
		Optional<String> account = this.emulator.authenticate(request);
		if (account.isEmpty()) {
			return XEmulator.unauthorized();
		}
		XEmulator.Admission admission = this.emulator.admit("media:" + account.get(),
				this.limits.requestsPer15Minutes(), WINDOW);
		if (!admission.admitted()) {
			return XEmulator.rateLimited(admission.headers());
		}
		String command = request.queryParam("command").orElse("");
		if (!"STATUS".equals(command)) {
			return Answer.invalid("command: GET takes only STATUS.").respond(admission.headers());
		}
		String mediaId = request.queryParam("media_id").orElse(null);
		Instant now = now();
		Answer answer;
		synchronized (this.lock) {
			Upload upload = owned(account.get(), mediaId);
			if (upload == null) {
				answer = unknownMedia(mediaId);
			}
			else if (upload.finalizedAt == null) {
				answer = Answer.invalid("media_id " + mediaId + " has not been finalized.");
			}
			else {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("id", upload.id);
				data.put("media_key", upload.mediaKey());
				data.put("processing_info", processing(upload, now).json());
				answer = Answer.ok(data);
			}
		}
		return answer.respond(admission.headers());
	}

	// Must hold lock.
	private Upload owned(String accountId, String mediaId) {
		Upload upload = (mediaId != null) ? this.uploads.get(mediaId.trim()) : null;
		if (upload == null || !upload.accountId.equals(accountId) || !now().isBefore(upload.expiresAt)) {
			// Another user's medium is as unknown to this user as one that never existed.
			return null;
		}
		return upload;
	}

	private static Answer unknownMedia(String mediaId) {
		return Answer.invalid("media_id: " + mediaId + " is not a medium this user is uploading.");
	}

	/** Where processing of a finalized GIF or video stands at {@code now}. */
	private Processing processing(Upload upload, Instant now) {
		if (!upload.category.processed()) {
			return new Processing(Processing.SUCCEEDED, 0, 100, null);
		}
		Duration since = Duration.between(upload.finalizedAt, now);
		Duration pending = this.limits.pending();
		Duration working = this.limits.processing();
		if (since.compareTo(pending) < 0) {
			return new Processing("pending", secondsUntil(pending.minus(since)), 0, null);
		}
		Duration inProgress = since.minus(pending);
		if (inProgress.compareTo(working) < 0) {
			int percent = (int) Math.min(99, (inProgress.toMillis() * 100) / Math.max(1, working.toMillis()));
			return new Processing("in_progress", secondsUntil(working.minus(inProgress)), percent, null);
		}
		if (upload.formatValid) {
			return new Processing(Processing.SUCCEEDED, 0, 100, null);
		}
		return new Processing("failed", 0, 100,
				(upload.category == Category.TWEET_GIF) ? "Unsupported image format" : "Unsupported video format");
	}

	private static long secondsUntil(Duration remaining) {
		return Math.max(1, (remaining.toMillis() + 999) / 1000);
	}

	/**
	 * The request's parameters (query, form or multipart fields) and its {@code media}
	 * file part, read whole up to the segment limit.
	 */
	private Mono<Form> form(ServerRequest request) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>(request.queryParams());
		MediaType contentType = request.headers().contentType().orElse(null);
		if (contentType != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(contentType)) {
			return request.multipartData().flatMap((parts) -> {
				Part media = null;
				for (Map.Entry<String, List<Part>> entry : parts.entrySet()) {
					for (Part part : entry.getValue()) {
						if (part instanceof FormFieldPart field) {
							fields.add(entry.getKey(), field.value());
						}
						else if ("media".equals(entry.getKey()) && part instanceof FilePart && media == null) {
							media = part;
						}
						// Other parts are released when the exchange ends.
					}
				}
				if (media == null) {
					return Mono.just(new Form(fields, null, false));
				}
				return read(media).map((bytes) -> new Form(fields, bytes, false))
					.onErrorResume(DataBufferLimitException.class, (ex) -> Mono.just(new Form(fields, null, true)));
			}).defaultIfEmpty(new Form(fields, null, false));
		}
		if (contentType != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType)) {
			return request.formData().map((form) -> {
				form.forEach((name, values) -> values.forEach((value) -> fields.add(name, value)));
				return new Form(fields, null, false);
			}).defaultIfEmpty(new Form(fields, null, false));
		}
		return Mono.just(new Form(fields, null, false));
	}

	private Mono<byte[]> read(Part part) {
		int most = (int) Math.min(Integer.MAX_VALUE - 1, this.limits.segmentMaxBytes());
		return DataBufferUtils.join(part.content(), most).map((buffer) -> {
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

	private Instant now() {
		return this.clock.instant();
	}

	/**
	 * What the emulator takes in uploads.
	 *
	 * @param imageMaxBytes the largest image ({@code tweet_image})
	 * @param gifMaxBytes the largest animated GIF ({@code tweet_gif})
	 * @param videoMaxBytes the largest video ({@code tweet_video}, {@code amplify_video})
	 * @param segmentMaxBytes the largest APPEND segment
	 * @param requestsPer15Minutes media requests (all shapes, STATUS included) per user
	 * per 15 minutes
	 * @param pending how long a finalized GIF or video stays {@code pending}
	 * @param processing how long it then stays {@code in_progress}
	 * @param expiresAfter how long a medium may be used after INIT
	 */
	public record Limits(long imageMaxBytes, long gifMaxBytes, long videoMaxBytes, long segmentMaxBytes,
			int requestsPer15Minutes, Duration pending, Duration processing, Duration expiresAfter) {

		/**
		 * X's documented sizes; the request budget is a guess, since X's published media
		 * limits changed often.
		 */
		public static final Limits DEFAULT = new Limits(5 * MIB, 15 * MIB, 512 * MIB, 5 * MIB, 500,
				Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(24));

		/**
		 * @return these limits with another request budget per user and 15 minutes
		 */
		public Limits withRequestsPer15Minutes(int requests) {
			return new Limits(this.imageMaxBytes, this.gifMaxBytes, this.videoMaxBytes, this.segmentMaxBytes, requests,
					this.pending, this.processing, this.expiresAfter);
		}

	}

	/**
	 * The media a post may carry, or why not.
	 *
	 * @param refusal X's detail when the media ids are refused, else {@code null}
	 * @param mediaKeys the media keys, in the post's order
	 * @param media the received media, in the post's order
	 * @param startedAt when the earliest of their uploads was initialised; {@code null}
	 * for none
	 */
	record Attachment(String refusal, List<String> mediaKeys, List<ReceivedMedia> media, Instant startedAt) {

		static final Attachment NONE = new Attachment(null, List.of(), List.of(), null);

		static Attachment refused(String refusal) {
			return new Attachment(refusal, List.of(), List.of(), null);
		}

	}

	@FunctionalInterface
	private interface Action {

		/**
		 * @param fault the fault this request drew, or {@code null}
		 */
		Mono<Answer> run(ServerRequest request, String accountId, Fault fault);

	}

	@FunctionalInterface
	private interface Parameters {

		String get(String name);

	}

	/**
	 * The outcome of a media action, before the rate-limit headers are added.
	 *
	 * @param dropped whether the connection is to be dropped without an answer
	 */
	private record Answer(Map<String, Object> data, String refusal, boolean dropped) {

		static final Answer DROPPED = new Answer(null, null, true);

		static Answer ok(Map<String, Object> data) {
			return new Answer(data, null, false);
		}

		static Answer invalid(String detail) {
			return new Answer(null, detail, false);
		}

		Mono<ServerResponse> respond(HttpHeaders headers) {
			if (this.refusal != null) {
				return XEmulator.invalidRequest(this.refusal, headers);
			}
			return ServerResponse.ok()
				.headers((target) -> target.addAll(headers))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("data", this.data));
		}

	}

	private record Form(MultiValueMap<String, String> fields, byte[] media, boolean tooLarge) {

	}

	private record Processing(String state, long checkAfterSecs, int progressPercent, String error) {

		static final String SUCCEEDED = "succeeded";

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("state", this.state);
			if (this.checkAfterSecs > 0) {
				json.put("check_after_secs", this.checkAfterSecs);
			}
			json.put("progress_percent", this.progressPercent);
			if (this.error != null) {
				json.put("error", Map.of("code", 1, "name", "InvalidMedia", "message", this.error));
			}
			return json;
		}

	}

	/** The media categories a post can carry, with X's media key prefixes. */
	private enum Category {

		TWEET_IMAGE("tweet_image", "3_"), TWEET_GIF("tweet_gif", "16_"), TWEET_VIDEO("tweet_video", "7_"),
		AMPLIFY_VIDEO("amplify_video", "13_");

		private final String id;

		private final String keyPrefix;

		Category(String id, String keyPrefix) {
			this.id = id;
			this.keyPrefix = keyPrefix;
		}

		static Category of(String id) {
			return Arrays.stream(values()).filter((category) -> category.id.equals(id)).findFirst().orElse(null);
		}

		static Category inferredFrom(String mediaType) {
			if (mediaType.equals("image/gif")) {
				return TWEET_GIF;
			}
			return mediaType.startsWith("video/") ? TWEET_VIDEO : TWEET_IMAGE;
		}

		boolean processed() {
			return this != TWEET_IMAGE;
		}

		boolean takes(String mediaType) {
			return switch (this) {
				case TWEET_IMAGE -> mediaType.startsWith("image/");
				case TWEET_GIF -> mediaType.equals("image/gif");
				case TWEET_VIDEO, AMPLIFY_VIDEO -> mediaType.startsWith("video/");
			};
		}

		long maxBytes(Limits limits) {
			return switch (this) {
				case TWEET_IMAGE -> limits.imageMaxBytes();
				case TWEET_GIF -> limits.gifMaxBytes();
				case TWEET_VIDEO, AMPLIFY_VIDEO -> limits.videoMaxBytes();
			};
		}

	}

	/** The file formats X takes, recognised by their first bytes. */
	private enum Format {

		JPEG("image/jpeg"), PNG("image/png"), GIF("image/gif"), WEBP("image/webp"), MP4("video/mp4"),
		QUICKTIME("video/quicktime");

		static final List<String> TYPES = Arrays.stream(values()).map((format) -> format.type).toList();

		private final String type;

		Format(String type) {
			this.type = type;
		}

		static Format of(String type) {
			return Arrays.stream(values()).filter((format) -> format.type.equals(type)).findFirst().orElse(null);
		}

		boolean matches(byte[] head) {
			return switch (this) {
				case JPEG -> startsWith(head, 0, 0xFF, 0xD8, 0xFF);
				case PNG -> startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
				case GIF -> startsWith(head, 0, 'G', 'I', 'F', '8');
				case WEBP -> startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P');
				// ISO base media files (MP4 and QuickTime) open with a box whose type
				// follows its 4-byte size; old QuickTime files may open with moov or
				// mdat.
				case MP4 -> startsWith(head, 4, 'f', 't', 'y', 'p');
				case QUICKTIME -> startsWith(head, 4, 'f', 't', 'y', 'p') || startsWith(head, 4, 'm', 'o', 'o', 'v')
						|| startsWith(head, 4, 'm', 'd', 'a', 't') || startsWith(head, 4, 'w', 'i', 'd', 'e');
			};
		}

		private static boolean startsWith(byte[] head, int offset, int... expected) {
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

	}

	/**
	 * One medium being uploaded. Segments are hashed in index order as soon as they can
	 * be; an early segment waits in {@code early} until its predecessors arrived. Guarded
	 * by the lock of the {@link XMediaUploads} that holds it.
	 */
	private static final class Upload {

		final String id;

		final String accountId;

		final String mediaType;

		final Category category;

		final long totalBytes;

		/** When its INIT was handled. */
		final Instant startedAt;

		final Instant expiresAt;

		private final MessageDigest digest = sha256();

		private final TreeMap<Integer, byte[]> early = new TreeMap<>();

		private final Map<Integer, Integer> sizes = new HashMap<>();

		private final byte[] head = new byte[HEAD_BYTES];

		private int headLength;

		private int nextSegment;

		private long receivedBytes;

		Instant finalizedAt;

		String sha256;

		boolean formatValid;

		Upload(String id, String accountId, String mediaType, Category category, long totalBytes, Instant startedAt,
				Instant expiresAt) {
			this.id = id;
			this.accountId = accountId;
			this.mediaType = mediaType;
			this.category = category;
			this.totalBytes = totalBytes;
			this.startedAt = startedAt;
			this.expiresAt = expiresAt;
		}

		String mediaKey() {
			return this.category.keyPrefix + this.id;
		}

		/** Takes one segment; a refusal when it would not fit the declared size. */
		String append(int segment, byte[] bytes) {
			Integer earlier = this.sizes.get(segment);
			if (earlier != null && segment < this.nextSegment) {
				// A segment sent again, as a client does when an answer was lost: the
				// bytes were already hashed.
				return (earlier == bytes.length) ? null
						: "segment_index " + segment + " was already received with " + earlier + " bytes.";
			}
			long total = this.receivedBytes - ((earlier != null) ? earlier : 0) + bytes.length;
			if (total > this.totalBytes) {
				return "The segments hold more than total_bytes (" + this.totalBytes + ").";
			}
			this.sizes.put(segment, bytes.length);
			this.receivedBytes = total;
			this.early.put(segment, bytes);
			while (this.early.containsKey(this.nextSegment)) {
				byte[] next = this.early.remove(this.nextSegment);
				int copied = Math.min(HEAD_BYTES - this.headLength, next.length);
				System.arraycopy(next, 0, this.head, this.headLength, copied);
				this.headLength += copied;
				this.digest.update(next);
				this.nextSegment++;
			}
			return null;
		}

		/** Completes the file; a refusal when segments are missing. */
		String complete() {
			if (!this.early.isEmpty() || this.receivedBytes != this.totalBytes) {
				return "Segments do not add up to provided total file size: " + this.receivedBytes + " of "
						+ this.totalBytes + " bytes arrived in " + this.nextSegment + " consecutive segments.";
			}
			this.sha256 = HexFormat.of().formatHex(this.digest.digest());
			this.formatValid = Format.of(this.mediaType).matches(Arrays.copyOf(this.head, this.headLength));
			return null;
		}

		private static MessageDigest sha256() {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
