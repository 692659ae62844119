package org.hubben.connector.facebook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.TimeoutException;

import io.netty.handler.timeout.ReadTimeoutException;
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
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishReceipt;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import org.hubben.connector.Targeting;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Publishes to a Facebook Page through the Graph API ({@code POST /{page-id}/feed}, and
 * for photos and videos the edges {@link FacebookMediaPublisher} uses), acting with the
 * Page access token of {@link ChannelAccess#accessToken()} on the Page
 * {@link ChannelAccess#accountId()}.
 *
 * <p>
 * Failures of {@link #publish} map to the {@link ConnectorException} family:
 * <ul>
 * <li>code 190 (token expired, revoked or invalid), 10 and 200-299 (missing permission):
 * {@link AuthorisationFailed};</li>
 * <li>506 (duplicate), 368 (policy block) and every other Graph error:
 * {@link PublishRefused};</li>
 * <li>4, 17, 32, 613, 80001 (throttling): {@link RateLimited}, until the longest
 * {@code estimated_time_to_regain_access} of {@code X-Business-Use-Case-Usage}, or an
 * hour when Facebook names no time;</li>
 * <li>codes 1 and 2 and any HTTP 5xx, a timeout or a connection closed after the request
 * was sent: {@link OutcomeUnknown}, because Facebook documents that such a request can
 * still have created the post;</li>
 * <li>a connection that could not be opened: {@link PlatformUnavailable}; so are server
 * errors, timeouts and lost connections on the uploads before the request that makes a
 * post visible.</li>
 * </ul>
 * No message ever holds the access token.
 */
@Component
public class FacebookConnector implements Connector {

	private static final long MIB = 1024 * 1024;

	/**
	 * Photos of at most 4 MB (Facebook's advice), up to ten in one post, or one video;
	 * not both together.
	 */
	private static final Capabilities CAPABILITIES = new Capabilities(63206, TextMeasure.CODE_POINTS,
			LinkPlacement.SEPARATE_FIELD, 0, "", Capabilities.TagRules.HASHTAGS_IN_TEXT,
			new MediaRules(MediaRules.Required.NOTHING,
					Set.of("image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff"), 4 * MIB, 10,
					Set.of("video/mp4", "video/quicktime"), 1024 * MIB, 1, false));

	private static final String REAL_HOST = "graph.facebook.com";

	/** Throttling of the app (4) or of the user whose token it is (17): every channel. */
	private static final Set<Integer> APP_RATE_LIMIT_CODES = Set.of(4, 17);

	/** Throttling of the Page: its Business Use Case usage, or a custom limit. */
	private static final Set<Integer> RATE_LIMIT_CODES = Set.of(32, 613, 80001);

	private static final Duration DEFAULT_WAIT = Duration.ofHours(1);

	/** Fields every object a post can be (post, photo story, video) has. */
	private static final String LOOKUP_FIELDS = "id,permalink_url";

	private static final JsonMapper JSON = JsonMapper.shared();

	/** How many pages of 100 posts {@link #find} reads at most. */
	private static final int MAX_FIND_PAGES = 20;

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	/** How Facebook writes {@code created_time}: {@code 2026-11-21T12:00:00+0000}. */
	private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ",
			Locale.ROOT);

	private final WebClient webClient;

	private final PlatformEndpoints endpoints;

	private final PlatformProperties properties;

	private final Clock clock;

	private final FacebookMediaPublisher mediaPublisher;

	private final FacebookConversations conversations;

	@Autowired
	public FacebookConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties) {
		this(webClientBuilder, endpoints, properties, Clock.systemUTC());
	}

	FacebookConnector(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints, PlatformProperties properties,
			Clock clock) {
		this.clock = clock;
		// Publishing is not idempotent: Reactor Netty must never resend a request (a
		// photo
		// or a video chunk included) on its own.
		this.webClient = webClientBuilder.clone()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create().disableRetry(true)))
			.build();
		this.endpoints = endpoints;
		this.properties = properties;
		this.mediaPublisher = new FacebookMediaPublisher(this, this.webClient, properties.timeout(),
				properties.facebookVersion());
		this.conversations = new FacebookConversations(this, this.webClient, properties.timeout(),
				properties.facebookVersion(), clock);
	}

	@Override
	public Platform platform() {
		return Platform.FACEBOOK;
	}

	@Override
	public Capabilities capabilities() {
		return CAPABILITIES;
	}

	/**
	 * Publishes a text post with the link as Facebook's separate {@code link} field (as
	 * an unpublished, targeted "dark" post with {@code published=false} and
	 * {@code targeting} when the request has a targeting), or a post with photos or a
	 * video as {@link FacebookMediaPublisher} describes, with the link at the end of its
	 * caption.
	 * @param request the post
	 * @return the receipt, whose URL is the post on facebook.com (or on the emulator's
	 * {@code /posts/{id}} page when the base URL is not Facebook's); its id is the post's
	 * id, or a video's id; errors as described on the class
	 */
	@Override
	public Mono<PublishReceipt> publish(PublishRequest request) {
		ChannelAccess channel = request.channel();
		if (!request.media().isEmpty()) {
			return Mono
				.defer(() -> this.mediaPublisher.publish(base(), resolve(FacebookMediaPublisher.videoBase()), request))
				.onErrorMap((ex) -> publishFailure(ex, channel));
		}
		return Mono.defer(() -> {
			URI base = base();
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("message", request.text());
			form.add("link", request.link().toString());
			if (request.targeting() != null) {
				// Unpublished with no schedule: a dark post, never on the Page's
				// timeline,
				// seen only by the audience its targeting names.
				form.add("published", "false");
				form.add("targeting", graphTargeting(request.targeting()));
			}
			form.add("access_token", channel.accessToken());
			URI uri = UriComponentsBuilder.fromUri(base)
				.pathSegment(this.properties.facebookVersion(), channel.accountId(), "feed")
				.build()
				.encode()
				.toUri();
			return this.webClient.post()
				.uri(uri)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(BodyInserters.fromFormData(form))
				.exchangeToMono(FacebookConnector::answer)
				.timeout(this.properties.timeout())
				.map((answer) -> published(base, answer, channel));
		}).onErrorMap((ex) -> publishFailure(ex, channel));
	}

	/**
	 * @return the targeting as Graph's {@code targeting} object:
	 * {@code {"geo_locations":{"countries":[..]},"age_min":..,"age_max":..,"locales":[..]}}
	 */
	static String graphTargeting(Targeting targeting) {
		Map<String, Object> graph = new LinkedHashMap<>();
		graph.put("geo_locations", Map.of("countries", targeting.countries()));
		graph.put("age_min", targeting.ageMin());
		graph.put("age_max", targeting.ageMax());
		if (!targeting.locales().isEmpty()) {
			graph.put("locales", targeting.locales().stream().map(Integer::valueOf).toList());
		}
		return JSON.writeValueAsString(graph);
	}

	/**
	 * Looks through the Page's posts since {@code since} for the one the request made:
	 * {@code GET
	 * /{page-id}/posts?since=<unix>&fields=id,message,created_time,permalink_url} for
	 * text and photo posts ({@code /{page-id}/promotable_posts}, unpublished ones only,
	 * for a targeted post), {@code GET /{page-id}/videos} with {@code description,title}
	 * for a video (whose receipt is the video id), 100 a page, following
	 * {@code paging.next} on the Graph host only, with the token in the
	 * {@code Authorization} header. A post matches when its message (a video's
	 * description, and its title when the request has one) is what {@link #publish} sent:
	 * the text, or for photos and videos the caption with the link at its end; whitespace
	 * runs count as one space and the ends are trimmed. {@code since} is rounded down to
	 * the second, as Facebook's times are.
	 * @return the newest matching post; empty when none matches; errors as for
	 * {@link #lookup}, plus {@link OutcomeUnknown} when more than
	 * {@value #MAX_FIND_PAGES} pages would have to be read
	 */
	@Override
	public Mono<PublishReceipt> find(PublishRequest request, Instant since) {
		ChannelAccess channel = request.channel();
		boolean video = request.media().stream().anyMatch((medium) -> medium.kind() == MediaKind.VIDEO);
		String message = comparable(
				request.media().isEmpty() ? request.text() : FacebookMediaPublisher.withLink(request));
		String title = (video && request.title() != null && !request.title().isBlank()) ? comparable(request.title())
				: null;
		Instant from = since.truncatedTo(ChronoUnit.SECONDS);
		// A targeted post is never on the Page, only among its promotable posts, beside
		// the open post with the same message.
		boolean dark = request.targeting() != null && !video;
		return Mono.defer(() -> {
			URI base = base();
			URI first = UriComponentsBuilder.fromUri(base)
				.pathSegment(this.properties.facebookVersion(), channel.accountId(),
						video ? "videos" : (dark ? "promotable_posts" : "posts"))
				.queryParam("since", from.getEpochSecond())
				.queryParam("fields",
						video ? "id,description,title,created_time,permalink_url"
								: "id,message,created_time,permalink_url,is_published")
				.queryParam("limit", 100)
				.build()
				.encode()
				.toUri();
			return findPage(base, first, channel, (post) -> {
				Instant created = createdTime(post);
				if (created != null && created.isBefore(from)) {
					return false;
				}
				String shown = comparable(post.path(video ? "description" : "message").asString(""));
				return shown.equals(message) && (!dark || !post.path("is_published").asBoolean(true))
						&& (title == null || comparable(post.path("title").asString("")).equals(title));
			}, 1);
		}).onErrorMap((ex) -> lookupFailure(ex, channel));
	}

	private Mono<PublishReceipt> findPage(URI base, URI page, ChannelAccess channel,
			java.util.function.Predicate<JsonNode> wanted, int number) {
		return this.webClient.get()
			.uri(page)
			.headers((headers) -> headers.setBearerAuth(channel.accessToken()))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono(FacebookConnector::answer)
			.timeout(this.properties.timeout())
			.flatMap((answer) -> {
				if (!answer.status().is2xxSuccessful()) {
					return Mono.error(lookupError(answer, GraphError.of(answer.body()), channel));
				}
				for (JsonNode post : answer.body().path("data")) {
					if (wanted.test(post)) {
						String id = post.path("id").asString("");
						String permalink = post.path("permalink_url").asString("");
						return Mono.just(new PublishReceipt(id,
								permalink.isEmpty() ? remoteUrl(base, id) : URI.create(permalink)));
					}
				}
				String next = answer.body().path("paging").path("next").asString("");
				if (next.isEmpty()) {
					return Mono.empty();
				}
				URI nextPage = URI.create(next);
				if (!sameOrigin(base, nextPage)) {
					return Mono.error(new OutcomeUnknown(Platform.FACEBOOK,
							"Facebook pointed the next page of posts at another host; check the Page before sending again",
							null));
				}
				if (number >= MAX_FIND_PAGES) {
					return Mono
						.error(new OutcomeUnknown(Platform.FACEBOOK,
								"The Page shows more than " + (MAX_FIND_PAGES * 100)
										+ " posts since the post was sent; check the Page before sending it again",
								null));
				}
				return findPage(base, nextPage, channel, wanted, number + 1);
			});
	}

	/** The token goes only where the Graph API itself is. */
	static boolean sameOrigin(URI base, URI other) {
		return base.getScheme().equalsIgnoreCase(String.valueOf(other.getScheme()))
				&& base.getHost().equalsIgnoreCase(String.valueOf(other.getHost()))
				&& base.getPort() == other.getPort();
	}

	static Instant createdTime(JsonNode post) {
		try {
			return GRAPH_TIME.parse(post.path("created_time").asString(""), Instant::from);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** Whitespace runs as one space, ends trimmed: what Facebook may reflow. */
	static String comparable(String text) {
		return WHITESPACE.matcher(text).replaceAll(" ").strip();
	}

	/**
	 * Reads every comment and reply on the post as {@link FacebookConversations}
	 * describes, hidden ones included ({@link RemoteComment#hidden()}); a comment whose
	 * {@code from} is the Page is the channel's own. {@code since} goes to Facebook as
	 * {@code since=} (to the second) and is checked again on each comment.
	 */
	@Override
	public Flux<RemoteComment> comments(ChannelAccess channel, String postId, Instant since) {
		return this.conversations.comments(channel, postId, since);
	}

	/**
	 * Replies as the Page with {@code POST /{comment-id}/comments}; a reply to a reply
	 * goes under the top-level comment, as Facebook threads them.
	 */
	@Override
	public Mono<RemoteComment> reply(ChannelAccess channel, RemoteComment comment, String text) {
		return this.conversations.reply(channel, comment, text);
	}

	/**
	 * @return {@link Moderation#HIDE}: Facebook hides a comment from everyone but its
	 * author and the author's friends
	 */
	@Override
	public Moderation moderation() {
		return Moderation.HIDE;
	}

	/**
	 * Hides the comment with {@code POST /{comment-id}} {@code is_hidden=true}
	 * ({@code pages_manage_engagement}); a comment already hidden, or gone, completes.
	 */
	@Override
	public Mono<Void> moderate(ChannelAccess channel, RemoteComment comment) {
		return this.conversations.hide(channel, comment);
	}

	/**
	 * Looks a post up with {@code GET /{post-id}}, sending the token in the
	 * {@code Authorization} header so that it never appears in a URL.
	 * @param channel the channel the post was published on
	 * @param remoteId the {@code {page-id}_{post-id}} Facebook answered with
	 * @return the receipt, with Facebook's {@code permalink_url}; empty when Facebook
	 * says the object does not exist (code 100 subcode 33, or 803); lost authorisation is
	 * {@link AuthorisationFailed}, throttling {@link RateLimited}, and server errors,
	 * timeouts and connection failures are {@link PlatformUnavailable}, since a lookup
	 * changes nothing and may be repeated
	 */
	@Override
	public Mono<PublishReceipt> lookup(ChannelAccess channel, String remoteId) {
		return Mono.defer(() -> {
			URI base = base();
			URI uri = UriComponentsBuilder.fromUri(base)
				.pathSegment(this.properties.facebookVersion(), remoteId)
				.queryParam("fields", LOOKUP_FIELDS)
				.build()
				.encode()
				.toUri();
			return this.webClient.get()
				.uri(uri)
				.headers((headers) -> headers.setBearerAuth(channel.accessToken()))
				.accept(MediaType.APPLICATION_JSON)
				.exchangeToMono(FacebookConnector::answer)
				.timeout(this.properties.timeout())
				.flatMap((answer) -> found(base, answer, channel, remoteId));
		}).onErrorMap((ex) -> lookupFailure(ex, channel));
	}

	URI base() {
		try {
			return this.endpoints.baseUrl(Platform.FACEBOOK);
		}
		catch (IllegalStateException ex) {
			throw new PlatformUnavailable(Platform.FACEBOOK, ex.getMessage(), ex);
		}
	}

	/** One of Facebook's other hosts, or the emulator's one base URL. */
	private URI resolve(URI realHost) {
		try {
			return this.endpoints.resolve(Platform.FACEBOOK, realHost);
		}
		catch (IllegalStateException ex) {
			throw new PlatformUnavailable(Platform.FACEBOOK, ex.getMessage(), ex);
		}
	}

	static Mono<Answer> answer(ClientResponse response) {
		return response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map((body) -> new Answer(response.statusCode(), response.headers().asHttpHeaders(), parse(body)));
	}

	private static JsonNode parse(String body) {
		if (body.isBlank()) {
			return JSON.missingNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			// A proxy's HTML error page says nothing Graph-specific; the status still
			// does.
			return JSON.missingNode();
		}
	}

	PublishReceipt published(URI base, Answer answer, ChannelAccess channel) {
		if (!answer.status().is2xxSuccessful()) {
			throw publishError(answer, channel);
		}
		String id = answer.body().path("id").asString("");
		if (id.isEmpty()) {
			throw new OutcomeUnknown(Platform.FACEBOOK,
					"Facebook accepted the request but answered without a post id; the post may exist", null);
		}
		return new PublishReceipt(id, remoteUrl(base, id));
	}

	private Mono<PublishReceipt> found(URI base, Answer answer, ChannelAccess channel, String remoteId) {
		if (answer.status().is2xxSuccessful()) {
			String id = answer.body().path("id").asString(remoteId);
			String permalink = answer.body().path("permalink_url").asString("");
			return Mono.just(new PublishReceipt(id, permalink.isEmpty() ? remoteUrl(base, id) : URI.create(permalink)));
		}
		GraphError error = GraphError.of(answer.body());
		if ((error.code() == 100 && error.subcode() == 33) || error.code() == 803) {
			return Mono.empty();
		}
		return Mono.error(lookupError(answer, error, channel));
	}

	/**
	 * @param base the Graph base URL
	 * @param id the post id
	 * @return the post on facebook.com for the real Graph API, else the page the emulator
	 * serves under its base URL
	 */
	static URI remoteUrl(URI base, String id) {
		if (REAL_HOST.equalsIgnoreCase(base.getHost())) {
			return UriComponentsBuilder.fromUriString("https://www.facebook.com").pathSegment(id).build().toUri();
		}
		return UriComponentsBuilder.fromUri(base).pathSegment("posts", id).build().encode().toUri();
	}

	ConnectorException publishError(Answer answer, ChannelAccess channel) {
		GraphError error = GraphError.of(answer.body());
		ConnectorException common = commonError(answer, error, channel);
		if (common != null) {
			return common;
		}
		if (error.code() == 506) {
			return new PublishRefused(Platform.FACEBOOK, "Facebook refused: duplicate post");
		}
		if (error.code() == 1 || error.code() == 2 || answer.status().is5xxServerError()) {
			return new OutcomeUnknown(Platform.FACEBOOK, "Facebook answered with a server error; the post may exist",
					null);
		}
		return new PublishRefused(Platform.FACEBOOK, "Facebook refused: " + describe(answer, error, channel));
	}

	private ConnectorException lookupError(Answer answer, GraphError error, ChannelAccess channel) {
		ConnectorException common = commonError(answer, error, channel);
		if (common != null) {
			return common;
		}
		if (error.code() == 1 || error.code() == 2 || answer.status().is5xxServerError()) {
			return new PlatformUnavailable(Platform.FACEBOOK,
					"Facebook answered the lookup with a server error; try again later", null);
		}
		return new PublishRefused(Platform.FACEBOOK,
				"Facebook refused the lookup: " + describe(answer, error, channel));
	}

	ConnectorException commonError(Answer answer, GraphError error, ChannelAccess channel) {
		int code = error.code();
		if (code == 190) {
			return new AuthorisationFailed(Platform.FACEBOOK,
					"Facebook refused the page token (expired or revoked): reconnect the channel");
		}
		if (code == 10 || (code >= 200 && code <= 299)) {
			return new AuthorisationFailed(Platform.FACEBOOK, "Facebook: the page token lacks a permission ("
					+ describe(answer, error, channel) + "): reconnect the channel");
		}
		if (code == 368) {
			return new PublishRefused(Platform.FACEBOOK, "Facebook refused: " + describe(answer, error, channel));
		}
		if (APP_RATE_LIMIT_CODES.contains(code)) {
			// X-App-Usage gives percentages, no time: the limit is a rolling hour.
			Instant retryAt = this.clock.instant().plus(DEFAULT_WAIT);
			return new RateLimited(Platform.FACEBOOK, "Facebook's limit for Hubben's app reached (code " + code
					+ "): every Facebook channel waits until " + retryAt, retryAt, RateLimited.Scope.APP);
		}
		if (RATE_LIMIT_CODES.contains(code) || (code == 0 && answer.status().value() == 429)) {
			Instant retryAt = retryAt(answer.headers(), channel.accountId());
			return new RateLimited(Platform.FACEBOOK,
					"Facebook rate limit reached (code " + code + "): waiting until " + retryAt, retryAt,
					RateLimited.Scope.CHANNEL);
		}
		return null;
	}

	/**
	 * When the Page may call again: the {@code estimated_time_to_regain_access} (minutes)
	 * that {@code X-Business-Use-Case-Usage} names for the Page, else the longest it
	 * names for any object, else an hour.
	 */
	private Instant retryAt(HttpHeaders headers, String pageId) {
		long minutes = 0;
		String usage = headers.getFirst("X-Business-Use-Case-Usage");
		if (usage != null) {
			JsonNode byObject = parse(usage);
			JsonNode own = byObject.path(pageId);
			Iterable<JsonNode> named = own.isArray() ? List.of(own) : byObject;
			for (JsonNode entries : named) {
				for (JsonNode entry : entries) {
					minutes = Math.max(minutes, entry.path("estimated_time_to_regain_access").asLong(0));
				}
			}
		}
		Duration wait = (minutes > 0) ? Duration.ofMinutes(minutes) : DEFAULT_WAIT;
		return this.clock.instant().plus(wait);
	}

	/** Facebook's own words, without the token it sometimes echoes. */
	static String describe(Answer answer, GraphError error, ChannelAccess channel) {
		String message = error.message().isBlank() ? "HTTP " + answer.status().value() : error.message();
		return message.replace(channel.accessToken(), "<token>");
	}

	private ConnectorException publishFailure(Throwable ex, ChannelAccess channel) {
		if (ex instanceof ConnectorException connectorException) {
			return connectorException;
		}
		if (notConnected(ex)) {
			return new PlatformUnavailable(Platform.FACEBOOK,
					"Facebook could not be reached: " + safeMessage(ex, channel), ex);
		}
		if (has(ex, TimeoutException.class) || has(ex, ReadTimeoutException.class)) {
			return new OutcomeUnknown(Platform.FACEBOOK, "Facebook did not answer in time; the post may exist", ex);
		}
		if (has(ex, PrematureCloseException.class)) {
			return new OutcomeUnknown(Platform.FACEBOOK,
					"Facebook closed the connection without an answer; the post may exist", ex);
		}
		// Anything else happened after the request may have left: only a lookup can
		// tell whether the post exists.
		return new OutcomeUnknown(Platform.FACEBOOK,
				"Facebook's answer was lost (" + safeMessage(ex, channel) + "); the post may exist", ex);
	}

	private ConnectorException lookupFailure(Throwable ex, ChannelAccess channel) {
		if (ex instanceof ConnectorException connectorException) {
			return connectorException;
		}
		if (has(ex, TimeoutException.class) || has(ex, ReadTimeoutException.class)) {
			return new PlatformUnavailable(Platform.FACEBOOK, "Facebook did not answer the lookup in time", ex);
		}
		return new PlatformUnavailable(Platform.FACEBOOK,
				"Facebook could not be asked for the post: " + safeMessage(ex, channel), ex);
	}

	static boolean notConnected(Throwable ex) {
		return has(ex, ConnectException.class) || has(ex, UnknownHostException.class)
				|| has(ex, NoRouteToHostException.class);
	}

	static boolean has(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	static String safeMessage(Throwable ex, ChannelAccess channel) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage()
				: (root instanceof IOException) ? "I/O error" : root.getClass().getSimpleName();
		return message.replace(channel.accessToken(), "<token>");
	}

	record Answer(HttpStatusCode status, HttpHeaders headers, JsonNode body) {

	}

	/**
	 * The {@code error} object of a Graph API error answer.
	 *
	 * @param code the error code, 0 when the answer had none
	 * @param subcode the {@code error_subcode}, 0 when absent
	 * @param message Facebook's message, empty when absent
	 */
	record GraphError(int code, int subcode, String message) {

		static GraphError of(JsonNode body) {
			JsonNode error = body.path("error");
			return new GraphError(error.path("code").asInt(0), error.path("error_subcode").asInt(0),
					error.path("message").asString(""));
		}

	}

}
