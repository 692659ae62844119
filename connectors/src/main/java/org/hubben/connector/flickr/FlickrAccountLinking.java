package org.hubben.connector.flickr;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.hubben.connector.flickr.OAuth1.Credentials;
import org.hubben.connector.flickr.OAuth1.Parameter;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Connects a Flickr account with OAuth 1.0a, as Flickr documents it: a signed
 * {@code request_token} call with {@code oauth_callback} (the callback with {@code state}
 * as a query parameter), the person approves on
 * {@code www.flickr.com/services/oauth/authorize} with {@code perms=write} (uploads and
 * albums need it), and a signed {@code access_token} call with the request token's secret
 * and the verifier. The account is the person's NSID; its name their full name, else
 * their screen name. OAuth 1.0a tokens do not expire, so {@link #refresh} has nothing to
 * do.
 *
 * <p>
 * Failures: a refusal by the person, a request token that does not match, or a token
 * endpoint's {@code oauth_problem} are {@link AuthorisationFailed}; a Flickr that cannot
 * be reached or answers 5xx is {@link PlatformUnavailable}. Messages never hold a token
 * or a secret.
 */
@Component
public class FlickrAccountLinking implements AccountLinking {

	/** The key of the request token in {@link LinkStart#secrets()}. */
	public static final String REQUEST_TOKEN = "oauth_token";

	/** The key of the request token's secret in {@link LinkStart#secrets()}. */
	public static final String REQUEST_TOKEN_SECRET = "oauth_token_secret";

	private static final Platform FLICKR = Platform.FLICKR;

	private final WebClient webClient;

	private final PlatformEndpoints endpoints;

	private final Duration timeout;

	private final OAuth1 signer;

	@Autowired
	public FlickrAccountLinking(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties) {
		this(webClientBuilder, endpoints, properties, Clock.systemUTC());
	}

	FlickrAccountLinking(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints, PlatformProperties properties,
			Clock clock) {
		this.endpoints = endpoints;
		this.timeout = properties.timeout();
		this.signer = new OAuth1(clock);
		this.webClient = PlatformClients.create(webClientBuilder, this.timeout);
	}

	@Override
	public Platform platform() {
		return FLICKR;
	}

	/**
	 * Gets a request token with a signed {@code GET}, its protocol parameters in the
	 * query string as Flickr's documentation shows them.
	 */
	@Override
	public Mono<LinkStart> start(URI callback, String state) {
		return context().flatMap((context) -> {
			URI endpoint = endpoint(context.web(), "/services/oauth/request_token");
			String oauthCallback = UriComponentsBuilder.fromUri(callback)
				.queryParam("state", state)
				.encode()
				.build()
				.toUriString();
			Map<String, String> protocol = this.signer.sign("GET", endpoint, List.of(),
					new Credentials(context.app().clientId(), context.app().clientSecret(), null, null),
					Map.of("oauth_callback", oauthCallback));
			URI url = URI.create(endpoint + "?"
					+ OAuth1.formEncode(protocol.entrySet()
						.stream()
						.map((entry) -> new Parameter(entry.getKey(), entry.getValue()))
						.toList()));
			return this.webClient.get()
				.uri(url)
				.exchangeToMono((response) -> response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.flatMap((body) -> readTokens(response.statusCode(), body, "get a request token")))
				.flatMap((tokens) -> {
					String token = tokens.get("oauth_token");
					String secret = tokens.get("oauth_token_secret");
					if (token == null || secret == null || !"true".equals(tokens.get("oauth_callback_confirmed"))) {
						return Mono.error(new AuthorisationFailed(FLICKR,
								"Flickr did not confirm the callback or sent no request token: try connecting again"));
					}
					URI authorise = UriComponentsBuilder.fromUri(endpoint(context.web(), "/services/oauth/authorize"))
						.queryParam("oauth_token", OAuth1.percentEncode(token))
						.queryParam("perms", "write")
						.build(true)
						.toUri();
					return Mono.just(new LinkStart(FLICKR, authorise, state,
							Map.of(REQUEST_TOKEN, token, REQUEST_TOKEN_SECRET, secret)));
				});
		})
			.timeout(this.timeout.multipliedBy(2))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> new PlatformUnavailable(FLICKR,
					"Flickr could not be reached to connect the account: " + ex.getClass().getSimpleName(), ex));
	}

	/**
	 * Exchanges the verifier for the access token with a signed {@code POST}, its
	 * protocol parameters in the {@code Authorization} header.
	 */
	@Override
	public Mono<List<LinkedAccount>> finish(LinkStart started, Map<String, String> callbackParameters, URI callback) {
		String requestToken = started.secrets().get(REQUEST_TOKEN);
		String requestTokenSecret = started.secrets().get(REQUEST_TOKEN_SECRET);
		String verifier = callbackParameters.get("oauth_verifier");
		if (callbackParameters.containsKey("oauth_problem") || callbackParameters.containsKey("denied")
				|| verifier == null || verifier.isBlank()) {
			return Mono.error(new AuthorisationFailed(FLICKR,
					"The Flickr account was not connected: permission was not given on Flickr"));
		}
		if (requestToken == null || requestTokenSecret == null
				|| !requestToken.equals(callbackParameters.get("oauth_token"))) {
			return Mono.error(new AuthorisationFailed(FLICKR,
					"Flickr sent back another request than the one started: connect the account again"));
		}
		String state = callbackParameters.get("state");
		if (state != null && !state.equals(started.state())) {
			return Mono.error(new AuthorisationFailed(FLICKR,
					"The answer from Flickr does not belong to this connection: connect the account again"));
		}
		return context().flatMap((context) -> {
			URI url = endpoint(context.web(), "/services/oauth/access_token");
			Map<String, String> protocol = this.signer.sign("POST", url, List.of(),
					new Credentials(context.app().clientId(), context.app().clientSecret(), requestToken,
							requestTokenSecret),
					Map.of("oauth_verifier", verifier));
			return this.webClient.post()
				.uri(url)
				.header(HttpHeaders.AUTHORIZATION, OAuth1.authorizationHeader(protocol))
				.exchangeToMono((response) -> response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.flatMap((body) -> readTokens(response.statusCode(), body, "exchange the approval for a token")))
				.flatMap(this::account);
		})
			.timeout(this.timeout.multipliedBy(2))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> new PlatformUnavailable(FLICKR,
					"Flickr could not be reached to connect the account: " + ex.getClass().getSimpleName(), ex));
	}

	/**
	 * @return {@code current} unchanged: Flickr's OAuth 1.0a tokens do not expire; a
	 * revoked one needs the person to connect the account again
	 */
	@Override
	public Mono<LinkedAccount> refresh(LinkedAccount current) {
		return Mono.just(current);
	}

	private Mono<List<LinkedAccount>> account(Map<String, String> tokens) {
		String token = tokens.get("oauth_token");
		String secret = tokens.get("oauth_token_secret");
		String nsid = tokens.get("user_nsid");
		if (token == null || secret == null || nsid == null || nsid.isBlank()) {
			return Mono.error(new AuthorisationFailed(FLICKR,
					"Flickr sent no access token or account: connect the account again"));
		}
		String fullname = tokens.getOrDefault("fullname", "");
		String name = !fullname.isBlank() ? fullname : tokens.getOrDefault("username", nsid);
		return Mono.just(List.of(new LinkedAccount(FLICKR, nsid, name, token, secret, null, null)));
	}

	private static Mono<Map<String, String>> readTokens(HttpStatusCode status, String body, String what) {
		Map<String, String> values = new LinkedHashMap<>();
		OAuth1.parseForm(body.strip()).forEach((parameter) -> values.putIfAbsent(parameter.name(), parameter.value()));
		if (status.is2xxSuccessful()) {
			return Mono.just(values);
		}
		if (status.is5xxServerError()) {
			return Mono.error(new PlatformUnavailable(FLICKR,
					"Flickr could not " + what + " (HTTP " + status.value() + "): try again later", null));
		}
		String problem = values.getOrDefault("oauth_problem", "HTTP " + status.value());
		String advice = switch (problem) {
			case "consumer_key_unknown", "consumer_key_rejected", "signature_method_rejected" ->
				"check Hubben's app registration in hubben.platforms.apps.flickr";
			case "signature_invalid" ->
				"check the API secret in hubben.platforms.apps.flickr and the server's clock, then connect again";
			default -> "connect the account again";
		};
		return Mono
			.error(new AuthorisationFailed(FLICKR, "Flickr would not " + what + " (" + problem + "): " + advice));
	}

	private Mono<Context> context() {
		return Mono.fromCallable(
				() -> new Context(this.endpoints.resolve(FLICKR, FlickrConnector.WEB_HOST), this.endpoints.app(FLICKR)))
			.onErrorMap(IllegalStateException.class,
					(ex) -> ex.getMessage().contains("registered") ? new AuthorisationFailed(FLICKR, ex.getMessage())
							: new PlatformUnavailable(FLICKR, "Flickr could not be reached: " + ex.getMessage(), ex));
	}

	private static URI endpoint(URI base, String path) {
		return UriComponentsBuilder.fromUri(base).path(path).build().toUri();
	}

	private record Context(URI web, PlatformProperties.App app) {

	}

}
