package org.hubben.connector.flickr.emulator;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorPages;
import org.hubben.connector.emulator.EmulatorRoutes;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.Faults;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.connector.emulator.ReceivedPost.ReceivedMedia;
import org.hubben.connector.flickr.OAuth1;
import org.hubben.connector.flickr.OAuth1.Parameter;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Flickr as far as Hubben uses it, under one base for api.flickr.com, up.flickr.com and
 * www.flickr.com:
 * <ul>
 * <li>{@code /services/rest/} with {@code flickr.test.login},
 * {@code flickr.photos.upload.checkTickets}, {@code flickr.photos.getInfo},
 * {@code flickr.photos.search}, {@code flickr.photosets.getList},
 * {@code flickr.photosets.create} and {@code flickr.photosets.addPhoto}, answering XML by
 * default, JSON with {@code format=json&nojsoncallback=1} and JSONP with
 * {@code format=json} alone;</li>
 * <li>{@code POST /services/upload/} (multipart, XML answers only, {@code async=1} for a
 * ticket);</li>
 * <li>the OAuth 1.0a flow: {@code /services/oauth/request_token}, the consent page
 * {@code /services/oauth/authorize} and {@code /services/oauth/access_token};</li>
 * <li>{@code /photos/<nsid>/<id>/}, a page for each photo, so receipts open.</li>
 * </ul>
 *
 * <p>
 * Every call is checked as Flickr checks it: the API key (100), the OAuth 1.0a HMAC-SHA1
 * signature recomputed from the request as received (96 invalid, 97 missing;
 * {@code photo} is never part of it), the token (98) and its permissions (99). The only
 * app it knows is {@link PlatformEndpoints#emulatorApp(Platform)}. Access tokens are
 * {@link EmulatorTokens} that never expire but can be revoked; their secrets are derived
 * from the token with this emulator's key, so tokens stored in Hubben's database outlive
 * a restart of the in-memory emulator.
 *
 * <p>
 * Flickr sends no rate-limit headers; a key over its limit (3600 calls an hour) is
 * answered {@code 429 Too Many Requests} with a short HTML body by Flickr's front end, as
 * clients report, and that is what {@link Fault#RATE_LIMIT} gives.
 * {@link Fault#SERVER_ERROR} answers {@code stat=fail} code 105 "Service currently
 * unavailable". Faults apply to uploads, the publishing request. An upload whose
 * processing fails, so that its ticket reports {@code complete="2"}, is Flickr's own
 * fault and not one every platform has: {@link #failProcessing(int)} queues it. In-memory
 * and thread-safe.
 */
@Component
@ConditionalOnBooleanProperty("hubben.platforms.emulators")
public class FlickrEmulator implements Emulator {

	/** The Flickr user who approves every consent page, unless told otherwise. */
	public static final User DEFAULT_USER = new User("12345678@N01", "hubben_demo", "Hubben Demo");

	private static final Platform FLICKR = Platform.FLICKR;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MediaType XML = new MediaType("text", "xml", StandardCharsets.UTF_8);

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private static final Pattern HEADER_PARAMETER = Pattern.compile("([A-Za-z0-9_.~%-]+)\\s*=\\s*\"([^\"]*)\"");

	private static final Pattern TAG = Pattern.compile("\"([^\"]*)\"|(\\S+)");

	private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");

	private static final Duration REQUEST_TOKEN_LIFETIME = Duration.ofHours(1);

	private static final SecureRandom RANDOM = new SecureRandom();

	/** How many comments one member may write within a minute before code 9. */
	static final int COMMENTS_PER_MINUTE = 10;

	private final EmulatorTokens tokens;

	private final byte[] secretKey;

	private final Clock clock;

	private final Settings settings;

	private final PlatformProperties.App app = PlatformEndpoints.emulatorApp(FLICKR);

	private final Faults faults = new Faults();

	private final AtomicLong lastPhotoId = new AtomicLong(53_100_000_000L);

	private final AtomicLong lastTicketId = new AtomicLong(1_000);

	private final AtomicLong lastPhotosetId = new AtomicLong(72_177_720_300_000_000L);

	private final AtomicInteger processingFailures = new AtomicInteger();

	private final Object lock = new Object();

	// Guarded by lock.
	private final Map<String, Photo> photos = new HashMap<>();

	// Guarded by lock.
	private final Map<String, Ticket> tickets = new HashMap<>();

	// Guarded by lock; in creation order, as Flickr lists sets.
	private final Map<String, Photoset> photosets = new LinkedHashMap<>();

	// Guarded by lock.
	private final Map<String, RequestToken> requestTokens = new HashMap<>();

	// Guarded by lock.
	private final Map<String, User> users = new HashMap<>();

	// Guarded by lock.
	private final List<ReceivedPost> received = new ArrayList<>();

	// Guarded by lock; in the order they were written.
	private final Map<String, Comment> comments = new LinkedHashMap<>();

	private final AtomicLong lastCommentId = new AtomicLong(72_157_700_000_000_000L);

	// Guarded by lock.
	private User consentingUser = DEFAULT_USER;

	/**
	 * @param tokens issues and checks access tokens
	 * @param secretKey derives token secrets; the same key as {@link EmulatorTokens}
	 * @param pollsBeforeComplete how many {@code checkTickets} answers show a ticket
	 * pending before it completes
	 * @param processingTime how long after the upload a ticket completes however often it
	 * was polled
	 */
	@Autowired
	public FlickrEmulator(EmulatorTokens tokens,
			@Value("${hubben.platforms.emulator-key:hubben-emulator}") String secretKey,
			@Value("${hubben.platforms.flickr-emulator.polls-before-complete:1}") int pollsBeforeComplete,
			@Value("${hubben.platforms.flickr-emulator.processing-time:2s}") Duration processingTime) {
		this(tokens, secretKey, Clock.systemUTC(), Settings.DEFAULT.withTickets(pollsBeforeComplete, processingTime));
	}

	public FlickrEmulator(EmulatorTokens tokens, String secretKey, Clock clock, Settings settings) {
		this.tokens = tokens;
		this.secretKey = secretKey.getBytes(StandardCharsets.UTF_8);
		this.clock = clock;
		this.settings = settings;
		this.users.put(DEFAULT_USER.nsid(), DEFAULT_USER);
	}

	@Override
	public Platform platform() {
		return FLICKR;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.route(either("/services/rest"), this::rest)
			.POST("/services/upload", this::upload)
			.POST("/services/upload/", this::upload)
			.route(either("/services/oauth/request_token"), this::requestToken)
			.GET("/services/oauth/authorize", this::consentPage)
			.POST("/services/oauth/authorize", this::decide)
			.route(either("/services/oauth/access_token"), this::accessToken)
			.GET("/photos/{nsid}/{id}", this::photoPage)
			.GET("/photos/{nsid}/{id}/", this::photoPage)
			.build();
	}

	private static RequestPredicate either(String path) {
		return RequestPredicates.path(path).or(RequestPredicates.path(path + "/"));
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
			this.photos.clear();
			this.tickets.clear();
			this.photosets.clear();
			this.received.clear();
			this.comments.clear();
		}
		this.processingFailures.set(0);
		this.faults.clear();
	}

	/**
	 * Issues an access token as if the user had approved Hubben, for tests and the demo.
	 * @param nsid the user's NSID, such as {@code 12345678@N01}
	 * @param perms {@code read}, {@code write} or {@code delete}
	 * @return the token and its secret
	 */
	public AccessToken issueAccessToken(String nsid, String perms) {
		Perms granted = Perms.of(perms);
		String token = this.tokens.issue(FLICKR, nsid + "~" + granted.id, null);
		return new AccessToken(token, tokenSecret(token));
	}

	/**
	 * The secret of an access token. A token this emulator issued, through the OAuth flow
	 * or {@link #issueAccessToken}, has a secret derived from the token with the
	 * emulator's key, 16 hexadecimal digits like Flickr's. A token issued straight by
	 * {@link EmulatorTokens} (the demo channel's, which never went through the flow) has
	 * none: the empty secret, which OAuth 1.0a allows, so the consumer secret alone
	 * signs.
	 * @param accessToken the token
	 * @return its secret, possibly empty
	 */
	public String tokenSecret(String accessToken) {
		EmulatorTokens.Verdict verdict = this.tokens.check(FLICKR, accessToken);
		if (verdict.account().filter((account) -> account.indexOf('~') < 0).isPresent()) {
			return "";
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secretKey, "HmacSHA256"));
			byte[] digest = mac.doFinal(("flickr-token-secret:" + accessToken).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * Revokes an access token, as a user removing the app on Flickr does.
	 * @param accessToken the token
	 */
	public void revoke(String accessToken) {
		this.tokens.revoke(accessToken);
	}

	/**
	 * Makes {@code user} the one who approves the next consent pages.
	 * @param user the user
	 */
	public void signIn(User user) {
		synchronized (this.lock) {
			this.users.put(user.nsid(), user);
			this.consentingUser = user;
		}
	}

	/**
	 * @return every photoset (album), in creation order, with its photos in order
	 */
	public List<PhotosetView> photosets() {
		synchronized (this.lock) {
			return this.photosets.values()
				.stream()
				.map((set) -> new PhotosetView(set.id, set.owner, set.title, List.copyOf(set.photoIds)))
				.toList();
		}
	}

	/**
	 * Makes Flickr fail to process the next asynchronous uploads: each is accepted with a
	 * ticket that then reports {@code complete="2"}, and no photo appears.
	 * @param times how many uploads in a row, at least 1
	 */
	public void failProcessing(int times) {
		if (times < 1) {
			throw new IllegalArgumentException("times must be at least 1, was " + times);
		}
		this.processingFailures.addAndGet(times);
	}

	private boolean takeProcessingFailure() {
		return this.processingFailures.getAndUpdate((left) -> Math.max(0, left - 1)) > 0;
	}

	/**
	 * @return the settings this emulator runs with
	 */
	public Settings settings() {
		return this.settings;
	}

	// ---------------------------------------------------------------------------------
	// REST

	private Mono<ServerResponse> rest(ServerRequest request) {
		return Incoming.read(request).flatMap((incoming) -> {
			Format format = Format.of(incoming.param("format"), incoming.param("nojsoncallback"));
			if (format == null) {
				return Answer.fail(111, "Format \"" + incoming.param("format") + "\" not found").render(Format.XML);
			}
			String method = Optional.ofNullable(incoming.param("method")).orElse("");
			Optional<Fault> fault = method.startsWith("flickr.photos.comments.") ? this.faults.next()
					: Optional.empty();
			if (fault.isPresent()) {
				switch (fault.get()) {
					case EXPIRED_TOKEN:
						return Answer.fail(98, "Invalid auth token").render(format);
					case TIMEOUT:
						return Mono.never();
					case SERVER_ERROR:
						return Answer.fail(105, "Service currently unavailable").render(format);
					case RATE_LIMIT:
						return tooManyRequests();
					default:
						break;
				}
			}
			return call(incoming).render(format);
		});
	}

	private Answer call(Incoming incoming) {
		String method = Optional.ofNullable(incoming.param("method")).orElse("");
		Perms required = switch (method) {
			case "flickr.test.login" -> Perms.READ;
			case "flickr.photosets.create", "flickr.photosets.addPhoto", "flickr.photos.comments.addComment",
					"flickr.photos.comments.deleteComment" ->
				Perms.WRITE;
			case "flickr.photos.upload.checkTickets", "flickr.photos.getInfo", "flickr.photosets.getList",
					"flickr.photos.search", "flickr.photos.comments.getList" ->
				Perms.NONE;
			default -> null;
		};
		if (required == null) {
			return Answer.fail(112, "Method \"" + method + "\" not found");
		}
		Caller caller;
		try {
			caller = authenticate(incoming, required);
		}
		catch (Refusal refusal) {
			return Answer.fail(refusal.code, refusal.getMessage());
		}
		return switch (method) {
			case "flickr.test.login" -> testLogin(caller);
			case "flickr.photos.upload.checkTickets" -> checkTickets(incoming);
			case "flickr.photos.getInfo" -> getInfo(incoming, caller);
			case "flickr.photos.search" -> search(incoming, caller);
			case "flickr.photosets.getList" -> getPhotosets(incoming, caller);
			case "flickr.photosets.create" -> createPhotoset(incoming, caller);
			case "flickr.photos.comments.getList" -> getComments(incoming, caller);
			case "flickr.photos.comments.addComment" -> addComment(incoming, caller);
			case "flickr.photos.comments.deleteComment" -> deleteComment(incoming, caller);
			default -> addToPhotoset(incoming, caller);
		};
	}

	private Answer testLogin(Caller caller) {
		User user = user(caller.nsid());
		return Answer
			.ok(new Element("user").attr("id", user.nsid()).child(new Element("username").text(user.username())));
	}

	private Answer checkTickets(Incoming incoming) {
		String list = Optional.ofNullable(incoming.param("tickets")).orElse("");
		Element uploader = new Element("uploader").array("ticket");
		Instant now = this.clock.instant();
		synchronized (this.lock) {
			for (String id : list.split(",")) {
				id = id.trim();
				if (id.isEmpty()) {
					continue;
				}
				Element ticket = new Element("ticket").attr("id", id);
				Ticket known = this.tickets.get(id);
				if (known == null) {
					ticket.attr("invalid", "1");
				}
				else if (known.failed) {
					ticket.attr("complete", "2");
				}
				else {
					boolean complete = known.polls >= this.settings.pollsBeforeComplete()
							|| !now.isBefore(known.uploadedAt.plus(this.settings.processingTime()));
					known.polls++;
					if (complete) {
						ticket.attr("complete", "1").attr("photoid", known.photoId);
					}
					else {
						ticket.attr("complete", "0");
					}
				}
				uploader.child(ticket);
			}
		}
		return Answer.ok(uploader);
	}

	private Answer getInfo(Incoming incoming, Caller caller) {
		String id = Optional.ofNullable(incoming.param("photo_id")).orElse("");
		Photo photo;
		synchronized (this.lock) {
			photo = this.photos.get(id);
		}
		if (photo == null || (!photo.isPublic && !photo.owner.equals(caller.nsid()))) {
			return Answer.fail(1, "Photo \"" + id + "\" not found (invalid ID)");
		}
		User owner = user(photo.owner);
		Element tags = new Element("tags").array("tag");
		for (String tag : photo.tags) {
			tags.child(new Element("tag").attr("author", photo.owner)
				.attr("raw", tag)
				.text(tag.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "")));
		}
		return Answer.ok(new Element("photo").attr("id", photo.id)
			.attr("dateuploaded", String.valueOf(photo.postedAt.getEpochSecond()))
			.attr("media", photo.media.contentType().startsWith("video/") ? "video" : "photo")
			.child(new Element("owner").attr("nsid", owner.nsid())
				.attr("username", owner.username())
				.attr("realname", owner.fullname()))
			.child(new Element("title").text(photo.title))
			.child(new Element("description").text(photo.description))
			.child(new Element("visibility").attr("ispublic", photo.isPublic ? "1" : "0")
				.attr("isfriend", "0")
				.attr("isfamily", "0"))
			.child(new Element("dates").attr("posted", String.valueOf(photo.postedAt.getEpochSecond())))
			.child(tags)
			.child(new Element("urls").array("url")
				.child(new Element("url").attr("type", "photopage")
					.text(photoPageUrl(incoming.base(), photo.owner, photo.id)))));
	}

	/**
	 * {@code flickr.photos.search} by {@code user_id} ({@code me} for the caller), with
	 * {@code min_upload_date}/{@code max_upload_date} (UNIX times, inclusive),
	 * {@code extras} ({@code description}, {@code date_upload}), {@code per_page}
	 * (default 100, at most 500) and {@code page}, newest first. Another user's private
	 * photos are not shown, and neither is an asynchronous upload that Flickr is still
	 * processing: until its ticket is complete the photo does not exist for search.
	 */
	private Answer search(Incoming incoming, Caller caller) {
		String userId = Optional.ofNullable(incoming.param("user_id")).orElse("");
		if (userId.equals("me")) {
			if (caller.nsid() == null) {
				return Answer.fail(99, "Insufficient permissions. user_id=me requires an authenticated call.");
			}
			userId = caller.nsid();
		}
		if (userId.isEmpty()) {
			return Answer.fail(3,
					"Parameterless searches have been disabled. Please use flickr.photos.getRecent instead.");
		}
		long minUpload = parseLong(incoming.param("min_upload_date"), Long.MIN_VALUE);
		long maxUpload = parseLong(incoming.param("max_upload_date"), Long.MAX_VALUE);
		List<String> extras = List.of(Optional.ofNullable(incoming.param("extras")).orElse("").split("\\s*,\\s*"));
		int perPage = Math.min(500, Math.max(1, parseInt(incoming.param("per_page"), 100)));
		int page = Math.max(1, parseInt(incoming.param("page"), 1));
		String owner = userId;
		Instant now = this.clock.instant();
		List<Photo> found;
		synchronized (this.lock) {
			found = this.photos.values()
				.stream()
				.filter((photo) -> photo.owner.equals(owner))
				.filter((photo) -> photo.isPublic || owner.equals(caller.nsid()))
				.filter((photo) -> photo.postedAt.getEpochSecond() >= minUpload
						&& photo.postedAt.getEpochSecond() <= maxUpload)
				.filter((photo) -> processed(photo.id, now))
				.sorted(java.util.Comparator.comparing((Photo photo) -> photo.postedAt)
					.thenComparing((photo) -> Long.parseLong(photo.id))
					.reversed())
				.toList();
		}
		int total = found.size();
		Element list = new Element("photos").attr("page", page)
			.attr("pages", Math.max(1, (total + perPage - 1) / perPage))
			.attr("perpage", perPage)
			.attr("total", total)
			.array("photo");
		for (Photo photo : found.stream().skip((long) (page - 1) * perPage).limit(perPage).toList()) {
			Element shown = new Element("photo").attr("id", photo.id)
				.attr("owner", photo.owner)
				.attr("secret", Integer.toHexString(photo.id.hashCode()))
				.attr("server", "65535")
				.attr("farm", 66)
				.attr("title", photo.title)
				.attr("ispublic", photo.isPublic ? 1 : 0)
				.attr("isfriend", 0)
				.attr("isfamily", 0);
			if (extras.contains("description")) {
				shown.child(new Element("description").text(photo.description));
			}
			if (extras.contains("date_upload")) {
				shown.attr("dateupload", String.valueOf(photo.postedAt.getEpochSecond()));
			}
			list.child(shown);
		}
		return Answer.ok(list);
	}

	/**
	 * Whether Flickr is done with a photo: uploaded synchronously, or its ticket has
	 * completed (polled often enough, or its processing time is over).
	 */
	// Must hold lock.
	private boolean processed(String photoId, Instant now) {
		for (Ticket ticket : this.tickets.values()) {
			if (ticket.photoId.equals(photoId)) {
				return !ticket.failed && (ticket.polls > this.settings.pollsBeforeComplete()
						|| !now.isBefore(ticket.uploadedAt.plus(this.settings.processingTime())));
			}
		}
		return true;
	}

	private static long parseLong(String value, long fallback) {
		try {
			return (value != null) ? Long.parseLong(value.trim()) : fallback;
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	private Answer getPhotosets(Incoming incoming, Caller caller) {
		String nsid = Optional.ofNullable(incoming.param("user_id")).orElse(caller.nsid());
		if (nsid == null) {
			return Answer.fail(1, "User not found");
		}
		List<Photoset> sets;
		synchronized (this.lock) {
			sets = this.photosets.values().stream().filter((set) -> set.owner.equals(nsid)).toList();
		}
		int total = sets.size();
		int perPage = Math.min(500, Math.max(1, parseInt(incoming.param("per_page"), 500)));
		boolean paged = incoming.param("page") != null;
		int page = paged ? Math.max(1, parseInt(incoming.param("page"), 1)) : 1;
		int pages = paged ? Math.max(1, (total + perPage - 1) / perPage) : 1;
		List<Photoset> shown = paged ? sets.stream().skip((long) (page - 1) * perPage).limit(perPage).toList() : sets;
		Element list = new Element("photosets").attr("page", page)
			.attr("pages", pages)
			.attr("perpage", paged ? perPage : total)
			.attr("total", total)
			.attr("cancreate", (countSets(nsid) < this.settings.maxPhotosets()) ? 1 : 0)
			.array("photoset");
		synchronized (this.lock) {
			for (Photoset set : shown) {
				list.child(new Element("photoset").attr("id", set.id)
					.attr("primary", set.primary)
					.attr("photos", set.photoIds.size())
					.attr("videos", 0)
					.child(new Element("title").text(set.title))
					.child(new Element("description").text(set.description)));
			}
		}
		return Answer.ok(list);
	}

	private Answer createPhotoset(Incoming incoming, Caller caller) {
		String title = Optional.ofNullable(incoming.param("title")).orElse("").trim();
		String primary = Optional.ofNullable(incoming.param("primary_photo_id")).orElse("");
		if (title.isEmpty()) {
			return Answer.fail(1, "No title specified");
		}
		Photoset set;
		synchronized (this.lock) {
			Photo photo = this.photos.get(primary);
			if (photo == null || !photo.owner.equals(caller.nsid())) {
				return Answer.fail(2, "Photo not found");
			}
			if (countSets(caller.nsid()) >= this.settings.maxPhotosets()) {
				return Answer.fail(3, "Can't create any more sets");
			}
			set = new Photoset(String.valueOf(this.lastPhotosetId.incrementAndGet()), caller.nsid(), title,
					Optional.ofNullable(incoming.param("description")).orElse(""), primary);
			set.photoIds.add(primary);
			this.photosets.put(set.id, set);
		}
		return Answer.ok(new Element("photoset").attr("id", set.id)
			.attr("url", incoming.base() + "/photos/" + caller.nsid() + "/sets/" + set.id + "/"));
	}

	private Answer addToPhotoset(Incoming incoming, Caller caller) {
		String setId = Optional.ofNullable(incoming.param("photoset_id")).orElse("");
		String photoId = Optional.ofNullable(incoming.param("photo_id")).orElse("");
		synchronized (this.lock) {
			Photoset set = this.photosets.get(setId);
			if (set == null || !set.owner.equals(caller.nsid())) {
				return Answer.fail(1, "Photoset not found");
			}
			Photo photo = this.photos.get(photoId);
			if (photo == null || !photo.owner.equals(caller.nsid())) {
				return Answer.fail(2, "Photo not found");
			}
			if (set.photoIds.contains(photoId)) {
				return Answer.fail(3, "Photo already in set");
			}
			if (set.photoIds.size() >= this.settings.maxPhotosPerSet()) {
				return Answer.fail(10, "Maximum number of photos in set");
			}
			set.photoIds.add(photoId);
		}
		return Answer.ok(null);
	}

	// ---------------------------------------------------------------------------------
	// Comments

	/**
	 * {@code flickr.photos.comments.getList}: the photo's comments, oldest first, with
	 * {@code min_comment_date} and {@code max_comment_date} (UNIX times, inclusive).
	 * Deleted comments are gone. Code 1 for a photo that does not exist or that the
	 * caller may not see. Flickr has no paging here.
	 */
	private Answer getComments(Incoming incoming, Caller caller) {
		String photoId = Optional.ofNullable(incoming.param("photo_id")).orElse("");
		long min = parseLong(incoming.param("min_comment_date"), Long.MIN_VALUE);
		long max = parseLong(incoming.param("max_comment_date"), Long.MAX_VALUE);
		Element list = new Element("comments").attr("photo_id", photoId).array("comment");
		synchronized (this.lock) {
			Photo photo = this.photos.get(photoId);
			if (photo == null || (!photo.isPublic && !photo.owner.equals(caller.nsid()))) {
				return Answer.fail(1, "Photo not found");
			}
			for (Comment comment : this.comments.values()) {
				long written = comment.createdAt().getEpochSecond();
				if (comment.photoId().equals(photoId) && !comment.deleted() && written >= min && written <= max) {
					list.child(new Element("comment").attr("id", comment.id())
						.attr("author", comment.authorId())
						.attr("author_is_deleted", 0)
						.attr("authorname", comment.authorName())
						.attr("datecreate", String.valueOf(written))
						.attr("permalink",
								photoPageUrl(incoming.base(), photo.owner, photo.id) + "#comment" + comment.number())
						.attr("realname", comment.authorName())
						.text(comment.text()));
				}
			}
		}
		return Answer.ok(list);
	}

	/**
	 * {@code flickr.photos.comments.addComment}: the caller comments on a photo it may
	 * see. Codes 1 (photo not found), 8 (blank comment) and 9 (more than
	 * {@value #COMMENTS_PER_MINUTE} comments by one member within a minute: "posting too
	 * fast").
	 */
	private Answer addComment(Incoming incoming, Caller caller) {
		String photoId = Optional.ofNullable(incoming.param("photo_id")).orElse("");
		String text = Optional.ofNullable(incoming.param("comment_text")).orElse("");
		Instant now = this.clock.instant();
		Comment comment;
		synchronized (this.lock) {
			Photo photo = this.photos.get(photoId);
			if (photo == null || (!photo.isPublic && !photo.owner.equals(caller.nsid()))) {
				return Answer.fail(1, "Photo not found");
			}
			if (text.isBlank()) {
				return Answer.fail(8, "Blank comment");
			}
			long recent = this.comments.values()
				.stream()
				.filter((other) -> other.authorId().equals(caller.nsid())
						&& other.createdAt().isAfter(now.minus(Duration.ofMinutes(1))))
				.count();
			if (recent >= COMMENTS_PER_MINUTE) {
				return Answer.fail(9, "User is posting comments too fast.");
			}
			comment = newComment(photo, caller.nsid(), user(caller.nsid()).username(), text, now, true);
		}
		return Answer.ok(new Element("comment").attr("id", comment.id())
			.attr("permalink",
					photoPageUrl(incoming.base(), comment.photoOwner(), photoId) + "#comment" + comment.number()));
	}

	/**
	 * {@code flickr.photos.comments.deleteComment}: the photo's owner deletes any comment
	 * on it, a member their own. Code 2 (comment not found) for a comment that does not
	 * exist, is deleted already, or that the caller may not delete; code 1 when its photo
	 * is gone.
	 */
	private Answer deleteComment(Incoming incoming, Caller caller) {
		String id = Optional.ofNullable(incoming.param("comment_id")).orElse("");
		synchronized (this.lock) {
			Comment comment = this.comments.get(id);
			if (comment != null && !this.photos.containsKey(comment.photoId())) {
				return Answer.fail(1, "Photo not found");
			}
			if (comment == null || comment.deleted()
					|| !(comment.photoOwner().equals(caller.nsid()) || comment.authorId().equals(caller.nsid()))) {
				return Answer.fail(2, "Comment not found");
			}
			this.comments.put(id, comment.deletedNow());
		}
		return Answer.ok(null);
	}

	// Must hold lock.
	private Comment newComment(Photo photo, String authorId, String authorName, String text, Instant now,
			boolean byChannel) {
		long number = this.lastCommentId.incrementAndGet();
		// Flickr's comment ids are "<author part>-<photo id>-<comment number>".
		String id = Math.abs(authorId.hashCode() % 100_000) + "-" + photo.id + "-" + number;
		Comment comment = new Comment(id, number, photo.id, photo.owner, authorId, authorName, text, now, false,
				byChannel);
		this.comments.put(id, comment);
		return comment;
	}

	/**
	 * A person comments on a photo. Flickr's comments are flat: a comment answering
	 * another ({@link PersonComment#parentId()}) is refused.
	 */
	@Override
	public EmulatedComment comment(PersonComment comment) {
		if (comment.authorId() == null || comment.authorId().isBlank() || comment.authorName() == null
				|| comment.authorName().isBlank() || comment.text() == null || comment.text().isBlank()) {
			throw new IllegalArgumentException("A comment needs authorId, authorName and text");
		}
		if (comment.parentId() != null) {
			throw new IllegalArgumentException("Flickr's comments are flat: a comment cannot answer another");
		}
		synchronized (this.lock) {
			Photo photo = (comment.postId() != null) ? this.photos.get(comment.postId()) : null;
			if (photo == null) {
				throw new IllegalArgumentException("The Flickr emulator holds no photo " + comment.postId());
			}
			return emulated(newComment(photo, comment.authorId(), comment.authorName(), comment.text(),
					this.clock.instant(), false));
		}
	}

	@Override
	public List<EmulatedComment> comments() {
		synchronized (this.lock) {
			return this.comments.values().stream().map(FlickrEmulator::emulated).toList();
		}
	}

	private static EmulatedComment emulated(Comment comment) {
		return new EmulatedComment(comment.id(), comment.photoId(), null, comment.authorId(), comment.authorName(),
				comment.text(), comment.createdAt(), false, comment.deleted(), comment.byChannel());
	}

	// ---------------------------------------------------------------------------------
	// Upload

	private Mono<ServerResponse> upload(ServerRequest request) {
		Optional<Fault> fault = this.faults.next();
		if (fault.isPresent()) {
			switch (fault.get()) {
				case EXPIRED_TOKEN:
					return Answer.fail(98, "Invalid auth token").render(Format.XML);
				case TIMEOUT:
					// Never answering is the fault: the client's timeout must end it.
					return Mono.never();
				case SERVER_ERROR:
					return Answer.fail(105, "Service currently unavailable").render(Format.XML);
				case RATE_LIMIT:
					return tooManyRequests();
				default:
					break;
			}
		}
		return Incoming.read(request).flatMap((incoming) -> {
			Caller caller;
			try {
				caller = authenticate(incoming, Perms.WRITE);
			}
			catch (Refusal refusal) {
				return Answer.fail(refusal.code, refusal.getMessage()).render(Format.XML);
			}
			if (incoming.photo() == null) {
				return Answer.fail(2, "No photo specified").render(Format.XML);
			}
			return receive(incoming.photo()).flatMap((file) -> accept(request, incoming, caller, file, fault));
		});
	}

	private Mono<ServerResponse> accept(ServerRequest request, Incoming incoming, Caller caller, ReceivedFile file,
			Optional<Fault> fault) {
		if (file.size() == 0) {
			return Answer.fail(4, "Filesize was zero").render(Format.XML);
		}
		if (file.kind() == null) {
			return Answer.fail(5, "Filetype was not recognised").render(Format.XML);
		}
		long limit = file.kind().equals("video") ? this.settings.videoMaxBytes() : this.settings.photoMaxBytes();
		if (file.size() > limit) {
			return Answer.fail(8, "Filesize was too large").render(Format.XML);
		}
		boolean async = "1".equals(incoming.param("async"));
		boolean processingFails = async && takeProcessingFailure();
		String title = Optional.ofNullable(incoming.param("title")).orElse("");
		String description = Optional.ofNullable(incoming.param("description")).orElse("");
		List<String> tags = parseTags(incoming.param("tags"));
		boolean isPublic = !"0".equals(incoming.param("is_public"));
		Instant now = this.clock.instant();
		ReceivedMedia media = new ReceivedMedia(file.contentType(), file.size(), file.sha256());
		String photoId = String.valueOf(this.lastPhotoId.incrementAndGet());
		String ticketId = async ? String.valueOf(this.lastTicketId.incrementAndGet()) : null;
		synchronized (this.lock) {
			if (!processingFails) {
				this.photos.put(photoId,
						new Photo(photoId, caller.nsid(), title, description, tags, isPublic, media, now));
				Matcher url = URL.matcher(description);
				this.received.add(new ReceivedPost(photoId, caller.nsid(), description, url.find() ? url.group() : null,
						now, title, tags, List.of(media)));
			}
			if (async) {
				this.tickets.put(ticketId, new Ticket(ticketId, photoId, now, processingFails));
			}
		}
		if (fault.filter(Fault.ACCEPT_THEN_DROP::equals).isPresent()) {
			return EmulatorRoutes.dropConnection(request);
		}
		if (fault.filter(Fault.ACCEPT_THEN_ERROR::equals).isPresent()) {
			return ServerResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.contentType(HTML)
				.bodyValue("<html><body><h1>500 Internal Server Error</h1></body></html>\n");
		}
		Element answer = async ? new Element("ticketid").text(ticketId) : new Element("photoid").text(photoId);
		return Answer.ok(answer).render(Format.XML);
	}

	private static Mono<ReceivedFile> receive(Part photo) {
		MessageDigest digest = sha256();
		byte[] head = new byte[16];
		long[] size = { 0 };
		return photo.content().doOnNext((buffer) -> {
			try {
				int readable = buffer.readableByteCount();
				byte[] bytes = new byte[readable];
				buffer.read(bytes);
				if (size[0] < head.length) {
					System.arraycopy(bytes, 0, head, (int) size[0], (int) Math.min(readable, head.length - size[0]));
				}
				size[0] += readable;
				digest.update(bytes);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).then(Mono.fromSupplier(() -> {
			byte[] first = Arrays.copyOf(head, (int) Math.min(size[0], head.length));
			String kind = sniff(first);
			String declared = photo.headers().getContentType() != null ? photo.headers().getContentType().toString()
					: null;
			return new ReceivedFile(size[0], HexFormat.of().formatHex(digest.digest()), kind,
					(declared != null) ? declared : "application/octet-stream");
		}));
	}

	/**
	 * What Flickr would make of the bytes: {@code photo} for JPEG, PNG, GIF and TIFF,
	 * {@code video} for the ISO media family (MP4, QuickTime), {@code null} otherwise.
	 */
	static String sniff(byte[] head) {
		if (startsWith(head, 0xFF, 0xD8, 0xFF) || startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)
				|| startsWith(head, 'G', 'I', 'F', '8') || startsWith(head, 'I', 'I', 0x2A, 0x00)
				|| startsWith(head, 'M', 'M', 0x00, 0x2A)) {
			return "photo";
		}
		if (head.length >= 8) {
			String box = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
			if (box.equals("ftyp") || box.equals("moov") || box.equals("mdat") || box.equals("wide")) {
				return "video";
			}
		}
		return null;
	}

	private static boolean startsWith(byte[] bytes, int... prefix) {
		if (bytes.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((bytes[i] & 0xFF) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/** Flickr's tag syntax: separated by spaces, multi-word tags in double quotes. */
	static List<String> parseTags(String tags) {
		List<String> parsed = new ArrayList<>();
		if (tags == null) {
			return parsed;
		}
		Matcher matcher = TAG.matcher(tags);
		while (matcher.find()) {
			String tag = (matcher.group(1) != null) ? matcher.group(1).trim() : matcher.group(2);
			if (!tag.isEmpty()) {
				parsed.add(tag);
			}
		}
		return parsed;
	}

	private static Mono<ServerResponse> tooManyRequests() {
		return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
			.contentType(HTML)
			.bodyValue("<html><body><h1>429 Too Many Requests</h1>\n"
					+ "You have sent too many requests in a given amount of time.\n</body></html>\n");
	}

	// ---------------------------------------------------------------------------------
	// OAuth 1.0a flow

	private Mono<ServerResponse> requestToken(ServerRequest request) {
		return Incoming.read(request).flatMap((incoming) -> {
			Map<String, String> protocol = incoming.protocolParameters();
			Mono<ServerResponse> problem = checkConsumer(incoming, protocol);
			if (problem != null) {
				return problem;
			}
			String callback = protocol.get("oauth_callback");
			if (callback == null || callback.isBlank()) {
				return oauthProblem("parameter_absent&oauth_parameters_absent=oauth_callback");
			}
			String expected = OAuth1.signature(incoming.baseString(), this.app.clientSecret(), null);
			if (!matches(expected, protocol.get("oauth_signature"))) {
				return oauthProblem("signature_invalid&debug_sbs=" + OAuth1.percentEncode(incoming.baseString()));
			}
			String token = "72157" + digits(14) + "-" + hex(8);
			String secret = hex(8);
			synchronized (this.lock) {
				pruneRequestTokens();
				this.requestTokens.put(token, new RequestToken(token, secret, callback, this.clock.instant()));
			}
			return form("oauth_callback_confirmed=true&oauth_token=" + OAuth1.percentEncode(token)
					+ "&oauth_token_secret=" + OAuth1.percentEncode(secret));
		});
	}

	private Mono<ServerResponse> consentPage(ServerRequest request) {
		String token = request.queryParam("oauth_token").orElse("");
		Perms perms = Perms.ofOrNull(request.queryParam("perms").orElse("read"));
		RequestToken requestToken;
		User user;
		synchronized (this.lock) {
			requestToken = this.requestTokens.get(token);
			user = this.consentingUser;
		}
		if (requestToken == null || perms == null || perms == Perms.NONE) {
			String reason = (requestToken == null) ? "This request token is unknown or has expired."
					: "perms must be read, write or delete.";
			return page(HttpStatus.BAD_REQUEST, "Oops! Flickr can't find a valid callback URL",
					"<p>" + HtmlUtils.htmlEscape(reason) + "</p>\n");
		}
		Map<String, String> hidden = new LinkedHashMap<>();
		hidden.put("oauth_token", token);
		hidden.put("perms", perms.id);
		return EmulatorPages.consent(Platform.FLICKR, request.path(),
				new EmulatorPages.Consent("Flickr: authorise Hubben",
						"Signed in as " + user.fullname() + " (" + user.nsid() + "). The app Hubben ("
								+ this.app.clientId() + ") asks for this permission:",
						List.of(new EmulatorPages.Permission(perms.id, perms.description)), hidden));
	}

	/**
	 * Allow sends the person to the callback with {@code oauth_token} and
	 * {@code oauth_verifier}; an out-of-band callback ({@code oob}) shows the verifier.
	 * Deny sends them back with {@code oauth_problem=user_refused} (OAuth's problem
	 * reporting extension), since Flickr documents no redirect of its own for a refusal.
	 */
	private Mono<ServerResponse> decide(ServerRequest request) {
		return request.formData().flatMap((form) -> {
			String token = Optional.ofNullable(form.getFirst("oauth_token")).orElse("");
			Perms perms = Perms.ofOrNull(Optional.ofNullable(form.getFirst("perms")).orElse("read"));
			boolean allow = "allow".equals(form.getFirst("decision"));
			RequestToken requestToken;
			String verifier = hex(8);
			synchronized (this.lock) {
				requestToken = this.requestTokens.get(token);
				if (requestToken != null && allow && perms != null) {
					requestToken.approve(this.consentingUser, perms, verifier);
				}
				else if (requestToken != null) {
					this.requestTokens.remove(token);
				}
			}
			if (requestToken == null || perms == null) {
				return page(HttpStatus.BAD_REQUEST, "Oops! Flickr can't find a valid callback URL",
						"<p>This request token is unknown or has expired.</p>\n");
			}
			if ("oob".equals(requestToken.callback)) {
				String code = allow ? verifier : "none: you declined";
				return page(HttpStatus.OK, "Flickr: your verification code",
						"<p>Enter this code in the app: <code>" + HtmlUtils.htmlEscape(code) + "</code></p>\n");
			}
			UriComponentsBuilder back = UriComponentsBuilder.fromUriString(requestToken.callback)
				.queryParam("oauth_token", OAuth1.percentEncode(token));
			if (allow) {
				back.queryParam("oauth_verifier", OAuth1.percentEncode(verifier));
			}
			else {
				back.queryParam("oauth_problem", "user_refused");
			}
			return ServerResponse.status(HttpStatus.FOUND).location(back.build(true).toUri()).build();
		});
	}

	private Mono<ServerResponse> accessToken(ServerRequest request) {
		return Incoming.read(request).flatMap((incoming) -> {
			Map<String, String> protocol = incoming.protocolParameters();
			Mono<ServerResponse> problem = checkConsumer(incoming, protocol);
			if (problem != null) {
				return problem;
			}
			String token = Optional.ofNullable(protocol.get("oauth_token")).orElse("");
			RequestToken requestToken;
			synchronized (this.lock) {
				pruneRequestTokens();
				requestToken = this.requestTokens.get(token);
			}
			if (requestToken == null) {
				return oauthProblem("token_rejected");
			}
			String expected = OAuth1.signature(incoming.baseString(), this.app.clientSecret(), requestToken.secret);
			if (!matches(expected, protocol.get("oauth_signature"))) {
				return oauthProblem("signature_invalid&debug_sbs=" + OAuth1.percentEncode(incoming.baseString()));
			}
			if (requestToken.verifier == null || !requestToken.verifier.equals(protocol.get("oauth_verifier"))) {
				return oauthProblem("parameter_rejected&oauth_parameters_rejected=oauth_verifier");
			}
			synchronized (this.lock) {
				// A verifier is good for one exchange only.
				if (this.requestTokens.remove(token) == null) {
					return oauthProblem("token_rejected");
				}
			}
			User user = requestToken.user;
			AccessToken access = issueAccessToken(user.nsid(), requestToken.perms.id);
			return form("fullname=" + OAuth1.percentEncode(user.fullname()) + "&oauth_token="
					+ OAuth1.percentEncode(access.token()) + "&oauth_token_secret="
					+ OAuth1.percentEncode(access.secret()) + "&user_nsid=" + OAuth1.percentEncode(user.nsid())
					+ "&username=" + OAuth1.percentEncode(user.username()));
		});
	}

	/** The consumer checks the token endpoints share; {@code null} when all is well. */
	private Mono<ServerResponse> checkConsumer(Incoming incoming, Map<String, String> protocol) {
		String consumer = protocol.get("oauth_consumer_key");
		if (consumer == null) {
			return oauthProblem("parameter_absent&oauth_parameters_absent=oauth_consumer_key");
		}
		if (!consumer.equals(this.app.clientId())) {
			return oauthProblem("consumer_key_unknown");
		}
		if (protocol.get("oauth_signature") == null) {
			return oauthProblem("parameter_absent&oauth_parameters_absent=oauth_signature");
		}
		if (!OAuth1.HMAC_SHA1.equals(protocol.get("oauth_signature_method"))) {
			return oauthProblem("signature_method_rejected");
		}
		return null;
	}

	private void pruneRequestTokens() {
		Instant oldest = this.clock.instant().minus(REQUEST_TOKEN_LIFETIME);
		this.requestTokens.values().removeIf((token) -> token.issuedAt.isBefore(oldest));
	}

	private static Mono<ServerResponse> oauthProblem(String problem) {
		return ServerResponse.status(HttpStatus.UNAUTHORIZED)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("oauth_problem=" + problem);
	}

	private static Mono<ServerResponse> form(String body) {
		return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(body);
	}

	// ---------------------------------------------------------------------------------
	// Pages

	private Mono<ServerResponse> photoPage(ServerRequest request) {
		String id = request.pathVariable("id");
		Photo photo;
		synchronized (this.lock) {
			photo = this.photos.get(id);
		}
		if (photo == null || !photo.owner.equals(request.pathVariable("nsid"))) {
			return page(HttpStatus.NOT_FOUND, "This page is private or does not exist",
					"<p>There is no photo " + HtmlUtils.htmlEscape(id) + " on this Flickr emulator.</p>\n");
		}
		String content = "<p class=\"owner\">" + HtmlUtils.htmlEscape(user(photo.owner).fullname()) + "</p>\n"
				+ "<p class=\"media\">" + HtmlUtils.htmlEscape(photo.media.contentType()) + ", " + photo.media.size()
				+ " bytes, sha256 " + photo.media.sha256() + "</p>\n<blockquote>"
				+ HtmlUtils.htmlEscape(photo.description) + "</blockquote>\n<p class=\"tags\">"
				+ HtmlUtils.htmlEscape(String.join(", ", photo.tags)) + "</p>\n";
		return page(HttpStatus.OK, photo.title.isEmpty() ? "Photo " + id : photo.title, content);
	}

	private static Mono<ServerResponse> page(HttpStatus status, String title, String content) {
		String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
				+ HtmlUtils.htmlEscape(title) + " · Flickr emulator</title></head>\n<body>\n<h1>"
				+ HtmlUtils.htmlEscape(title) + "</h1>\n" + content + "</body>\n</html>\n";
		return ServerResponse.status(status).contentType(HTML).bodyValue(html);
	}

	// ---------------------------------------------------------------------------------
	// Authentication

	/**
	 * Checks a REST call or an upload as Flickr does, in Flickr's order: the key, then
	 * the signature (with the secret of the token presented), then the permissions.
	 */
	private Caller authenticate(Incoming incoming, Perms required) {
		Map<String, String> protocol = incoming.protocolParameters();
		String key = Optional.ofNullable(incoming.param("api_key")).orElse(protocol.get("oauth_consumer_key"));
		if (key == null || key.isBlank()) {
			throw new Refusal(100, "Invalid API Key (Key not found)");
		}
		if (!key.equals(this.app.clientId())) {
			throw new Refusal(100, "Invalid API Key (Key has invalid format)");
		}
		String signature = protocol.get("oauth_signature");
		boolean signing = protocol.keySet().stream().anyMatch((name) -> !name.equals("oauth_signature"));
		if (signature == null && signing) {
			throw new Refusal(97, "Missing signature");
		}
		if (signature == null) {
			if (required != Perms.NONE) {
				throw new Refusal(99,
						"Insufficient permissions. Method requires " + required.id + " privileges; none granted.");
			}
			return new Caller(null, Perms.NONE);
		}
		if (!OAuth1.HMAC_SHA1.equals(protocol.get("oauth_signature_method"))
				|| !this.app.clientId().equals(protocol.get("oauth_consumer_key"))) {
			throw new Refusal(96, "Invalid signature");
		}
		String token = protocol.get("oauth_token");
		String tokenSecret = null;
		String nsid = null;
		Perms granted = Perms.NONE;
		if (token != null) {
			EmulatorTokens.Verdict verdict = this.tokens.check(FLICKR, token);
			if (!verdict.valid()) {
				throw new Refusal(98, "Invalid auth token");
			}
			String account = verdict.accountId();
			int tilde = account.indexOf('~');
			nsid = (tilde < 0) ? account : account.substring(0, tilde);
			// Tokens issued without perms (the demo's) carry the most a user can grant.
			granted = (tilde < 0) ? Perms.DELETE : Perms.of(account.substring(tilde + 1));
			tokenSecret = tokenSecret(token);
		}
		String expected = OAuth1.signature(incoming.baseString(), this.app.clientSecret(), tokenSecret);
		if (!matches(expected, signature)) {
			throw new Refusal(96, "Invalid signature");
		}
		if (granted.ordinal() < required.ordinal()) {
			throw new Refusal(99, "Insufficient permissions. Method requires " + required.id + " privileges; "
					+ ((granted == Perms.NONE) ? "none" : granted.id) + " granted.");
		}
		return new Caller(nsid, granted);
	}

	private static boolean matches(String expected, String presented) {
		return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				presented.getBytes(StandardCharsets.UTF_8));
	}

	// ---------------------------------------------------------------------------------
	// Helpers

	private User user(String nsid) {
		synchronized (this.lock) {
			return this.users.getOrDefault(nsid, new User(nsid, nsid, ""));
		}
	}

	private int countSets(String nsid) {
		synchronized (this.lock) {
			return (int) this.photosets.values().stream().filter((set) -> set.owner.equals(nsid)).count();
		}
	}

	private static String photoPageUrl(String base, String nsid, String id) {
		return base + "/photos/" + nsid + "/" + id + "/";
	}

	/** Escapes only what XML needs escaped; HTML's named entities are not XML. */
	private static String xmlEscape(String text) {
		return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
	}

	private static int parseInt(String value, int fallback) {
		try {
			return (value != null) ? Integer.parseInt(value.trim()) : fallback;
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	private static String hex(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	private static String digits(int count) {
		StringBuilder digits = new StringBuilder(count);
		for (int i = 0; i < count; i++) {
			digits.append(RANDOM.nextInt(10));
		}
		return digits.toString();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Decodes RFC 3986 percent-encoding, where {@code +} is a plus sign (the
	 * {@code Authorization} header's encoding).
	 */
	static String percentDecode(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			int hex = (c == '%' && i + 2 < text.length()) ? hexByte(text.substring(i + 1, i + 3)) : -1;
			if (hex >= 0) {
				out.write(hex);
				i += 2;
			}
			else {
				out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static int hexByte(String digits) {
		try {
			return Integer.parseInt(digits, 16);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	// ---------------------------------------------------------------------------------
	// Types

	/**
	 * How the emulator behaves where Flickr's behaviour depends on the account or on
	 * load.
	 *
	 * @param pollsBeforeComplete how many {@code checkTickets} answers show an upload
	 * pending ({@code complete="0"}) before it shows it done
	 * @param processingTime after how long an upload is done however often it was polled
	 * @param photoMaxBytes the largest photo accepted (Flickr: 200 MB)
	 * @param videoMaxBytes the largest video accepted (Flickr: 1 GB)
	 * @param maxPhotosets how many albums one user may have
	 * @param maxPhotosPerSet how many photos one album may hold
	 */
	public record Settings(int pollsBeforeComplete, Duration processingTime, long photoMaxBytes, long videoMaxBytes,
			int maxPhotosets, int maxPhotosPerSet) {

		/** Flickr's documented file limits, a Pro account's albums, quick processing. */
		public static final Settings DEFAULT = new Settings(1, Duration.ofSeconds(2), 200L * 1024 * 1024,
				1024L * 1024 * 1024, 1000, 10_000);

		public Settings {
			if (pollsBeforeComplete < 0 || processingTime.isNegative() || photoMaxBytes < 1 || videoMaxBytes < 1
					|| maxPhotosets < 1 || maxPhotosPerSet < 1) {
				throw new IllegalArgumentException("Every limit must be positive");
			}
		}

		public Settings withTickets(int pollsBeforeComplete, Duration processingTime) {
			return new Settings(pollsBeforeComplete, processingTime, this.photoMaxBytes, this.videoMaxBytes,
					this.maxPhotosets, this.maxPhotosPerSet);
		}

		public Settings withFileLimits(long photoMaxBytes, long videoMaxBytes) {
			return new Settings(this.pollsBeforeComplete, this.processingTime, photoMaxBytes, videoMaxBytes,
					this.maxPhotosets, this.maxPhotosPerSet);
		}

		public Settings withAlbumLimits(int maxPhotosets, int maxPhotosPerSet) {
			return new Settings(this.pollsBeforeComplete, this.processingTime, this.photoMaxBytes, this.videoMaxBytes,
					maxPhotosets, maxPhotosPerSet);
		}

	}

	/**
	 * A Flickr member.
	 *
	 * @param nsid the member's id, such as {@code 12345678@N01}
	 * @param username the screen name
	 * @param fullname the real name, may be empty
	 */
	public record User(String nsid, String username, String fullname) {

	}

	/**
	 * An access token and its secret. {@link #toString()} leaves them out.
	 *
	 * @param token the token
	 * @param secret its secret
	 */
	public record AccessToken(String token, String secret) {

		@Override
		public String toString() {
			return "AccessToken[<hidden>]";
		}

	}

	/**
	 * An album as a test sees it.
	 *
	 * @param id the photoset id
	 * @param owner the owner's NSID
	 * @param title the title
	 * @param photoIds its photos, the primary first
	 */
	public record PhotosetView(String id, String owner, String title, List<String> photoIds) {

	}

	private enum Perms {

		NONE("none", "nothing"), READ("read", "see your private photos and videos"),
		WRITE("write", "upload, edit and replace your photos and videos, and organise them in albums"),
		DELETE("delete", "upload, edit, replace and delete your photos and videos");

		private final String id;

		private final String description;

		Perms(String id, String description) {
			this.id = id;
			this.description = description;
		}

		static Perms ofOrNull(String id) {
			return Arrays.stream(values()).filter((perms) -> perms.id.equals(id)).findFirst().orElse(null);
		}

		static Perms of(String id) {
			Perms perms = ofOrNull(id);
			if (perms == null) {
				throw new IllegalArgumentException("perms must be read, write or delete, was " + id);
			}
			return perms;
		}

	}

	private record Caller(String nsid, Perms perms) {

	}

	private record ReceivedFile(long size, String sha256, String kind, String contentType) {

	}

	private static final class Refusal extends RuntimeException {

		private final int code;

		Refusal(int code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

	}

	private record Photo(String id, String owner, String title, String description, List<String> tags, boolean isPublic,
			ReceivedMedia media, Instant postedAt) {

	}

	/**
	 * @param number the number Flickr shows in the comment's permalink
	 * @param photoOwner the NSID of the photo's owner, who may delete it
	 * @param byChannel whether it came through the API rather than {@link #comment}
	 */
	private record Comment(String id, long number, String photoId, String photoOwner, String authorId,
			String authorName, String text, Instant createdAt, boolean deleted, boolean byChannel) {

		Comment deletedNow() {
			return new Comment(this.id, this.number, this.photoId, this.photoOwner, this.authorId, this.authorName,
					this.text, this.createdAt, true, this.byChannel);
		}

	}

	private static final class Ticket {

		private final String id;

		private final String photoId;

		private final Instant uploadedAt;

		private final boolean failed;

		private int polls;

		Ticket(String id, String photoId, Instant uploadedAt, boolean failed) {
			this.id = id;
			this.photoId = photoId;
			this.uploadedAt = uploadedAt;
			this.failed = failed;
		}

	}

	private static final class Photoset {

		private final String id;

		private final String owner;

		private final String title;

		private final String description;

		private final String primary;

		private final List<String> photoIds = new ArrayList<>();

		Photoset(String id, String owner, String title, String description, String primary) {
			this.id = id;
			this.owner = owner;
			this.title = title;
			this.description = description;
			this.primary = primary;
		}

	}

	private static final class RequestToken {

		private final String token;

		private final String secret;

		private final String callback;

		private final Instant issuedAt;

		private User user;

		private Perms perms;

		private String verifier;

		RequestToken(String token, String secret, String callback, Instant issuedAt) {
			this.token = token;
			this.secret = secret;
			this.callback = callback;
			this.issuedAt = issuedAt;
		}

		void approve(User user, Perms perms, String verifier) {
			this.user = user;
			this.perms = perms;
			this.verifier = verifier;
		}

	}

	/** How a REST answer is written. */
	private enum Format {

		XML, JSON, JSONP;

		static Format of(String format, String noJsonCallback) {
			if (format == null || format.isEmpty() || format.equals("rest") || format.equals("xml")) {
				return XML;
			}
			if (format.equals("json")) {
				return "1".equals(noJsonCallback) ? JSON : JSONP;
			}
			return null;
		}

	}

	/** A request as the checks and methods see it. */
	private record Incoming(String method, URI uri, List<Parameter> query, List<Parameter> body,
			Map<String, String> header, Part photo) {

		static Mono<Incoming> read(ServerRequest request) {
			String method = request.method().name();
			URI uri = request.uri();
			List<Parameter> query = OAuth1.parseForm(uri.getRawQuery());
			Map<String, String> header = parseAuthorization(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
			MediaType type = request.headers().contentType().orElse(null);
			if (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
				return request.multipartData().map((parts) -> fromParts(method, uri, query, header, parts));
			}
			if (type != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
				return request.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map((body) -> new Incoming(method, uri, query, OAuth1.parseForm(body), header, null));
			}
			return Mono.just(new Incoming(method, uri, query, List.of(), header, null));
		}

		private static Incoming fromParts(String method, URI uri, List<Parameter> query, Map<String, String> header,
				MultiValueMap<String, Part> parts) {
			List<Parameter> fields = new ArrayList<>();
			Part photo = null;
			for (Map.Entry<String, List<Part>> entry : parts.entrySet()) {
				for (Part part : entry.getValue()) {
					// The photo is never signed, whether or not it came with a filename.
					if (entry.getKey().equals("photo")) {
						photo = (photo == null) ? part : photo;
					}
					else if (part instanceof FormFieldPart field) {
						fields.add(new Parameter(entry.getKey(), field.value()));
					}
				}
			}
			return new Incoming(method, uri, query, fields, header, photo);
		}

		private static Map<String, String> parseAuthorization(String authorization) {
			Map<String, String> parameters = new LinkedHashMap<>();
			if (authorization == null || !authorization.regionMatches(true, 0, "OAuth ", 0, 6)) {
				return parameters;
			}
			Matcher matcher = HEADER_PARAMETER.matcher(authorization.substring(6));
			while (matcher.find()) {
				String name = percentDecode(matcher.group(1));
				if (!name.equals("realm")) {
					parameters.put(name, percentDecode(matcher.group(2)));
				}
			}
			return parameters;
		}

		/** A parameter from the body, else from the query (Flickr reads both). */
		String param(String name) {
			for (List<Parameter> source : List.of(this.body, this.query)) {
				for (Parameter parameter : source) {
					if (parameter.name().equals(name)) {
						return parameter.value();
					}
				}
			}
			return null;
		}

		/**
		 * The {@code oauth_*} parameters from the header, else from the body and query.
		 */
		Map<String, String> protocolParameters() {
			if (!this.header.isEmpty()) {
				return this.header;
			}
			Map<String, String> protocol = new LinkedHashMap<>();
			for (List<Parameter> source : List.of(this.query, this.body)) {
				for (Parameter parameter : source) {
					if (parameter.name().startsWith("oauth_")) {
						protocol.putIfAbsent(parameter.name(), parameter.value());
					}
				}
			}
			return protocol;
		}

		/** The base string of what arrived: every parameter but the signature. */
		String baseString() {
			List<Parameter> signed = new ArrayList<>();
			for (List<Parameter> source : List.of(this.query, this.body)) {
				source.stream().filter((parameter) -> !parameter.name().equals("oauth_signature")).forEach(signed::add);
			}
			this.header.forEach((name, value) -> {
				if (!name.equals("oauth_signature")) {
					signed.add(new Parameter(name, value));
				}
			});
			URI withoutQuery = URI.create(OAuth1.baseStringUri(this.uri));
			return OAuth1.signatureBaseString(this.method, withoutQuery, signed);
		}

		/** Where this emulator is mounted, as the client reached it. */
		String base() {
			String url = OAuth1.baseStringUri(this.uri);
			int services = url.indexOf("/services/");
			return (services < 0) ? url : url.substring(0, services);
		}

	}

	/** A REST answer, written as XML, JSON or JSONP. */
	private record Answer(Element element, Integer code, String message) {

		static Answer ok(Element element) {
			return new Answer(element, null, null);
		}

		static Answer fail(int code, String message) {
			return new Answer(null, code, message);
		}

		Mono<ServerResponse> render(Format format) {
			if (format == Format.XML) {
				StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n");
				if (this.code != null) {
					xml.append("<rsp stat=\"fail\">\n\t<err code=\"")
						.append(this.code)
						.append("\" msg=\"")
						.append(xmlEscape(this.message))
						.append("\" />\n</rsp>\n");
				}
				else {
					xml.append("<rsp stat=\"ok\">\n");
					if (this.element != null) {
						this.element.xml(xml, "");
					}
					xml.append("</rsp>\n");
				}
				return ServerResponse.ok().contentType(XML).bodyValue(xml.toString());
			}
			Map<String, Object> json = new LinkedHashMap<>();
			if (this.code != null) {
				json.put("stat", "fail");
				json.put("code", this.code);
				json.put("message", this.message);
			}
			else {
				if (this.element != null) {
					json.put(this.element.name, this.element.json());
				}
				json.put("stat", "ok");
			}
			String text = JSON.writeValueAsString(json);
			if (format == Format.JSONP) {
				return ServerResponse.ok()
					.contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
					.bodyValue("jsonFlickrApi(" + text + ")");
			}
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(text);
		}

	}

	/**
	 * One element of an answer. JSON follows Flickr's mapping: attributes become fields,
	 * text becomes {@code _content}, children become objects, and lists become arrays.
	 */
	private static final class Element {

		private final String name;

		private final Map<String, Object> attributes = new LinkedHashMap<>();

		private final List<Element> children = new ArrayList<>();

		private final List<String> arrays = new ArrayList<>();

		private String text;

		Element(String name) {
			this.name = name;
		}

		Element attr(String name, Object value) {
			this.attributes.put(name, value);
			return this;
		}

		Element text(String text) {
			this.text = text;
			return this;
		}

		Element child(Element child) {
			this.children.add(child);
			return this;
		}

		/** Children of this name are a list, even when there is one or none. */
		Element array(String childName) {
			this.arrays.add(childName);
			return this;
		}

		void xml(StringBuilder out, String indent) {
			out.append(indent).append('\t').append('<').append(this.name);
			this.attributes.forEach((key, value) -> out.append(' ')
				.append(key)
				.append("=\"")
				.append(xmlEscape(String.valueOf(value)))
				.append('"'));
			if (this.children.isEmpty() && this.text == null) {
				out.append(" />\n");
				return;
			}
			out.append('>');
			if (this.text != null) {
				out.append(xmlEscape(this.text));
			}
			if (!this.children.isEmpty()) {
				out.append('\n');
				for (Element child : this.children) {
					child.xml(out, indent + '\t');
				}
				out.append(indent).append('\t');
			}
			out.append("</").append(this.name).append(">\n");
		}

		Object json() {
			Map<String, Object> json = new LinkedHashMap<>(this.attributes);
			for (String array : this.arrays) {
				json.put(array, new ArrayList<>());
			}
			for (Element child : this.children) {
				if (this.arrays.contains(child.name)) {
					@SuppressWarnings("unchecked")
					List<Object> list = (List<Object>) json.get(child.name);
					list.add(child.json());
				}
				else {
					json.put(child.name, child.json());
				}
			}
			if (this.text != null) {
				json.put("_content", this.text);
			}
			return json;
		}

	}

}
