package org.hubben.connector.youtube;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hubben.connector.AccountLinking;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.LinkStart;
import org.hubben.connector.LinkedAccount;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.http.PlatformClients;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PlatformUnavailable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Connects a YouTube channel with Google's OAuth 2.0 authorisation code flow for web
 * servers: consent at {@code accounts.google.com/o/oauth2/v2/auth}, tokens from
 * {@code oauth2.googleapis.com/token}, the channel from {@code channels.list?mine=true}.
 *
 * <p>
 * It asks for uploads ({@code youtube.upload}), reading the channel
 * ({@code youtube.readonly}) and moderating its comments ({@code youtube.force-ssl}),
 * with {@code access_type=offline} and {@code prompt=consent}, so Google sends a refresh
 * token on every connection, reconnections included. Google does not rotate refresh
 * tokens: {@link #refresh} keeps the one it has unless Google sends another.
 */
@Component
public class YouTubeAccountLinking implements AccountLinking {

	static final URI ACCOUNTS = URI.create("https://accounts.google.com");

	static final URI OAUTH2 = URI.create("https://oauth2.googleapis.com");

	static final String UPLOAD_SCOPE = "https://www.googleapis.com/auth/youtube.upload";

	static final List<String> SCOPES = List.of(UPLOAD_SCOPE, "https://www.googleapis.com/auth/youtube.readonly",
			"https://www.googleapis.com/auth/youtube.force-ssl");

	/** Scopes that let a token upload; Google may grant fewer than were asked for. */
	private static final Set<String> UPLOADING_SCOPES = Set.of(UPLOAD_SCOPE, "https://www.googleapis.com/auth/youtube",
			"https://www.googleapis.com/auth/youtube.force-ssl", "https://www.googleapis.com/auth/youtubepartner");

	private static final Platform YOUTUBE = Platform.YOUTUBE;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient webClient;

	private final PlatformEndpoints endpoints;

	private final Duration timeout;

	private final Clock clock;

	@Autowired
	public YouTubeAccountLinking(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties) {
		this(webClientBuilder, endpoints, properties, Clock.systemUTC());
	}

	YouTubeAccountLinking(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties, Clock clock) {
		this.endpoints = endpoints;
		this.timeout = properties.timeout();
		this.clock = clock;
		this.webClient = PlatformClients.create(webClientBuilder, this.timeout);
	}

	@Override
	public Platform platform() {
		return YOUTUBE;
	}

	@Override
	public Mono<LinkStart> start(URI callback, String state) {
		return Mono.fromCallable(() -> {
			URI authorise = UriComponentsBuilder.fromUri(this.endpoints.resolve(YOUTUBE, ACCOUNTS))
				.path("/o/oauth2/v2/auth")
				.queryParam("client_id", "{client}")
				.queryParam("redirect_uri", "{callback}")
				.queryParam("response_type", "code")
				.queryParam("scope", "{scope}")
				.queryParam("state", "{state}")
				.queryParam("access_type", "offline")
				.queryParam("prompt", "consent")
				.queryParam("include_granted_scopes", "true")
				.encode()
				.buildAndExpand(this.endpoints.app(YOUTUBE).clientId(), callback.toString(), String.join(" ", SCOPES),
						state)
				.toUri();
			return new LinkStart(YOUTUBE, authorise, state, Map.of());
		}).onErrorMap(IllegalStateException.class, (ex) -> unavailable(ex.getMessage(), ex));
	}

	@Override
	public Mono<List<LinkedAccount>> finish(LinkStart started, Map<String, String> callbackParameters, URI callback) {
		String error = callbackParameters.get("error");
		if ("access_denied".equals(error)) {
			return Mono.error(new AuthorisationFailed(YOUTUBE,
					"The YouTube channel was not connected: permission was declined on Google's consent page"));
		}
		if (error != null) {
			return Mono.error(new AuthorisationFailed(YOUTUBE, "Google did not connect the channel (" + error + ")"));
		}
		if (!started.state().equals(callbackParameters.get("state"))) {
			return Mono.error(new AuthorisationFailed(YOUTUBE,
					"Google's answer does not belong to this attempt to connect a channel: start again"));
		}
		String code = callbackParameters.get("code");
		if (code == null || code.isBlank()) {
			return Mono.error(new AuthorisationFailed(YOUTUBE, "Google sent no authorisation code: start again"));
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", callback.toString());
		return tokens(form, "Google did not accept the authorisation code: connect the channel again")
			.flatMap((tokens) -> {
				if (!tokens.scopes().isEmpty() && tokens.scopes().stream().noneMatch(UPLOADING_SCOPES::contains)) {
					return Mono.error(new AuthorisationFailed(YOUTUBE,
							"The channel was connected without permission to upload videos: connect it again and allow uploads"));
				}
				return channel(tokens.accessToken()).map((channel) -> List.of(new LinkedAccount(YOUTUBE, channel.id(),
						channel.title(), tokens.accessToken(), null, tokens.refreshToken(), tokens.expiresAt())));
			});
	}

	@Override
	public Mono<LinkedAccount> refresh(LinkedAccount current) {
		if (current.refreshToken() == null) {
			return Mono.error(new AuthorisationFailed(YOUTUBE, "Hubben has no refresh token for the YouTube channel "
					+ current.name() + ": reconnect the channel"));
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", current.refreshToken());
		return tokens(form,
				"Google no longer accepts Hubben's access to the YouTube channel " + current.name()
						+ ": reconnect the channel")
			.map((tokens) -> new LinkedAccount(YOUTUBE, current.accountId(), current.name(), tokens.accessToken(), null,
					(tokens.refreshToken() != null) ? tokens.refreshToken() : current.refreshToken(),
					tokens.expiresAt()));
	}

	private Mono<Tokens> tokens(MultiValueMap<String, String> form, String refusal) {
		return Mono.fromCallable(() -> {
			PlatformProperties.App app = this.endpoints.app(YOUTUBE);
			form.add("client_id", app.clientId());
			form.add("client_secret", app.clientSecret());
			return UriComponentsBuilder.fromUri(this.endpoints.resolve(YOUTUBE, OAUTH2)).path("/token").build().toUri();
		})
			.onErrorMap(IllegalStateException.class, (ex) -> unavailable(ex.getMessage(), ex))
			.flatMap((uri) -> this.webClient.post()
				.uri(uri)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(BodyInserters.fromFormData(form))
				.exchangeToMono((response) -> readTokens(response, refusal)))
			.timeout(this.timeout.multipliedBy(2))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException),
					(ex) -> unavailable(
							"Google could not be reached to connect the channel: " + ex.getClass().getSimpleName(),
							ex));
	}

	private Mono<Tokens> readTokens(ClientResponse response, String refusal) {
		return response.bodyToMono(String.class).defaultIfEmpty("").handle((body, sink) -> {
			JsonNode json = parse(body);
			int code = response.statusCode().value();
			if (response.statusCode().is2xxSuccessful()) {
				String accessToken = json.path("access_token").asString("");
				if (accessToken.isEmpty()) {
					sink.error(unavailable("Google answered without an access token", null));
					return;
				}
				String refreshToken = json.path("refresh_token").asString("");
				long expiresIn = json.path("expires_in").asLong(0);
				String scope = json.path("scope").asString("");
				sink.next(new Tokens(accessToken, refreshToken.isEmpty() ? null : refreshToken,
						(expiresIn > 0) ? this.clock.instant().plusSeconds(expiresIn) : null,
						scope.isBlank() ? Set.of() : Set.of(scope.trim().split("\\s+"))));
				return;
			}
			String error = json.path("error").asString("");
			if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
				sink.error(new AuthorisationFailed(YOUTUBE, "Google does not accept Hubben's client id and secret ("
						+ error + "): check hubben.platforms.apps.youtube"));
				return;
			}
			if (code >= 500 || code == 429) {
				sink.error(unavailable("Google's token endpoint is unavailable (" + code + ")", null));
				return;
			}
			sink.error(new AuthorisationFailed(YOUTUBE,
					refusal + (error.isEmpty() ? " (HTTP " + code + ")" : " (" + error + ")")));
		});
	}

	private Mono<Channel> channel(String accessToken) {
		return Mono
			.fromCallable(() -> UriComponentsBuilder.fromUri(this.endpoints.baseUrl(YOUTUBE))
				.path("/youtube/v3/channels")
				.queryParam("part", "snippet")
				.queryParam("mine", "true")
				.build()
				.toUri())
			.onErrorMap(IllegalStateException.class, (ex) -> unavailable(ex.getMessage(), ex))
			.flatMap((uri) -> this.webClient.get()
				.uri(uri)
				.headers((headers) -> headers.setBearerAuth(accessToken))
				.accept(MediaType.APPLICATION_JSON)
				.exchangeToMono((response) -> response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.<Channel>handle((body, sink) -> {
						JsonNode json = parse(body);
						int code = response.statusCode().value();
						if (!response.statusCode().is2xxSuccessful()) {
							String reason = json.path("error").path("errors").path(0).path("reason").asString("");
							sink.error((code >= 500)
									? unavailable("YouTube could not name the channel (" + code + ")", null)
									: new AuthorisationFailed(YOUTUBE, "YouTube did not show the connected channel ("
											+ (reason.isEmpty() ? "HTTP " + code : reason) + "): connect it again"));
							return;
						}
						JsonNode channel = json.path("items").path(0);
						String id = channel.path("id").asString("");
						if (id.isEmpty()) {
							sink.error(new AuthorisationFailed(YOUTUBE,
									"The Google account has no YouTube channel: create one on YouTube, then connect again"));
							return;
						}
						sink.next(new Channel(id, channel.path("snippet").path("title").asString(id)));
					})))
			.timeout(this.timeout.multipliedBy(2))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> unavailable(
					"YouTube could not be reached to name the channel: " + ex.getClass().getSimpleName(), ex));
	}

	private static PlatformUnavailable unavailable(String reason, Throwable cause) {
		return new PlatformUnavailable(YOUTUBE, reason, cause);
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

	private record Tokens(String accessToken, String refreshToken, Instant expiresAt, Set<String> scopes) {

		@Override
		public String toString() {
			return "Tokens[credentials=<hidden>, expiresAt=" + this.expiresAt + ", scopes=" + this.scopes + "]";
		}

	}

	private record Channel(String id, String title) {

	}

}
