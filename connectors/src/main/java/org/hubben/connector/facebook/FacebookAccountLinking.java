package org.hubben.connector.facebook;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Connects Facebook Pages with Facebook Login's manual code flow: the person logs in at
 * {@code www.facebook.com/{version}/dialog/oauth}; the code becomes a short-lived user
 * token, that a long-lived one ({@code grant_type=fb_exchange_token}, about 60 days), and
 * {@code /me/accounts} lists the person's Pages with their Page tokens, which, got with a
 * long-lived user token, do not expire. {@link #finish} offers one account per Page the
 * person may publish on (the {@code CREATE_CONTENT} task); {@link #refresh} has nothing
 * to do. The user token itself is never kept.
 *
 * <p>
 * Failures: the person declining or Facebook refusing the code, the app's secret or a
 * token is {@link AuthorisationFailed}; Facebook throttling, failing or not answering is
 * {@link PlatformUnavailable}. No message holds a token or the app secret.
 */
@Component
public class FacebookAccountLinking implements AccountLinking {

	/** Listing the Pages, and what publishing and moderating on them need. */
	static final String SCOPES = "pages_show_list,pages_manage_posts,pages_read_engagement,"
			+ "pages_manage_engagement,pages_read_user_engagement,publish_video";

	private static final Platform FACEBOOK = Platform.FACEBOOK;

	private static final URI DIALOG_HOST = URI.create("https://www.facebook.com");

	private static final Set<Integer> THROTTLING = Set.of(4, 17, 32, 613, 80001);

	/** A person with more Pages than this is unusual; the rest are not offered. */
	private static final int MAX_PAGE_REQUESTS = 20;

	private static final JsonMapper JSON = JsonMapper.shared();

	private final WebClient webClient;

	private final PlatformEndpoints endpoints;

	private final PlatformProperties properties;

	private final int pageSize;

	@Autowired
	public FacebookAccountLinking(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties) {
		this(webClientBuilder, endpoints, properties, 100);
	}

	FacebookAccountLinking(WebClient.Builder webClientBuilder, PlatformEndpoints endpoints,
			PlatformProperties properties, int pageSize) {
		this.endpoints = endpoints;
		this.properties = properties;
		this.pageSize = pageSize;
		Duration timeout = properties.timeout();
		this.webClient = PlatformClients.create(webClientBuilder, timeout);
	}

	@Override
	public Platform platform() {
		return FACEBOOK;
	}

	@Override
	public Mono<LinkStart> start(URI callback, String state) {
		return Mono.fromCallable(() -> {
			Map<String, String> query = new LinkedHashMap<>();
			query.put("client_id", this.endpoints.app(FACEBOOK).clientId());
			query.put("redirect_uri", callback.toString());
			query.put("state", state);
			query.put("response_type", "code");
			query.put("scope", SCOPES);
			UriComponentsBuilder builder = UriComponentsBuilder.fromUri(this.endpoints.resolve(FACEBOOK, DIALOG_HOST))
				.pathSegment(this.properties.facebookVersion(), "dialog", "oauth");
			query.keySet().forEach((name) -> builder.queryParam(name, "{" + name + "}"));
			return new LinkStart(FACEBOOK, builder.encode().buildAndExpand(query).toUri(), state, Map.of());
		}).onErrorMap((ex) -> !(ex instanceof ConnectorException), FacebookAccountLinking::transportFailure);
	}

	@Override
	public Mono<List<LinkedAccount>> finish(LinkStart started, Map<String, String> callbackParameters, URI callback) {
		return Mono.defer(() -> {
			String error = callbackParameters.get("error");
			if (error != null) {
				return Mono.error(declined(callbackParameters));
			}
			if (!started.state().equals(callbackParameters.get("state"))) {
				return Mono.error(new AuthorisationFailed(FACEBOOK,
						"Facebook sent back another connection attempt's state: start connecting again"));
			}
			String code = callbackParameters.get("code");
			if (code == null || code.isBlank()) {
				return Mono.error(new AuthorisationFailed(FACEBOOK,
						"Facebook sent no authorisation code: start connecting again"));
			}
			PlatformProperties.App app = this.endpoints.app(FACEBOOK);
			Map<String, String> exchange = new LinkedHashMap<>();
			exchange.put("client_id", app.clientId());
			exchange.put("redirect_uri", callback.toString());
			exchange.put("client_secret", app.clientSecret());
			exchange.put("code", code);
			return userToken(exchange).flatMap((shortLived) -> {
				Map<String, String> extend = new LinkedHashMap<>();
				extend.put("grant_type", "fb_exchange_token");
				extend.put("client_id", app.clientId());
				extend.put("client_secret", app.clientSecret());
				extend.put("fb_exchange_token", shortLived);
				return userToken(extend);
			}).flatMap(this::pages);
		}).onErrorMap((ex) -> !(ex instanceof ConnectorException), FacebookAccountLinking::transportFailure);
	}

	/**
	 * Page tokens got with a long-lived user token do not expire, so there is nothing to
	 * refresh.
	 * @return the account unchanged
	 */
	@Override
	public Mono<LinkedAccount> refresh(LinkedAccount current) {
		return Mono.just(current);
	}

	private Mono<String> userToken(Map<String, String> query) {
		UriComponentsBuilder builder = UriComponentsBuilder.fromUri(this.endpoints.baseUrl(FACEBOOK))
			.pathSegment(this.properties.facebookVersion(), "oauth", "access_token");
		query.keySet().forEach((name) -> builder.queryParam(name, "{" + name + "}"));
		URI uri = builder.encode().buildAndExpand(query).toUri();
		return get(uri, null).handle((json, sink) -> {
			String token = json.path("access_token").asString("");
			if (token.isEmpty()) {
				sink.error(new PlatformUnavailable(FACEBOOK, "Facebook answered without an access token", null));
				return;
			}
			sink.next(token);
		});
	}

	private Mono<List<LinkedAccount>> pages(String userToken) {
		URI first = UriComponentsBuilder.fromUri(this.endpoints.baseUrl(FACEBOOK))
			.pathSegment(this.properties.facebookVersion(), "me", "accounts")
			.queryParam("fields", "id,name,access_token,tasks")
			.queryParam("limit", this.pageSize)
			.build()
			.toUri();
		return get(first, userToken).expand((json) -> {
			String next = json.path("paging").path("next").asString("");
			return next.isEmpty() ? Mono.empty() : get(URI.create(next), userToken);
		})
			.take(MAX_PAGE_REQUESTS)
			.concatMapIterable((json) -> values(json.path("data")))
			.filter(FacebookAccountLinking::mayPublish)
			.map((page) -> new LinkedAccount(FACEBOOK, page.path("id").asString(), page.path("name").asString(),
					page.path("access_token").asString(), null, null, null))
			.collectList()
			.flatMap((accounts) -> accounts.isEmpty() ? Mono.error(new AuthorisationFailed(FACEBOOK,
					"Your Facebook account cannot publish on any Page: you need a role with the Create content task"))
					: Mono.just(accounts));
	}

	/**
	 * Publishing needs the {@code CREATE_CONTENT} task; a Page listed without tasks (an
	 * older Graph version) is offered and the platform decides.
	 */
	private static boolean mayPublish(JsonNode page) {
		if (page.path("id").asString("").isEmpty() || page.path("access_token").asString("").isEmpty()) {
			return false;
		}
		JsonNode tasks = page.path("tasks");
		if (!tasks.isArray()) {
			return true;
		}
		for (JsonNode task : tasks) {
			if ("CREATE_CONTENT".equals(task.asString(""))) {
				return true;
			}
		}
		return false;
	}

	private Mono<JsonNode> get(URI uri, String bearer) {
		return this.webClient.get().uri(uri).headers((headers) -> {
			if (bearer != null) {
				headers.setBearerAuth(bearer);
			}
		})
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> read(response).<JsonNode>handle((json, sink) -> {
				if (response.statusCode().is2xxSuccessful() && json.path("error").isMissingNode()) {
					sink.next(json);
					return;
				}
				sink.error(failure(response, json));
			}))
			.timeout(this.properties.timeout().multipliedBy(2));
	}

	private static ConnectorException failure(ClientResponse response, JsonNode json) {
		JsonNode error = json.path("error");
		int code = error.path("code").asInt(0);
		String message = error.path("message").asString("");
		if (THROTTLING.contains(code) || response.statusCode().value() == 429) {
			return new PlatformUnavailable(FACEBOOK, "Facebook is limiting requests: try again later", null);
		}
		boolean transientError = code == 2 || error.path("is_transient").asBoolean(false);
		if (response.statusCode().is5xxServerError() || transientError) {
			return new PlatformUnavailable(FACEBOOK, "Facebook could not complete the login (HTTP "
					+ response.statusCode().value() + "); try again later", null);
		}
		return new AuthorisationFailed(FACEBOOK, "Facebook refused the login: "
				+ (message.isBlank() ? "HTTP " + response.statusCode().value() : message));
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

	private static AuthorisationFailed declined(Map<String, String> parameters) {
		if ("user_denied".equals(parameters.get("error_reason")) || "access_denied".equals(parameters.get("error"))) {
			return new AuthorisationFailed(FACEBOOK,
					"You declined on Facebook, so Hubben was not given access to your Pages");
		}
		String description = parameters.get("error_description");
		return new AuthorisationFailed(FACEBOOK, "Facebook refused the login: "
				+ ((description != null && !description.isBlank()) ? description : parameters.get("error")));
	}

	private static ConnectorException transportFailure(Throwable ex) {
		if (ex instanceof IllegalStateException) {
			// PlatformEndpoints: no app registered, or the emulator not yet listening.
			return new PlatformUnavailable(FACEBOOK, ex.getMessage(), ex);
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof SSLHandshakeException) {
				return new PlatformUnavailable(FACEBOOK,
						"Facebook could not be reached: " + cause.getClass().getSimpleName(), ex);
			}
		}
		return new PlatformUnavailable(FACEBOOK, "Facebook did not answer in time; try again later", ex);
	}

	private static List<JsonNode> values(JsonNode array) {
		List<JsonNode> values = new ArrayList<>();
		array.forEach(values::add);
		return values;
	}

}
