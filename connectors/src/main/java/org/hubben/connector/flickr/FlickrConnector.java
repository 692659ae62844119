package org.hubben.connector.flickr;

import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLHandshakeException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

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
import org.hubben.connector.flickr.OAuth1.Credentials;
import org.hubben.connector.flickr.OAuth1.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Publishes one photo or video to a Flickr account and files it in the organisation's
 * album, with the channel's OAuth 1.0a token and secret signing every call
 * ({@link OAuth1}).
 *
 * <p>
 * Publishing is an asynchronous upload ({@code POST up.flickr.com/services/upload/} with
 * {@code async=1}), then {@code flickr.photos.upload.checkTickets} polled with backoff
 * until the ticket is done, then {@code flickr.photosets.getList} to find the album named
 * {@code hubben.platforms.flickr.album} (default "Hubben") and
 * {@code flickr.photosets.addPhoto}, or {@code flickr.photosets.create} with the photo as
 * its cover when there is no such album yet. The album is a courtesy: once the photo is
 * published a failure to file it is logged, never reported as a failed publication, since
 * resending would publish the photo twice.
 *
 * <p>
 * Failures map to {@link ConnectorException}s: Flickr's codes 96 to 99 (signature, token,
 * permissions) and 100 (API key) to {@link AuthorisationFailed}; 105, 106, upload error 0
 * and 3, HTTP 503 and failures to connect to {@link PlatformUnavailable}; HTTP 429
 * (Flickr's answer to a key over its hourly limit, without any header naming a time) to
 * {@link RateLimited}; every other upload error (5 unknown file type, 8 too large, 6
 * upload limit, ...) to {@link PublishRefused} with what to do about it. Once Flickr has
 * accepted the upload every failure is {@link OutcomeUnknown}, except a ticket Flickr
 * reports as failed ({@link PublishRefused}): the photo may exist. No message holds the
 * token or a secret.
 */
@Component
public class FlickrConnector implements Connector {

	private static final Logger logger = LoggerFactory.getLogger(FlickrConnector.class);

	private static final Platform FLICKR = Platform.FLICKR;

	/** Uploads go to this host; the emulator serves it under its one base. */
	static final URI UPLOAD_HOST = URI.create("https://up.flickr.com");

	/** The OAuth endpoints and the photo pages live on this host. */
	static final URI WEB_HOST = URI.create("https://www.flickr.com");

	private static final long MB = 1024 * 1024;

	/**
	 * Flickr's limits, in one place. Flickr's help pages allow photos (JPEG, PNG,
	 * non-animated GIF, TIFF) up to 200 MB and videos up to 1 GB; one photo or one video
	 * makes one post. Flickr documents no limit on a title or a description: 255
	 * characters of title and 10,000 of description are conservative figures that real
	 * titles and descriptions stay far below. A photo carries at most 75 tags (Flickr's
	 * help pages).
	 */
	static final Capabilities CAPABILITIES = new Capabilities(10_000, TextMeasure.CODE_POINTS, LinkPlacement.IN_TEXT,
			255, "", new Capabilities.TagRules(75, 0),
			new MediaRules(MediaRules.Required.IMAGE_OR_VIDEO,
					Set.of("image/jpeg", "image/png", "image/gif", "image/tiff"), 200 * MB, 1,
					Set.of("video/mp4", "video/quicktime"), 1024 * MB, 1, false));

	/**
	 * How long to wait after a 429: Flickr names no time, and its documented limit is
	 * 3600 calls an hour for the whole key.
	 */
	private static final Duration RATE_LIMIT_WAIT = Duration.ofHours(1);

	private static final int MAX_ALBUM_PAGES = 20;

	/** How many pages of 100 photos {@link #find} reads at most. */
	private static final int MAX_FIND_PAGES = 20;

	/**
	 * How long after {@code since} an upload may still be processing: Hubben's own
	 * polling gives up after about five minutes, Flickr may take longer with a large
	 * video.
	 */
	public static final Duration DEFAULT_PROCESSING_HORIZON = Duration.ofHours(1);

	private static final java.util.regex.Pattern HTML_TAG = java.util.regex.Pattern.compile("<[^>]*>");

	private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** How long to wait after Flickr says the channel is commenting too fast. */
	private static final Duration COMMENTING_PAUSE = Duration.ofMinutes(1);

	private final WebClient webClient;

	private final PlatformEndpoints endpoints;

	private final Duration timeout;

	private final String albumTitle;

	private final Clock clock;

	private final OAuth1 signer;

	private final TicketPolling polling;

	private final Duration processingHorizon;

	/**
	 * @param processingHorizon how long after a request was sent {@link #find} still
	 * expects Flickr may be processing its upload
	 */
	@Autowired
	public FlickrConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties, @Value("${hubben.platforms.flickr.album:Hubben}") String albumTitle,
			@Value("${hubben.platforms.flickr.processing-horizon:1h}") Duration processingHorizon) {
		this(webClientBuilder, endpoints, properties, albumTitle, Clock.systemUTC(), TicketPolling.DEFAULT,
				processingHorizon);
	}

	public FlickrConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties, String albumTitle, Clock clock, TicketPolling polling) {
		this(webClientBuilder, endpoints, properties, albumTitle, clock, polling, DEFAULT_PROCESSING_HORIZON);
	}

	public FlickrConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties, String albumTitle, Clock clock, TicketPolling polling,
			Duration processingHorizon) {
		this.processingHorizon = processingHorizon;
		this.endpoints = endpoints;
		this.timeout = properties.timeout();
		this.albumTitle = albumTitle;
		this.clock = clock;
		this.signer = new OAuth1(clock);
		this.polling = polling;
		this.webClient = PlatformClients.create(webClientBuilder, this.timeout);
	}

	@Override
	public Platform platform() {
		return FLICKR;
	}

	@Override
	public Capabilities capabilities() {
		return CAPABILITIES;
	}

	/**
	 * Uploads the one photo or video with the text as its description, then files it in
	 * the album. Polling stops after {@link TicketPolling#maxPolls()}: a ticket still
	 * pending then is {@link OutcomeUnknown}, with the ticket in the message.
	 */
	@Override
	public Mono<PublishReceipt> publish(PublishRequest request) {
		if (request.media().size() != 1) {
			return Mono.error(new PublishRefused(FLICKR,
					"Flickr takes exactly one photo or video per post; this post has " + request.media().size()));
		}
		PublishMedia media = request.media().get(0);
		ChannelAccess channel = request.channel();
		return site().flatMap((site) -> upload(site, request, media)
			.flatMap((uploaded) -> (uploaded.photoId() != null) ? Mono.just(uploaded.photoId())
					: awaitTicket(site, channel, uploaded.ticketId(), 0))
			.flatMap((photoId) -> fileInAlbum(site, channel, photoId).thenReturn(receipt(site, channel, photoId))));
	}

	/**
	 * Looks through the account's photos and videos uploaded since {@code since} with
	 * {@code flickr.photos.search} ({@code user_id=me}, {@code min_upload_date} at
	 * {@code since} in whole seconds, {@code extras=description,date_upload}, 100 a page,
	 * signed like every call). One matches when its description is
	 * {@link PublishRequest#text()} and, when the request has a title, its title is that
	 * title; HTML tags and entities Flickr may add are ignored, whitespace runs count as
	 * one space and the ends are trimmed.
	 *
	 * <p>
	 * Flickr lists an asynchronous upload only once it has processed it, and nothing
	 * tells an upload still being processed from one Flickr never received. So while
	 * {@code since} is less than the processing horizon ago
	 * ({@code hubben.platforms.flickr.processing-horizon}, default an hour) an unmatched
	 * search is {@link PlatformUnavailable}, retryable: look again later, as the ticket
	 * may still complete. After that, no match is empty and a resend is safe.
	 * @return the newest matching photo; empty as described; {@link AuthorisationFailed}
	 * for a refused token, {@link RateLimited} for a 429, {@link PlatformUnavailable}
	 * (retryable) for outages, {@link OutcomeUnknown} when more than
	 * {@value #MAX_FIND_PAGES} pages would have to be read
	 */
	@Override
	public Mono<PublishReceipt> find(PublishRequest request, Instant since) {
		ChannelAccess channel = request.channel();
		String title = (request.title() != null && !request.title().isBlank()) ? comparable(request.title()) : null;
		String description = comparable(request.text());
		long from = since.getEpochSecond();
		return site()
			.flatMap((site) -> findPage(site, channel, from, title, description, 1)
				.switchIfEmpty(Mono.defer(() -> this.clock.instant().isBefore(since.plus(this.processingHorizon))
						? Mono.error(new PlatformUnavailable(FLICKR,
								"Flickr shows no such photo yet, but it may still be processing an upload sent at "
										+ since + ": look again after " + since.plus(this.processingHorizon),
								null))
						: Mono.empty())))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException),
					(ex) -> (ex instanceof Failure failure) ? refusal(failure, null)
							: new PlatformUnavailable(FLICKR, "Flickr could not be searched: " + describe(ex), ex));
	}

	private Mono<PublishReceipt> findPage(Site site, ChannelAccess channel, long from, String title, String description,
			int page) {
		return rest(site, channel, "GET",
				List.of(new Parameter("method", "flickr.photos.search"), new Parameter("user_id", "me"),
						new Parameter("min_upload_date", String.valueOf(from)),
						new Parameter("extras", "description,date_upload"), new Parameter("sort", "date-posted-desc"),
						new Parameter("per_page", "100"), new Parameter("page", String.valueOf(page))))
			.flatMap((json) -> {
				JsonNode photos = json.path("photos");
				for (JsonNode photo : photos.path("photo")) {
					long uploaded = parseLong(text(photo.path("dateupload")));
					boolean recent = uploaded < 0 || uploaded >= from;
					if (recent && comparable(text(photo.path("description"))).equals(description)
							&& (title == null || comparable(text(photo.path("title"))).equals(title))) {
						String owner = text(photo.path("owner"));
						ChannelAccess as = owner.isEmpty() ? channel
								: new ChannelAccess(owner, channel.accessToken(), channel.tokenSecret());
						return Mono.just(receipt(site, as, text(photo.path("id"))));
					}
				}
				int pages = parseInt(text(photos.path("pages")));
				if (page >= pages) {
					return Mono.empty();
				}
				if (page >= MAX_FIND_PAGES) {
					return Mono.error(new OutcomeUnknown(FLICKR, "The account has more than " + (MAX_FIND_PAGES * 100)
							+ " uploads since the photo was sent; check its photostream before sending it again",
							null));
				}
				return findPage(site, channel, from, title, description, page + 1);
			});
	}

	/**
	 * Text as a person reads it: without HTML tags, with the entities Flickr uses
	 * decoded, whitespace runs as one space, ends trimmed.
	 */
	static String comparable(String text) {
		String plain = HTML_TAG.matcher(text)
			.replaceAll("")
			.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&");
		return WHITESPACE.matcher(plain).replaceAll(" ").strip();
	}

	private static long parseLong(String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Looks a photo up with {@code flickr.photos.getInfo}.
	 * @return the receipt, or empty when Flickr answers code 1 (photo not found)
	 */
	@Override
	public Mono<PublishReceipt> lookup(ChannelAccess channel, String remoteId) {
		return site().flatMap((site) -> rest(site, channel, "GET",
				List.of(new Parameter("method", "flickr.photos.getInfo"), new Parameter("photo_id", remoteId)))
			.flatMap((json) -> {
				String id = text(json.path("photo").path("id"));
				if (id.isEmpty()) {
					return Mono.error(new PlatformUnavailable(FLICKR, "Flickr answered without the photo", null));
				}
				String owner = text(json.path("photo").path("owner").path("nsid"));
				ChannelAccess as = owner.isEmpty() ? channel
						: new ChannelAccess(owner, channel.accessToken(), channel.tokenSecret());
				return Mono.just(receipt(site, as, id));
			})
			.onErrorResume(Failure.class,
					(failure) -> (failure.code == 1) ? Mono.empty() : Mono.error(refusal(failure, null))))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException),
					(ex) -> new PlatformUnavailable(FLICKR, "Flickr could not be reached: " + describe(ex), ex));
	}

	// ---------------------------------------------------------------------------------
	// Conversations

	/**
	 * Flickr has no hiding: moderating a comment deletes it.
	 */
	@Override
	public Moderation moderation() {
		return Moderation.DELETE;
	}

	/**
	 * Reads the photo's comments with {@code flickr.photos.comments.getList}
	 * ({@code min_comment_date} at {@code since} in whole seconds; Flickr answers every
	 * comment at once, oldest first, and has no paging here). Flickr's comments are flat,
	 * so none has a parent, and deleted ones are gone, so none is hidden. The text is
	 * made plain: Flickr allows a little HTML in comments.
	 * @return {@link PublishRefused} when Flickr has no such photo (code 1: deleted or
	 * made private); {@link AuthorisationFailed} for codes 96 to 100; {@link RateLimited}
	 * for a 429; {@link PlatformUnavailable} for outages, timeouts and lost answers
	 */
	@Override
	public Flux<RemoteComment> comments(ChannelAccess channel, String postId, Instant since) {
		return site().flatMap((site) -> commentList(site, channel, postId, since))
			.flatMapIterable((comments) -> comments)
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> conversationFailure(ex, postId));
	}

	private Mono<List<RemoteComment>> commentList(Site site, ChannelAccess channel, String postId, Instant since) {
		List<Parameter> parameters = new ArrayList<>();
		parameters.add(new Parameter("method", "flickr.photos.comments.getList"));
		parameters.add(new Parameter("photo_id", postId));
		if (since != null) {
			parameters.add(new Parameter("min_comment_date", String.valueOf(since.getEpochSecond())));
		}
		long from = (since != null) ? since.getEpochSecond() : Long.MIN_VALUE;
		return rest(site, channel, "GET", parameters).map((json) -> {
			List<RemoteComment> comments = new ArrayList<>();
			for (JsonNode comment : json.path("comments").path("comment")) {
				long written = parseLong(text(comment.path("datecreate")));
				if (written < from) {
					continue;
				}
				String author = text(comment.path("author"));
				String name = text(comment.path("authorname"));
				comments.add(new RemoteComment(text(comment.path("id")), postId, null, author,
						name.isEmpty() ? author : name, plain(text(comment)),
						Instant.ofEpochSecond(Math.max(0, written)), false, author.equals(channel.accountId())));
			}
			comments.sort(java.util.Comparator.comparing(RemoteComment::createdAt));
			return comments;
		});
	}

	/**
	 * Comments on the photo with {@code flickr.photos.comments.addComment} (a signed
	 * POST, write permission), then reads the comment back from the photo's comments;
	 * should that read fail, the reply is described from what Flickr answered (the
	 * channel's account id standing in for its name). Flickr's comments are flat, so the
	 * reply has no parent: it follows the comment on the same photo.
	 * @return {@link RateLimited} for code 9 ("posting too fast"), a minute later;
	 * {@link PublishRefused} for a photo that is gone (1) or a blank text (8);
	 * {@link OutcomeUnknown} when the answer is lost after the request went out, since
	 * the comment may exist
	 */
	@Override
	public Mono<RemoteComment> reply(ChannelAccess channel, RemoteComment comment, String text) {
		String postId = comment.postId();
		Instant sent = this.clock.instant();
		return site().flatMap((site) -> rest(site, channel, "POST",
				List.of(new Parameter("method", "flickr.photos.comments.addComment"), new Parameter("photo_id", postId),
						new Parameter("comment_text", text)))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException || ex instanceof Failure),
					(ex) -> neverLeft(ex)
							? new PlatformUnavailable(FLICKR, "Flickr could not be reached: " + describe(ex), ex)
							: new OutcomeUnknown(FLICKR, "Flickr did not answer the comment; it may exist", ex))
			.flatMap((json) -> {
				String id = text(json.path("comment").path("id"));
				if (id.isEmpty()) {
					return Mono.error(
							new OutcomeUnknown(FLICKR, "Flickr took the comment without its id; it may exist", null));
				}
				RemoteComment described = new RemoteComment(id, postId, null, channel.accountId(), channel.accountId(),
						text, sent.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), false, true);
				return commentList(site, channel, postId, sent.minusSeconds(60))
					.mapNotNull((comments) -> comments.stream()
						.filter((shown) -> shown.id().equals(id))
						.findFirst()
						.orElse(null))
					.onErrorResume((ex) -> Mono.empty())
					.defaultIfEmpty(described);
			})).onErrorMap(Failure.class, (failure) -> switch (failure.code()) {
				case 9 -> new RateLimited(FLICKR,
						"Flickr says the channel is commenting too fast: waiting until " + sent.plus(COMMENTING_PAUSE),
						sent.plus(COMMENTING_PAUSE), RateLimited.Scope.CHANNEL);
				case 8 -> new PublishRefused(FLICKR, "Flickr refused a blank comment: write something");
				default -> conversationFailure(failure, postId);
			});
	}

	/**
	 * Deletes the comment with {@code flickr.photos.comments.deleteComment} (a signed
	 * POST, write permission): Flickr cannot hide one. Idempotent. Flickr answers code 2
	 * "comment not found" both for a comment already deleted and for one the channel may
	 * not delete, so after code 2 the photo's comments are read: the deletion counts as
	 * done only when the comment is no longer among them, and is {@link PublishRefused}
	 * when it still is. Code 1 (the photo is gone, and its comments with it) completes.
	 * @return errors as for {@link #comments}
	 */
	@Override
	public Mono<Void> moderate(ChannelAccess channel, RemoteComment comment) {
		return site().flatMap((site) -> rest(site, channel, "POST",
				List.of(new Parameter("method", "flickr.photos.comments.deleteComment"),
						new Parameter("comment_id", comment.id())))
			.then()
			.onErrorResume(Failure.class, (failure) -> switch (failure.code()) {
				case 1 -> Mono.empty();
				case 2 -> commentList(site, channel, comment.postId(), null)
					.onErrorResume(Failure.class,
							(gone) -> (gone.code() == 1) ? Mono.just(List.of()) : Mono.error(gone))
					.flatMap((comments) -> comments.stream().anyMatch((shown) -> shown.id().equals(comment.id()))
							? Mono.error(new PublishRefused(FLICKR,
									"Flickr did not let the channel delete the "
											+ "comment: only the photo's owner or the comment's author may"))
							: Mono.empty());
				default -> Mono.error(failure);
			}))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> conversationFailure(ex, comment.postId()));
	}

	/** A failure of a conversation call; calls that change nothing can be repeated. */
	private static ConnectorException conversationFailure(Throwable ex, String postId) {
		if (ex instanceof ConnectorException known) {
			return known;
		}
		if (ex instanceof Failure failure) {
			if (failure.code() == 1) {
				return new PublishRefused(FLICKR,
						"Flickr no longer shows photo " + postId + ": it was deleted or made private");
			}
			return refusal(failure, null);
		}
		return new PlatformUnavailable(FLICKR, "Flickr could not be asked about the comments: " + describe(ex), ex);
	}

	/** A comment's text as a person reads it: tags dropped, Flickr's entities decoded. */
	static String plain(String html) {
		return HTML_TAG.matcher(html.replaceAll("(?i)<br\\s*/?>", "\n"))
			.replaceAll("")
			.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&")
			.strip();
	}

	// ---------------------------------------------------------------------------------

	private Mono<Site> site() {
		return Mono
			.fromCallable(() -> new Site(this.endpoints.baseUrl(FLICKR), this.endpoints.resolve(FLICKR, UPLOAD_HOST),
					this.endpoints.resolve(FLICKR, WEB_HOST), this.endpoints.app(FLICKR)))
			.onErrorMap(IllegalStateException.class,
					(ex) -> ex.getMessage().contains("registered") ? new AuthorisationFailed(FLICKR, ex.getMessage())
							: new PlatformUnavailable(FLICKR, "Flickr could not be reached: " + ex.getMessage(), ex));
	}

	private Mono<Uploaded> upload(Site site, PublishRequest request, PublishMedia media) {
		List<Parameter> fields = new ArrayList<>();
		if (request.title() != null && !request.title().isBlank()) {
			fields.add(new Parameter("title", request.title()));
		}
		fields.add(new Parameter("description", request.text()));
		if (!request.tags().isEmpty()) {
			fields.add(new Parameter("tags", tags(request.tags())));
		}
		fields.add(new Parameter("is_public", "1"));
		fields.add(new Parameter("async", "1"));
		URI url = UriComponentsBuilder.fromUri(site.upload()).path("/services/upload/").build().toUri();
		// Every field but the photo is signed, as Flickr requires.
		Map<String, String> protocol = this.signer.sign("POST", url, fields, credentials(site, request.channel()),
				Map.of());
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		fields.forEach((field) -> body.part(field.name(), field.value()));
		body.part("photo", new FileSystemResource(media.file()))
			.filename(media.filename())
			.contentType(MediaType.parseMediaType(media.contentType()));
		return this.webClient.post()
			.uri(url)
			.header(HttpHeaders.AUTHORIZATION, OAuth1.authorizationHeader(protocol))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.flatMap((text) -> readUpload(response, text, media)))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), FlickrConnector::uploadTransportFailure);
	}

	private Mono<Uploaded> readUpload(ClientResponse response, String body, PublishMedia media) {
		HttpStatusCode status = response.statusCode();
		if (!status.is2xxSuccessful()) {
			return Mono.error(httpFailure(status, response.headers().asHttpHeaders(), true));
		}
		Document xml = parseXml(body);
		if (xml == null) {
			return Mono.error(new OutcomeUnknown(FLICKR,
					"Flickr answered the upload with something other than its XML; the photo may exist", null));
		}
		Element rsp = xml.getDocumentElement();
		if ("fail".equals(rsp.getAttribute("stat"))) {
			Element err = firstElement(rsp, "err");
			int code = (err != null) ? parseInt(err.getAttribute("code")) : -1;
			String message = (err != null) ? err.getAttribute("msg") : "no details";
			return Mono.error(refusal(new Failure(code, message), media));
		}
		Element ticket = firstElement(rsp, "ticketid");
		if (ticket != null && !ticket.getTextContent().isBlank()) {
			return Mono.just(new Uploaded(null, ticket.getTextContent().trim()));
		}
		Element photo = firstElement(rsp, "photoid");
		if (photo != null && !photo.getTextContent().isBlank()) {
			return Mono.just(new Uploaded(photo.getTextContent().trim(), null));
		}
		return Mono.error(new OutcomeUnknown(FLICKR,
				"Flickr accepted the upload without a ticket or photo id; the photo may exist", null));
	}

	private Mono<String> awaitTicket(Site site, ChannelAccess channel, String ticketId, int poll) {
		return Mono.delay(this.polling.delayBefore(poll))
			.then(rest(site, channel, "GET",
					List.of(new Parameter("method", "flickr.photos.upload.checkTickets"),
							new Parameter("tickets", ticketId))))
			.flatMap((json) -> {
				JsonNode ticket = firstOf(json.path("uploader").path("ticket"));
				if ("1".equals(text(ticket.path("invalid")))) {
					return Mono.error(new OutcomeUnknown(FLICKR,
							"Flickr no longer knows upload ticket " + ticketId + "; the photo may exist", null));
				}
				String complete = text(ticket.path("complete"));
				if ("1".equals(complete) && !text(ticket.path("photoid")).isEmpty()) {
					return Mono.just(text(ticket.path("photoid")));
				}
				if ("2".equals(complete)) {
					return Mono.error(new PublishRefused(FLICKR, "Flickr could not process the upload (ticket "
							+ ticketId + "): check that the file opens, then post it again"));
				}
				if (poll + 1 >= this.polling.maxPolls()) {
					return Mono.error(new OutcomeUnknown(FLICKR, "Flickr was still processing the upload (ticket "
							+ ticketId + ") when Hubben stopped waiting; the photo may appear", null));
				}
				return awaitTicket(site, channel, ticketId, poll + 1);
			})
			.onErrorMap((ex) -> !(ex instanceof OutcomeUnknown) && !(ex instanceof PublishRefused),
					(ex) -> new OutcomeUnknown(FLICKR, "Flickr accepted the upload (ticket " + ticketId
							+ ") but checking on it failed (" + describe(ex) + "); the photo may exist", ex));
	}

	/**
	 * Files the photo in the album titled {@link #albumTitle}, creating the album with
	 * the photo as its cover when there is none. Never fails: the photo is published
	 * already.
	 */
	private Mono<Void> fileInAlbum(Site site, ChannelAccess channel, String photoId) {
		return findAlbum(site, channel, 1).flatMap((album) -> {
			if (album.isPresent()) {
				return rest(site, channel, "POST",
						List.of(new Parameter("method", "flickr.photosets.addPhoto"),
								new Parameter("photoset_id", album.get()), new Parameter("photo_id", photoId)))
					.then()
					// 3: the photo is in the album already.
					.onErrorResume(Failure.class,
							(failure) -> (failure.code == 3) ? Mono.empty() : Mono.error(failure));
			}
			return rest(site, channel, "POST", List.of(new Parameter("method", "flickr.photosets.create"),
					new Parameter("title", this.albumTitle), new Parameter("primary_photo_id", photoId)))
				.then();
		}).onErrorResume((ex) -> {
			logger.warn("Flickr photo {} is published but not in the album '{}': {}", photoId, this.albumTitle,
					describe(ex));
			return Mono.empty();
		});
	}

	private Mono<Optional<String>> findAlbum(Site site, ChannelAccess channel, int page) {
		return rest(site, channel, "GET",
				List.of(new Parameter("method", "flickr.photosets.getList"),
						new Parameter("user_id", channel.accountId()), new Parameter("page", String.valueOf(page)),
						new Parameter("per_page", "500")))
			.flatMap((json) -> {
				JsonNode sets = json.path("photosets");
				for (JsonNode set : sets.path("photoset")) {
					if (this.albumTitle.equals(text(set.path("title")))) {
						return Mono.just(Optional.of(text(set.path("id"))));
					}
				}
				int pages = parseInt(text(sets.path("pages")));
				if (page < pages && page < MAX_ALBUM_PAGES) {
					return findAlbum(site, channel, page + 1);
				}
				return Mono.just(Optional.<String>empty());
			});
	}

	/**
	 * One signed REST call asking for plain JSON.
	 * @return the answer when {@code stat} is {@code ok}; a {@link Failure} when it is
	 * {@code fail}; a {@link ConnectorException} for HTTP failures
	 */
	private Mono<JsonNode> rest(Site site, ChannelAccess channel, String method, List<Parameter> parameters) {
		List<Parameter> all = new ArrayList<>(parameters);
		all.add(new Parameter("format", "json"));
		all.add(new Parameter("nojsoncallback", "1"));
		URI endpoint = UriComponentsBuilder.fromUri(site.api()).path("/services/rest/").build().toUri();
		Credentials credentials = credentials(site, channel);
		WebClient.RequestHeadersSpec<?> spec;
		if ("GET".equals(method)) {
			URI url = URI.create(endpoint + "?" + OAuth1.formEncode(all));
			Map<String, String> protocol = this.signer.sign(method, url, List.of(), credentials, Map.of());
			spec = this.webClient.get()
				.uri(url)
				.header(HttpHeaders.AUTHORIZATION, OAuth1.authorizationHeader(protocol));
		}
		else {
			Map<String, String> protocol = this.signer.sign(method, endpoint, all, credentials, Map.of());
			spec = this.webClient.post()
				.uri(endpoint)
				.header(HttpHeaders.AUTHORIZATION, OAuth1.authorizationHeader(protocol))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue(OAuth1.formEncode(all));
		}
		return spec.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
				if (!response.statusCode().is2xxSuccessful()) {
					return Mono.error(httpFailure(response.statusCode(), response.headers().asHttpHeaders(), false));
				}
				JsonNode json = parseJson(body);
				if ("ok".equals(text(json.path("stat")))) {
					return Mono.just(json);
				}
				if ("fail".equals(text(json.path("stat")))) {
					return Mono.error(new Failure(json.path("code").asInt(-1), text(json.path("message"))));
				}
				return Mono.error(new PlatformUnavailable(FLICKR, "Flickr answered something other than JSON", null));
			}))
			.timeout(this.timeout.multipliedBy(2));
	}

	private Credentials credentials(Site site, ChannelAccess channel) {
		return new Credentials(site.app().clientId(), site.app().clientSecret(), channel.accessToken(),
				channel.tokenSecret());
	}

	static PublishReceipt receipt(Site site, ChannelAccess channel, String photoId) {
		return new PublishReceipt(photoId,
				UriComponentsBuilder.fromUri(site.web())
					.pathSegment("photos", channel.accountId(), photoId)
					.path("/")
					.build()
					.encode()
					.toUri());
	}

	/**
	 * Flickr's tag syntax: separated by spaces, a tag of several words in double quotes.
	 */
	static String tags(List<String> tags) {
		return tags.stream()
			.map((tag) -> tag.replace("\"", "").strip())
			.map((tag) -> tag.startsWith("#") ? tag.substring(1) : tag)
			.filter((tag) -> !tag.isEmpty())
			.map((tag) -> tag.chars().anyMatch(Character::isWhitespace) ? "\"" + tag + "\"" : tag)
			.collect(Collectors.joining(" "));
	}

	// ---------------------------------------------------------------------------------
	// Failures

	/**
	 * What Flickr's {@code stat=fail} codes mean for a post. Codes below 95 are
	 * method-specific; these are the upload's.
	 */
	static ConnectorException refusal(Failure failure, PublishMedia media) {
		int code = failure.code;
		String said = failure.message.isBlank() ? "code " + code : code + " " + failure.message;
		String file = (media != null) ? media.filename() : "the file";
		return switch (code) {
			case 96, 97, 98, 99 -> new AuthorisationFailed(FLICKR,
					"Flickr refused the channel's authorisation (" + said + "): reconnect the channel");
			case 100 -> new AuthorisationFailed(FLICKR, "Flickr refused Hubben's API key (" + said
					+ "): check hubben.platforms.apps.flickr, then reconnect the channel");
			case 105 -> new PlatformUnavailable(FLICKR, "Flickr is temporarily unavailable (" + said + ")", null);
			case 106 -> new PlatformUnavailable(FLICKR, "Flickr could not save the change (" + said + ")", null);
			case 0 -> new PlatformUnavailable(FLICKR, "Flickr has disabled video uploads for now (" + said + ")", null);
			case 3 -> new PlatformUnavailable(FLICKR, "Flickr did not receive " + file + " whole (" + said + ")", null);
			case 2, 4 -> new PublishRefused(FLICKR,
					"Flickr received no content for " + file + " (" + said + "): attach the photo or video again");
			case 5 -> new PublishRefused(FLICKR, "Flickr did not recognise " + file + describeType(media)
					+ " as a photo or video: use a JPEG, PNG, GIF or TIFF photo, or an MP4 or QuickTime video");
			case 6 -> new PublishRefused(FLICKR, "The Flickr account has reached its upload limit (" + said
					+ "): a free account holds 1,000 photos and videos; upgrade it to Pro or remove some");
			case 7 -> new PublishRefused(FLICKR, "The Flickr account has reached its video limit (" + said
					+ "): upgrade it to Pro or post a photo instead");
			case 8 -> new PublishRefused(FLICKR, file + describeSize(media)
					+ " is too large for Flickr: photos may have 200 MB, videos 1 GB; make it smaller");
			case 9 -> new PublishRefused(FLICKR, "Flickr refused: duplicate photo or video (" + said + ")");
			case 116 ->
				new PublishRefused(FLICKR, "Flickr refused a URL in the description (" + said + "): check the link");
			default -> new PublishRefused(FLICKR, "Flickr refused the post (" + said + ")");
		};
	}

	private static String describeType(PublishMedia media) {
		return (media != null) ? " (" + media.contentType() + ")" : "";
	}

	private static String describeSize(PublishMedia media) {
		if (media == null) {
			return "";
		}
		String kind = (media.kind() == MediaKind.VIDEO) ? "video" : "photo";
		return " (a " + kind + " of " + String.format(Locale.ROOT, "%.1f MB", media.size() / (double) MB) + ")";
	}

	private ConnectorException httpFailure(HttpStatusCode status, HttpHeaders headers, boolean upload) {
		int code = status.value();
		if (code == 429) {
			Instant retryAt = retryAfter(headers).orElse(this.clock.instant().plus(RATE_LIMIT_WAIT));
			return new RateLimited(FLICKR,
					"Flickr's rate limit for Hubben's API key is reached: waiting until " + retryAt, retryAt,
					RateLimited.Scope.APP);
		}
		if (code == 503 || code == 502 && !upload) {
			return new PlatformUnavailable(FLICKR, "Flickr is unavailable (HTTP " + code + ")", null);
		}
		if (status.is5xxServerError()) {
			return upload ? new OutcomeUnknown(FLICKR, "Flickr answered HTTP " + code + "; the photo may exist", null)
					: new PlatformUnavailable(FLICKR, "Flickr failed (HTTP " + code + ")", null);
		}
		if (code == 413) {
			return new PublishRefused(FLICKR, "Flickr refused the file as too large (HTTP 413): make it smaller");
		}
		return new PublishRefused(FLICKR, "Flickr refused the request (HTTP " + code + ")");
	}

	private Optional<Instant> retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.clock.instant().plusSeconds(Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			}
			catch (DateTimeParseException notADate) {
				return Optional.empty();
			}
		}
	}

	/**
	 * A failure below HTTP during the upload. Only failures that prove the request never
	 * left (no connection, no name, no TLS) mean Flickr did not get the file.
	 */
	private static ConnectorException uploadTransportFailure(Throwable ex) {
		if (neverLeft(ex)) {
			return new PlatformUnavailable(FLICKR, "Flickr could not be reached: " + describe(ex), ex);
		}
		return new OutcomeUnknown(FLICKR, "Flickr did not answer the upload; the photo may exist", ex);
	}

	private static boolean neverLeft(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof SSLHandshakeException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Throwable ex) {
		if (ex instanceof Failure failure) {
			return "code " + failure.code + " " + failure.message;
		}
		if (ex instanceof ConnectorException) {
			return ex.getMessage();
		}
		return ex.getClass().getSimpleName();
	}

	// ---------------------------------------------------------------------------------
	// Parsing

	private static JsonNode parseJson(String body) {
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

	/** Flickr writes attributes as strings or numbers, and text as {@code _content}. */
	static String text(JsonNode node) {
		if (node.isObject()) {
			return text(node.path("_content"));
		}
		return (node.isValueNode() && !node.isNull()) ? node.asString() : "";
	}

	private static JsonNode firstOf(JsonNode node) {
		return node.isArray() ? node.path(0) : node;
	}

	private static int parseInt(String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static Document parseXml(String body) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(null);
			Document document = builder.parse(new InputSource(new StringReader(body)));
			return "rsp".equals(document.getDocumentElement().getTagName()) ? document : null;
		}
		catch (ParserConfigurationException | SAXException | IOException ex) {
			return null;
		}
	}

	private static Element firstElement(Element parent, String name) {
		for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element && element.getTagName().equals(name)) {
				return element;
			}
		}
		return null;
	}

	// ---------------------------------------------------------------------------------
	// Types

	/**
	 * How long to wait for Flickr to process an asynchronous upload: before poll
	 * {@code n} (from 0) wait {@code firstDelay * 2^n}, at most {@code maxDelay}, and
	 * give up after {@code maxPolls} polls.
	 *
	 * @param firstDelay the wait before the first poll
	 * @param maxDelay the longest wait between two polls
	 * @param maxPolls how many polls at most
	 */
	public record TicketPolling(Duration firstDelay, Duration maxDelay, int maxPolls) {

		/** About five minutes in all, enough for Flickr to process a large video. */
		public static final TicketPolling DEFAULT = new TicketPolling(Duration.ofSeconds(1), Duration.ofSeconds(15),
				25);

		public TicketPolling {
			if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || maxPolls < 1) {
				throw new IllegalArgumentException("Delays must be ordered and positive, maxPolls at least 1");
			}
		}

		Duration delayBefore(int poll) {
			Duration delay = this.firstDelay.multipliedBy(1L << Math.min(poll, 20));
			return (delay.compareTo(this.maxDelay) > 0) ? this.maxDelay : delay;
		}

	}

	/** The hosts and app of one call, resolved when it starts. */
	record Site(URI api, URI upload, URI web, PlatformProperties.App app) {

	}

	private record Uploaded(String photoId, String ticketId) {

	}

	/** Flickr answered {@code stat=fail}. */
	static final class Failure extends RuntimeException {

		private final int code;

		private final String message;

		Failure(int code, String message) {
			super("Flickr code " + code + ": " + message, null, false, false);
			this.code = code;
			this.message = (message != null) ? message : "";
		}

		int code() {
			return this.code;
		}

	}

}
