package org.hubben.connector.youtube;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.Capabilities;
import org.hubben.connector.Capabilities.LinkPlacement;
import org.hubben.connector.Capabilities.TextMeasure;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.MediaKind;
import org.hubben.connector.MediaRules;
import org.hubben.connector.Moderation;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.http.PlatformClients;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishMedia;
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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Publishes a video to YouTube with {@code videos.insert} and Google's resumable upload
 * protocol, as the channel's OAuth 2.0 bearer token.
 *
 * <p>
 * The upload starts a session ({@code POST}, answered with the session URI in
 * {@code Location}), then sends the file in chunks of {@link Resumption#chunkBytes()}
 * with {@code Content-Range}, reading it without blocking. After a dropped connection or
 * a 5xx during a chunk it asks the session what arrived ({@code Content-Range: bytes
 * *}{@code /N}) and goes on from the byte the server names, so no byte YouTube
 * acknowledged is sent twice; it gives up after {@link Resumption#attempts()} such
 * failures, waiting longer before each.
 *
 * <p>
 * Failures map to {@link ConnectorException}s: 401 and a token without the upload scope
 * to {@link AuthorisationFailed}; {@code quotaExceeded} to {@link RateLimited} until the
 * next midnight Pacific time, when the daily quota starts afresh; {@code
 * uploadLimitExceeded} to {@link RateLimited} for 24 hours; other 4xx to
 * {@link PublishRefused}; any failure before the session exists, or during the upload
 * before its last chunk was sent, to {@link PlatformUnavailable} (no video exists until
 * the last byte arrives); a lost answer to the last chunk to {@link OutcomeUnknown}.
 * Messages never hold the token.
 */
@Component
public class YouTubeConnector implements Connector {

	/** Every chunk but the last must be a multiple of this. */
	public static final long CHUNK_GRANULARITY = 256 * 1024;

	private static final Platform YOUTUBE = Platform.YOUTUBE;

	private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

	private static final long MAX_VIDEO_BYTES = 256L * 1024 * 1024 * 1024;

	/**
	 * The video types YouTube takes that Hubben's media sniffer can tell apart. YouTube
	 * takes any {@code video/*}.
	 */
	private static final Set<String> VIDEO_TYPES = Set.of("video/mp4", "video/quicktime", "video/webm",
			"video/x-msvideo", "video/mpeg", "video/x-matroska");

	/**
	 * The description is the post text, with the link in it; the title is separate.
	 * YouTube limits the description to 5,000 bytes, which for text beyond ASCII is less
	 * than 5,000 code points; the emulator and YouTube refuse such a description. Title
	 * and description may not hold {@code <} or {@code >}; the tags together have at most
	 * 500 characters (YouTube's {@code videos} reference).
	 */
	private static final Capabilities CAPABILITIES = new Capabilities(5000, TextMeasure.UTF8_BYTES,
			LinkPlacement.IN_TEXT, 100, "<>", new Capabilities.TagRules(0, 500),
			new MediaRules(MediaRules.Required.VIDEO, Set.of(), 0, 0, VIDEO_TYPES, MAX_VIDEO_BYTES, 1, false));

	/** People &amp; Blogs, YouTube's default. */
	private static final String CATEGORY = "22";

	private static final Set<String> REAL_HOSTS = Set.of("www.googleapis.com", "youtube.googleapis.com");

	private static final Pattern RANGE = Pattern.compile("bytes=0-(\\d+)");

	private static final int READ_BUFFER_BYTES = 64 * 1024;

	/** Slowest upload rate a chunk is given time for before it counts as stuck. */
	private static final long MINIMUM_BYTES_PER_SECOND = 16 * 1024;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
		.withZone(java.time.ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** How many pages of 50 uploads {@link #find} reads at most. */
	private static final int MAX_FIND_PAGES = 20;

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private static final Logger logger = LoggerFactory.getLogger(YouTubeConnector.class);

	private final WebClient webClient;

	private final PlatformEndpoints endpoints;

	private final Duration timeout;

	private final Resumption resumption;

	private final Clock clock;

	private final YouTubeConversations conversations;

	/**
	 * @param chunkSize how much of a video one request carries; a multiple of 256 KiB
	 */
	@Autowired
	public YouTubeConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties, @Value("${hubben.platforms.youtube.chunk-size:8MB}") DataSize chunkSize) {
		this(webClientBuilder, endpoints, properties, new Resumption(chunkSize.toBytes(), 5, Duration.ofSeconds(1)),
				Clock.systemUTC());
	}

	YouTubeConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints, PlatformProperties properties,
			Resumption resumption, Clock clock) {
		this.endpoints = endpoints;
		this.timeout = properties.timeout();
		this.resumption = resumption;
		this.clock = clock;
		// Reactor Netty must never resend a request on its own: this connector decides
		// what to send again, from what the session says it has.
		this.webClient = PlatformClients.create(webClientBuilder, this.timeout);
		this.conversations = new YouTubeConversations(this.webClient, Mono.defer(this::baseUrl), this.timeout, clock);
	}

	@Override
	public Platform platform() {
		return YOUTUBE;
	}

	@Override
	public Capabilities capabilities() {
		return CAPABILITIES;
	}

	/**
	 * Uploads the post's one video as a public video: Hubben itself publishes at the due
	 * time, so YouTube's own scheduling ({@code publishAt}) is not used. The title is
	 * {@link PublishRequest#title()}, the description {@link PublishRequest#text()} as
	 * composed (the link is in it), the tags {@link PublishRequest#tags()}.
	 */
	@Override
	public Mono<PublishReceipt> publish(PublishRequest request) {
		List<PublishMedia> media = request.media();
		if (media.size() != 1 || media.get(0).kind() != MediaKind.VIDEO) {
			return Mono.error(new PublishRefused(YOUTUBE,
					"YouTube takes a post with exactly one video and nothing else; this one has " + describe(media)));
		}
		if (request.title() == null || request.title().isBlank()) {
			return Mono.error(new PublishRefused(YOUTUBE, "YouTube needs a title for the video: give the post one"));
		}
		PublishMedia video = media.get(0);
		if (video.size() <= 0) {
			return Mono.error(new PublishRefused(YOUTUBE, "The video " + video.filename() + " is empty"));
		}
		String token = request.channel().accessToken();
		return baseUrl().flatMap((base) -> startSession(base, request, video, token)
			.flatMap((location) -> upload(new Upload(base, video, token, location))));
	}

	/**
	 * Looks through the channel's uploads for the video the request made, the cheapest
	 * way YouTube offers (1 unit of quota per call):
	 * {@code channels.list?part=contentDetails&mine=true} names the uploads playlist,
	 * then {@code playlistItems.list?part=snippet} reads it newest first, 50 a page,
	 * until an item published before {@code since} (rounded down to the second). A video
	 * matches when its title and description are {@link PublishRequest#title()} and
	 * {@link PublishRequest#text()}, whitespace runs counting as one space and the ends
	 * trimmed.
	 * @return the newest matching video; empty when none matches or the channel has no
	 * uploads playlist; {@link AuthorisationFailed} for a refused token,
	 * {@link RateLimited} for the quota, {@link PlatformUnavailable} (retryable) for
	 * server errors, timeouts and lost connections, {@link OutcomeUnknown} when more than
	 * {@value #MAX_FIND_PAGES} pages would have to be read
	 */
	@Override
	public Mono<PublishReceipt> find(PublishRequest request, Instant since) {
		String token = request.channel().accessToken();
		String title = comparable(Objects.requireNonNullElse(request.title(), ""));
		String description = comparable(request.text());
		Instant from = since.truncatedTo(ChronoUnit.SECONDS);
		return baseUrl().flatMap((base) -> read(UriComponentsBuilder.fromUri(base)
			.path("/youtube/v3/channels")
			.queryParam("part", "contentDetails")
			.queryParam("mine", "true")
			.build()
			.toUri(), token).flatMap((channels) -> {
				String playlist = channels.path("items")
					.path(0)
					.path("contentDetails")
					.path("relatedPlaylists")
					.path("uploads")
					.asString("");
				return playlist.isEmpty() ? Mono.empty()
						: findUpload(base, playlist, null, token, from, title, description, 1);
			}));
	}

	private Mono<PublishReceipt> findUpload(URI base, String playlist, String pageToken, String token, Instant from,
			String title, String description, int page) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(base)
			.path("/youtube/v3/playlistItems")
			.queryParam("part", "snippet")
			.queryParam("playlistId", "{playlist}")
			.queryParam("maxResults", 50);
		if (pageToken != null) {
			uri.queryParam("pageToken", "{page}");
		}
		URI url = uri.encode()
			.buildAndExpand((pageToken != null) ? Map.of("playlist", playlist, "page", pageToken)
					: Map.of("playlist", playlist))
			.toUri();
		return read(url, token).flatMap((json) -> {
			for (JsonNode item : json.path("items")) {
				JsonNode snippet = item.path("snippet");
				Instant published = publishedAt(snippet);
				if (published != null && published.isBefore(from)) {
					// The uploads playlist is newest first: the rest is older still.
					return Mono.empty();
				}
				String videoId = snippet.path("resourceId").path("videoId").asString("");
				if (!videoId.isEmpty() && comparable(snippet.path("title").asString("")).equals(title)
						&& comparable(snippet.path("description").asString("")).equals(description)) {
					return Mono.just(receipt(base, videoId));
				}
			}
			String next = json.path("nextPageToken").asString("");
			if (next.isEmpty()) {
				return Mono.empty();
			}
			if (page >= MAX_FIND_PAGES) {
				return Mono.error(new OutcomeUnknown(YOUTUBE,
						"The channel has more than " + (MAX_FIND_PAGES * 50)
								+ " uploads since the video was sent; check its uploads before sending it again",
						null));
			}
			return findUpload(base, playlist, next, token, from, title, description, page + 1);
		});
	}

	/**
	 * One read of the Data API.
	 * @return the answer; empty for a 404 (no such playlist); errors as {@link #find}
	 * describes
	 */
	private Mono<JsonNode> read(URI url, String token) {
		return this.webClient.get()
			.uri(url)
			.headers((headers) -> headers.setBearerAuth(token))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((
					response) -> response.bodyToMono(String.class).defaultIfEmpty("").<JsonNode>handle((body, sink) -> {
						int code = response.statusCode().value();
						if (response.statusCode().is2xxSuccessful()) {
							sink.next(parse(body));
						}
						else if (code == 404) {
							sink.complete();
						}
						else if (code >= 500) {
							sink.error(new PlatformUnavailable(YOUTUBE,
									"YouTube could not list the channel's uploads (" + code + ")", null));
						}
						else {
							sink.error(failure(code, body, token));
						}
					}))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> new PlatformUnavailable(YOUTUBE,
					"YouTube could not be reached to list the channel's uploads: " + ex.getClass().getSimpleName(),
					ex));
	}

	private static Instant publishedAt(JsonNode snippet) {
		try {
			return Instant.parse(snippet.path("publishedAt").asString(""));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** Whitespace runs as one space, ends trimmed. */
	static String comparable(String text) {
		return WHITESPACE.matcher(text).replaceAll(" ").strip();
	}

	/**
	 * Reads every published comment and reply on the video, oldest first, as
	 * {@link YouTubeConversations} describes; YouTube does not list comments the channel
	 * rejected. A comment whose {@code authorChannelId} is the channel is its own.
	 */
	@Override
	public Flux<RemoteComment> comments(ChannelAccess channel, String postId, Instant since) {
		return this.conversations.comments(channel, postId, since);
	}

	/**
	 * Replies in the channel's name with {@code comments.insert}, under the thread's
	 * top-level comment.
	 */
	@Override
	public Mono<RemoteComment> reply(ChannelAccess channel, RemoteComment comment, String text) {
		return this.conversations.reply(channel, comment, text);
	}

	/**
	 * @return {@link Moderation#HIDE}: YouTube's {@code rejected} moderation status hides
	 * the comment from everyone
	 */
	@Override
	public Moderation moderation() {
		return Moderation.HIDE;
	}

	/**
	 * Rejects the comment with {@code comments.setModerationStatus}; rejecting it again,
	 * or a comment that is gone, completes.
	 */
	@Override
	public Mono<Void> moderate(ChannelAccess channel, RemoteComment comment) {
		return this.conversations.reject(channel, comment);
	}

	/**
	 * Looks a video up with {@code videos.list?part=id,status&id=}.
	 * @return the receipt, or empty when YouTube has no such video (or does not show it
	 * to this channel); a failure to reach YouTube is {@link PlatformUnavailable}, since
	 * a lookup changes nothing
	 */
	@Override
	public Mono<PublishReceipt> lookup(ChannelAccess channel, String remoteId) {
		String token = channel.accessToken();
		return baseUrl().flatMap((base) -> this.webClient.get()
			.uri(UriComponentsBuilder.fromUri(base)
				.path("/youtube/v3/videos")
				.queryParam("part", "id,status")
				.queryParam("id", "{id}")
				.encode()
				.buildAndExpand(remoteId)
				.toUri())
			.headers((headers) -> headers.setBearerAuth(token))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.<PublishReceipt>handle((body, sink) -> {
					int code = response.statusCode().value();
					if (!response.statusCode().is2xxSuccessful()) {
						sink.error(
								(code >= 500)
										? new PlatformUnavailable(YOUTUBE,
												"YouTube could not look the video up (" + code + ")", null)
										: failure(code, body, token));
						return;
					}
					for (JsonNode item : parse(body).path("items")) {
						if (remoteId.equals(item.path("id").asString(""))) {
							sink.next(receipt(base, remoteId));
							return;
						}
					}
					sink.complete();
				}))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> new PlatformUnavailable(YOUTUBE,
					"YouTube could not be reached to look the video up: " + ex.getClass().getSimpleName(), ex)));
	}

	private Mono<URI> baseUrl() {
		return Mono.fromCallable(() -> this.endpoints.baseUrl(YOUTUBE))
			.onErrorMap(IllegalStateException.class,
					(ex) -> new PlatformUnavailable(YOUTUBE, "YouTube could not be reached: " + ex.getMessage(), ex));
	}

	/**
	 * Starts the resumable session. No video exists until its last byte arrives, so any
	 * failure here means nothing was published.
	 * @return the session URI
	 */
	private Mono<URI> startSession(URI base, PublishRequest request, PublishMedia video, String token) {
		URI uri = UriComponentsBuilder.fromUri(base)
			.path("/upload/youtube/v3/videos")
			.queryParam("uploadType", "resumable")
			.queryParam("part", "snippet,status")
			.build()
			.toUri();
		return this.webClient.post().uri(uri).headers((headers) -> {
			headers.setBearerAuth(token);
			headers.set("X-Upload-Content-Length", String.valueOf(video.size()));
			headers.set("X-Upload-Content-Type", video.contentType());
		})
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(metadata(request))
			.exchangeToMono(
					(response) -> response.bodyToMono(String.class).defaultIfEmpty("").<URI>handle((body, sink) -> {
						int code = response.statusCode().value();
						if (response.statusCode().is2xxSuccessful()) {
							URI location = response.headers().asHttpHeaders().getLocation();
							if (location == null) {
								sink.error(new PlatformUnavailable(YOUTUBE,
										"YouTube answered without an upload session; nothing was published", null));
								return;
							}
							sink.next(uri.resolve(location));
							return;
						}
						sink.error(
								(code >= 500)
										? new PlatformUnavailable(YOUTUBE,
												"YouTube is unavailable (" + code + " " + reason(parse(body))
														+ "); nothing was published",
												null)
										: failure(code, body, token));
					}))
			.timeout(backstop())
			.onErrorMap((ex) -> !(ex instanceof ConnectorException),
					(ex) -> new PlatformUnavailable(YOUTUBE, "YouTube could not be reached to start the upload ("
							+ ex.getClass().getSimpleName() + "); nothing was published", ex));
	}

	private static Map<String, Object> metadata(PublishRequest request) {
		Map<String, Object> snippet = new LinkedHashMap<>();
		snippet.put("title", request.title());
		snippet.put("description", request.text());
		if (!request.tags().isEmpty()) {
			snippet.put("tags", request.tags());
		}
		snippet.put("categoryId", CATEGORY);
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("privacyStatus", "public");
		status.put("selfDeclaredMadeForKids", false);
		Map<String, Object> video = new LinkedHashMap<>();
		video.put("snippet", snippet);
		video.put("status", status);
		return video;
	}

	/**
	 * Sends chunks until YouTube answers with the video. Each round is one chunk, with
	 * whatever recovery it needs; {@code repeat} keeps the stack flat however many chunks
	 * a video has.
	 */
	private Mono<PublishReceipt> upload(Upload upload) {
		return Mono.defer(() -> nextChunk(upload))
			.repeat()
			.filter(Optional::isPresent)
			.next()
			.map(Optional::get)
			.switchIfEmpty(Mono.error(() -> new OutcomeUnknown(YOUTUBE,
					"The upload to YouTube ended without an answer; the video may exist: check the channel's uploads before sending again",
					null)));
	}

	private Mono<Optional<PublishReceipt>> nextChunk(Upload upload) {
		long size = upload.video.size();
		long start = upload.offset;
		if (start >= size) {
			return Mono.error(new OutcomeUnknown(YOUTUBE,
					"YouTube has every byte of the video but did not finish the upload; the video may exist: check the channel's uploads before sending again",
					null));
		}
		long end = Math.min(start + this.resumption.chunkBytes(), size);
		boolean last = end == size;
		upload.lastChunkSent = last;
		upload.chunkInFlight = true;
		return this.webClient.put().uri(upload.location).headers((headers) -> {
			headers.setBearerAuth(upload.token);
			headers.set("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + size);
			headers.setContentLength(end - start);
		})
			.contentType(mediaType(upload.video.contentType()))
			.body(BodyInserters.fromDataBuffers(read(upload.video.file(), start, end - start)))
			.exchangeToMono((response) -> answer(upload, response))
			.timeout(chunkBackstop(end - start))
			.onErrorResume((ex) -> !(ex instanceof ConnectorException), (ex) -> {
				if (last && !(ex instanceof ServerFailed) && !neverLeft(ex)) {
					// The whole video may have arrived: only a person checking the
					// channel
					// can tell now.
					return Mono.error(new OutcomeUnknown(YOUTUBE,
							"YouTube did not answer after the last part of the video; the video may exist: check the channel's uploads before sending again",
							ex));
				}
				return recover(upload, ex);
			});
	}

	/**
	 * After an interruption, waits, then asks the session what it has; each call counts
	 * as one of the {@link Resumption#attempts()}.
	 */
	private Mono<Optional<PublishReceipt>> recover(Upload upload, Throwable cause) {
		upload.failures++;
		if (upload.failures > this.resumption.attempts()) {
			return Mono.error(gaveUp(upload, cause));
		}
		Duration wait = this.resumption.backoff().multipliedBy(1L << Math.min(upload.failures - 1, 10));
		logger.info("YouTube upload of {} interrupted at byte {} of {} ({}); asking the session what arrived in {} ms",
				upload.video.filename(), upload.offset, upload.video.size(), describe(cause), wait.toMillis());
		upload.chunkInFlight = false;
		return Mono.delay(wait).then(this.webClient.put().uri(upload.location).headers((headers) -> {
			headers.setBearerAuth(upload.token);
			headers.set("Content-Range", "bytes */" + upload.video.size());
			headers.setContentLength(0);
		}).exchangeToMono((response) -> answer(upload, response)).timeout(backstop()))
			.onErrorResume((ex) -> !(ex instanceof ConnectorException), (ex) -> recover(upload, ex));
	}

	/** Reads a session's answer to a chunk or to a status query. */
	private Mono<Optional<PublishReceipt>> answer(Upload upload, ClientResponse response) {
		int code = response.statusCode().value();
		if (code == 308) {
			HttpHeaders headers = response.headers().asHttpHeaders();
			return response.releaseBody().then(Mono.fromCallable(() -> {
				advance(upload, headers);
				return Optional.<PublishReceipt>empty();
			}));
		}
		return response.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
			if (response.statusCode().is2xxSuccessful()) {
				String id = parse(body).path("id").asString("");
				if (id.isEmpty()) {
					return Mono.error(new OutcomeUnknown(YOUTUBE,
							"YouTube finished the upload (" + code + ") without naming the video; it may exist", null));
				}
				return Mono.just(Optional.of(receipt(upload.base, id)));
			}
			if (code >= 500) {
				return Mono.error(new ServerFailed(code, reason(parse(body))));
			}
			if (code == 404) {
				return Mono.error(upload.lastChunkSent ? new OutcomeUnknown(YOUTUBE,
						"YouTube no longer knows the upload session after the last part of the video was sent; the video may exist: check the channel's uploads before sending again",
						null)
						: new PlatformUnavailable(YOUTUBE,
								"YouTube no longer knows the upload session (404); nothing was published", null));
			}
			return Mono.error(failure(code, body, upload.token));
		});
	}

	/** Goes on from where a {@code 308} says the session is, at the URI it names. */
	private void advance(Upload upload, HttpHeaders headers) {
		long next = 0;
		String range = headers.getFirst(HttpHeaders.RANGE);
		if (range != null) {
			Matcher matcher = RANGE.matcher(range.trim());
			if (!matcher.matches()) {
				throw new PlatformUnavailable(YOUTUBE, "YouTube answered an upload with an unreadable Range", null);
			}
			next = Long.parseLong(matcher.group(1)) + 1;
		}
		if (next > upload.video.size()) {
			throw new PlatformUnavailable(YOUTUBE, "YouTube claims more bytes than the video has", null);
		}
		String location = headers.getFirst(HttpHeaders.LOCATION);
		if (location != null) {
			upload.location = upload.location.resolve(location);
		}
		// Stalls count only chunks sent that kept nothing; asking after a failure may
		// rightly find the session where it was.
		upload.stalls = (next > upload.offset || !upload.chunkInFlight) ? 0 : upload.stalls + 1;
		if (upload.stalls > this.resumption.attempts()) {
			throw new PlatformUnavailable(YOUTUBE, "YouTube keeps none of the video it is sent (at byte " + next
					+ " of " + upload.video.size() + "); nothing was published", null);
		}
		upload.offset = next;
		upload.lastChunkSent = false;
	}

	private ConnectorException gaveUp(Upload upload, Throwable cause) {
		if (upload.lastChunkSent) {
			return new OutcomeUnknown(YOUTUBE, "YouTube failed " + upload.failures
					+ " times after the last part of the video was sent; the video may exist: check the channel's uploads before sending again",
					cause);
		}
		return new PlatformUnavailable(YOUTUBE,
				"YouTube failed " + upload.failures + " times during the upload (at byte " + upload.offset + " of "
						+ upload.video.size() + "); nothing was published",
				cause);
	}

	private ConnectorException failure(int code, String body, String token) {
		JsonNode json = parse(body);
		String reason = reason(json);
		String message = redact(message(json, "HTTP " + code), token);
		if (code == 401) {
			return new AuthorisationFailed(YOUTUBE, "YouTube refused the channel's token: reconnect the channel");
		}
		if ("quotaExceeded".equals(reason) || "dailyLimitExceeded".equals(reason)) {
			Instant retryAt = nextMidnightPacific();
			return new RateLimited(YOUTUBE, "YouTube's daily quota for Hubben is used up: uploads wait until midnight"
					+ " Pacific time (" + TIME.format(retryAt) + ")", retryAt, RateLimited.Scope.APP);
		}
		if ("uploadLimitExceeded".equals(reason)) {
			Instant retryAt = this.clock.instant().plus(Duration.ofHours(24));
			return new RateLimited(YOUTUBE,
					"YouTube says the channel has uploaded as many videos as it may for now: trying again in 24 hours",
					retryAt, RateLimited.Scope.CHANNEL);
		}
		if ("userRateLimitExceeded".equals(reason)) {
			Instant retryAt = this.clock.instant().plus(Duration.ofMinutes(1));
			return new RateLimited(YOUTUBE, "YouTube asked the channel to slow down: trying again in a minute", retryAt,
					RateLimited.Scope.CHANNEL);
		}
		if ("rateLimitExceeded".equals(reason) || code == 429) {
			Instant retryAt = this.clock.instant().plus(Duration.ofMinutes(1));
			return new RateLimited(YOUTUBE, "YouTube asked Hubben to slow down: trying again in a minute", retryAt,
					RateLimited.Scope.APP);
		}
		if ("insufficientPermissions".equals(reason)) {
			return new AuthorisationFailed(YOUTUBE,
					"YouTube refused: the channel was connected without permission to upload videos: reconnect the channel");
		}
		return new PublishRefused(YOUTUBE,
				"YouTube refused the video: " + message + (reason.isEmpty() ? "" : " (" + reason + ")"));
	}

	private Instant nextMidnightPacific() {
		return LocalDate.ofInstant(this.clock.instant(), PACIFIC).plusDays(1).atStartOfDay(PACIFIC).toInstant();
	}

	static PublishReceipt receipt(URI base, String id) {
		if (base.getHost() != null && REAL_HOSTS.contains(base.getHost().toLowerCase(Locale.ROOT))) {
			return new PublishReceipt(id,
					UriComponentsBuilder.fromUriString("https://www.youtube.com/watch")
						.queryParam("v", "{id}")
						.encode()
						.buildAndExpand(id)
						.toUri());
		}
		return new PublishReceipt(id,
				UriComponentsBuilder.fromUri(base)
					.path("/watch")
					.queryParam("v", "{id}")
					.encode()
					.buildAndExpand(id)
					.toUri());
	}

	private static Flux<DataBuffer> read(Path file, long position, long length) {
		return DataBufferUtils.takeUntilByteCount(DataBufferUtils.readAsynchronousFileChannel(
				() -> AsynchronousFileChannel.open(file, StandardOpenOption.READ), position,
				DefaultDataBufferFactory.sharedInstance, READ_BUFFER_BYTES), length);
	}

	private static MediaType mediaType(String contentType) {
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (IllegalArgumentException ex) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	private static String describe(List<PublishMedia> media) {
		long videos = media.stream().filter((each) -> each.kind() == MediaKind.VIDEO).count();
		return (media.isEmpty()) ? "none" : videos + " video(s) and " + (media.size() - videos) + " image(s)";
	}

	/** Google's {@code error.errors[0].reason}, or empty. */
	private static String reason(JsonNode json) {
		return json.path("error").path("errors").path(0).path("reason").asString("");
	}

	private static String message(JsonNode json, String fallback) {
		String message = json.path("error").path("message").asString("");
		// Google's messages may hold HTML links.
		message = message.replaceAll("<[^>]+>", "").trim();
		return message.isEmpty() ? fallback : message;
	}

	private static String redact(String text, String token) {
		return token.isEmpty() ? text : text.replace(token, "<token>");
	}

	private static JsonNode parse(String body) {
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

	private static String describe(Throwable cause) {
		return (cause instanceof ServerFailed) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	/** Whether a failure proves the request never reached YouTube. */
	private static boolean neverLeft(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof SSLHandshakeException) {
				return true;
			}
		}
		return false;
	}

	private Duration backstop() {
		return this.timeout.multipliedBy(2);
	}

	/** Time for the chunk's bytes to go out even on a slow link, then for the answer. */
	private Duration chunkBackstop(long bytes) {
		return backstop().plusSeconds(bytes / MINIMUM_BYTES_PER_SECOND);
	}

	/**
	 * How the connector uploads and resumes.
	 *
	 * @param chunkBytes how much of the video one request carries: a positive multiple of
	 * 256 KiB
	 * @param attempts how many interruptions one upload survives
	 * @param backoff the wait before asking after the first interruption; it doubles
	 * after each further one
	 */
	public record Resumption(long chunkBytes, int attempts, Duration backoff) {

		public Resumption {
			if (chunkBytes <= 0 || chunkBytes % CHUNK_GRANULARITY != 0) {
				throw new IllegalArgumentException(
						"The YouTube chunk size must be a positive multiple of 256 KiB, was " + chunkBytes + " bytes");
			}
			if (attempts < 0) {
				throw new IllegalArgumentException("attempts must not be negative");
			}
			Objects.requireNonNull(backoff, "backoff");
		}

	}

	/** One upload in progress; its rounds run one after the other. */
	private static final class Upload {

		final URI base;

		final PublishMedia video;

		final String token;

		volatile URI location;

		/** The next byte the session wants. */
		volatile long offset;

		volatile int failures;

		volatile int stalls;

		volatile boolean lastChunkSent;

		/** Whether the answer awaited is to a chunk rather than to a status query. */
		volatile boolean chunkInFlight;

		Upload(URI base, PublishMedia video, String token, URI location) {
			this.base = base;
			this.video = video;
			this.token = token;
			this.location = location;
		}

	}

	/** A 5xx answer to a chunk or a status query: the session may still go on. */
	private static final class ServerFailed extends RuntimeException {

		ServerFailed(int code, String reason) {
			super("YouTube answered " + code + (reason.isEmpty() ? "" : " " + reason), null, false, false);
		}

	}

}
