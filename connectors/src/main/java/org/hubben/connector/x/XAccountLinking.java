package org.hubben.connector.x;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

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
 * Connects an X account with OAuth 2.0 Authorization Code and PKCE (S256), as a
 * confidential client: the person authorises on {@code x.com/i/oauth2/authorize}, the
 * code is exchanged at {@code api.x.com/2/oauth2/token} with
 * {@code Authorization: Basic}, and {@code /2/users/me} names the account. The
 * {@code code_verifier} is the {@link LinkStart#secrets() secret} kept until the
 * callback.
 *
 * <p>
 * X's access tokens live two hours; {@link #refresh} trades the refresh token for new
 * ones, and since X rotates refresh tokens the result holds the new one, which the caller
 * must store: the old one no longer works. Failures: X refusing a code, verifier or
 * refresh token, or the person declining, is {@link AuthorisationFailed}; X not
 * answering, rate limiting or failing is {@link PlatformUnavailable}. No message holds a
 * token.
 */
@Component
public class XAccountLinking implements AccountLinking {

	/**
	 * Posting with media needs {@code media.write}; staying connected beyond two hours
	 * needs {@code offline.access}.
	 */
	static final String SCOPES = "tweet.read tweet.write tweet.moderate.write users.read media.write offline.access";

	static final String CODE_VERIFIER = "code_verifier";

	private static final Platform X = Platform.X;

	private static final URI AUTHORISE_HOST = URI.create("https://x.com");

	private static final URI API_HOST = URI.create("https://api.x.com");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient webClient;

	private final PlatformEndpoints endpoints;

	private final Duration timeout;

	private final Clock clock;

	@Autowired
	public XAccountLinking(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties) {
		this(webClientBuilder, endpoints, properties, Clock.systemUTC());
	}

	XAccountLinking(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints, PlatformProperties properties,
			Clock clock) {
		this.endpoints = endpoints;
		this.timeout = properties.timeout();
		this.clock = clock;
		// A refresh token works once: a request resent by the HTTP client on its own
		// would spend it and fail.
		this.webClient = PlatformClients.create(webClientBuilder, this.timeout);
	}

	@Override
	public Platform platform() {
		return X;
	}

	@Override
	public Mono<LinkStart> start(URI callback, String state) {
		return Mono.fromCallable(() -> {
			String verifier = verifier();
			Map<String, String> query = new LinkedHashMap<>();
			query.put("response_type", "code");
			query.put("client_id", this.endpoints.app(X).clientId());
			query.put("redirect_uri", callback.toString());
			query.put("scope", SCOPES);
			query.put("state", state);
			query.put("code_challenge", challenge(verifier));
			query.put("code_challenge_method", "S256");
			UriComponentsBuilder builder = UriComponentsBuilder.fromUri(this.endpoints.resolve(X, AUTHORISE_HOST))
				.path("/i/oauth2/authorize");
			// Variables are encoded strictly, so a callback's own query survives intact.
			query.keySet().forEach((name) -> builder.queryParam(name, "{" + name + "}"));
			URI authorise = builder.encode().buildAndExpand(query).toUri();
			return new LinkStart(X, authorise, state, Map.of(CODE_VERIFIER, verifier));
		}).onErrorMap((ex) -> !(ex instanceof ConnectorException), XAccountLinking::transportFailure);
	}

	@Override
	public Mono<List<LinkedAccount>> finish(LinkStart started, Map<String, String> callbackParameters, URI callback) {
		return Mono.defer(() -> {
			String error = callbackParameters.get("error");
			if (error != null) {
				return Mono.error(declined(error, callbackParameters.get("error_description")));
			}
			if (!started.state().equals(callbackParameters.get("state"))) {
				return Mono.error(new AuthorisationFailed(X,
						"X sent back another connection attempt's state: start connecting again"));
			}
			String code = callbackParameters.get("code");
			String verifier = started.secrets().get(CODE_VERIFIER);
			if (code == null || code.isBlank() || verifier == null) {
				return Mono.error(new AuthorisationFailed(X, "X sent no authorisation code: start connecting again"));
			}
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("grant_type", "authorization_code");
			form.add("code", code);
			form.add("redirect_uri", callback.toString());
			form.add("code_verifier", verifier);
			form.add("client_id", this.endpoints.app(X).clientId());
			return token(form, "X refused the authorisation")
				.flatMap((tokens) -> me(tokens.accessToken()).map((user) -> List
					.of(new LinkedAccount(X, user.path("id").asString(), "@" + user.path("username").asString(),
							tokens.accessToken(), null, tokens.refreshToken(), tokens.expiresAt()))));
		}).onErrorMap((ex) -> !(ex instanceof ConnectorException), XAccountLinking::transportFailure);
	}

	@Override
	public Mono<LinkedAccount> refresh(LinkedAccount current) {
		return Mono.defer(() -> {
			if (current.refreshToken() == null) {
				return Mono.error(new AuthorisationFailed(X,
						"X gave no refresh token for " + current.name() + ": reconnect the channel"));
			}
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("grant_type", "refresh_token");
			form.add("refresh_token", current.refreshToken());
			form.add("client_id", this.endpoints.app(X).clientId());
			return token(form, "X refused to refresh the token of " + current.name() + ", so reconnect the channel")
				.map((tokens) -> new LinkedAccount(X, current.accountId(), current.name(), tokens.accessToken(), null,
						(tokens.refreshToken() != null) ? tokens.refreshToken() : current.refreshToken(),
						tokens.expiresAt()));
		}).onErrorMap((ex) -> !(ex instanceof ConnectorException), XAccountLinking::transportFailure);
	}

	private Mono<Tokens> token(MultiValueMap<String, String> form, String refusal) {
		PlatformProperties.App app = this.endpoints.app(X);
		URI uri = UriComponentsBuilder.fromUri(this.endpoints.resolve(X, API_HOST))
			.path("/2/oauth2/token")
			.build()
			.toUri();
		return this.webClient.post()
			.uri(uri)
			.headers((headers) -> headers.setBasicAuth(app.clientId(), app.clientSecret(), StandardCharsets.UTF_8))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono((response) -> read(response).<Tokens>handle((json, sink) -> {
				int status = response.statusCode().value();
				if (status == 400 || status == 401) {
					sink.error(new AuthorisationFailed(X, refusal + ": " + description(json, status)));
					return;
				}
				if (!response.statusCode().is2xxSuccessful()) {
					sink.error(unavailable(status, json));
					return;
				}
				String accessToken = json.path("access_token").asString("");
				if (accessToken.isEmpty()) {
					sink.error(new PlatformUnavailable(X, "X answered without an access token", null));
					return;
				}
				String refreshToken = json.path("refresh_token").asString("");
				long expiresIn = json.path("expires_in").asLong(0);
				sink.next(new Tokens(accessToken, refreshToken.isEmpty() ? null : refreshToken,
						(expiresIn > 0) ? this.clock.instant().plusSeconds(expiresIn) : null));
			}))
			.timeout(this.timeout.multipliedBy(2));
	}

	private Mono<JsonNode> me(String accessToken) {
		URI uri = UriComponentsBuilder.fromUri(this.endpoints.baseUrl(X)).path("/2/users/me").build().toUri();
		return this.webClient.get()
			.uri(uri)
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> read(response).<JsonNode>handle((json, sink) -> {
				int status = response.statusCode().value();
				if (status == 401 || status == 403) {
					sink.error(new AuthorisationFailed(X, "X refused the new token: " + description(json, status)));
					return;
				}
				JsonNode user = json.path("data");
				if (!response.statusCode().is2xxSuccessful() || user.path("id").asString("").isEmpty()) {
					sink.error(unavailable(status, json));
					return;
				}
				sink.next(user);
			}))
			.timeout(this.timeout.multipliedBy(2));
	}

	private static Mono<JsonNode> read(ClientResponse response) {
		return response.bodyToMono(String.class).defaultIfEmpty("").map((body) -> {
			if (body.isBlank()) {
				return JSON.missingNode();
			}
			try {
				return JSON.readTree(body);
			}
			catch (JacksonException ex) {
				return JSON.missingNode();
			}
		});
	}

	private static AuthorisationFailed declined(String error, String description) {
		if ("access_denied".equals(error)) {
			return new AuthorisationFailed(X, "You declined on X, so Hubben was not given access to the account");
		}
		return new AuthorisationFailed(X, "X refused the authorisation: "
				+ ((description != null && !description.isBlank()) ? description : error));
	}

	private static ConnectorException unavailable(int status, JsonNode json) {
		if (status == 429) {
			return new PlatformUnavailable(X, "X is limiting requests: try again in a few minutes", null);
		}
		return new PlatformUnavailable(X, "X could not complete the authorisation (HTTP " + status + ": "
				+ description(json, status) + "); try again later", null);
	}

	/**
	 * X's own words: OAuth's {@code error_description} or {@code error}, or a problem's
	 * {@code detail}. X never echoes tokens in them.
	 */
	private static String description(JsonNode json, int status) {
		for (String field : new String[] { "error_description", "error", "detail", "title" }) {
			String text = json.path(field).asString("");
			if (!text.isBlank()) {
				return text;
			}
		}
		return "HTTP " + status;
	}

	private static ConnectorException transportFailure(Throwable ex) {
		if (ex instanceof IllegalStateException) {
			// PlatformEndpoints: no app registered, or the emulator not yet listening.
			return new PlatformUnavailable(X, ex.getMessage(), ex);
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof SSLHandshakeException) {
				return new PlatformUnavailable(X, "X could not be reached: " + cause.getClass().getSimpleName(), ex);
			}
		}
		return new PlatformUnavailable(X, "X did not answer in time; try again later", ex);
	}

	/** RFC 7636: 32 random bytes, base64url, 43 characters. */
	private static String verifier() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private record Tokens(String accessToken, String refreshToken, Instant expiresAt) {

	}

}
