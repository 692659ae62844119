package org.hubben.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.content.GuardedHttp;
import org.hubben.content.InvalidLink;
import org.hubben.organisation.CredentialCipher;
import org.hubben.organisation.Member;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;

/**
 * An organisation's webhook endpoints, managed by its administrators: adding one (its
 * signing secret is generated, stored encrypted and shown once), switching it on and off,
 * choosing its events, removing it, sending it a test event and reading its log.
 * Non-blocking. Every method fails with {@link WebhookForbidden} for a member who is not
 * an administrator, and with {@link WebhookNotFound} for an endpoint of another
 * organisation, as for one that does not exist.
 */
public class WebhookRegistrar {

	static final int URL_MAX = 2_000;

	private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private final WebhookEndpoints endpoints;

	private final WebhookCalls calls;

	private final R2dbcEntityTemplate template;

	private final CredentialCipher cipher;

	private final GuardedHttp guard;

	private final WebhookPayloads payloads;

	private final Clock clock;

	WebhookRegistrar(WebhookEndpoints endpoints, WebhookCalls calls, R2dbcEntityTemplate template,
			CredentialCipher cipher, GuardedHttp guard, WebhookPayloads payloads, Clock clock) {
		this.endpoints = endpoints;
		this.calls = calls;
		this.template = template;
		this.cipher = cipher;
		this.guard = guard;
		this.payloads = payloads;
		this.clock = clock;
	}

	/**
	 * @return the organisation's endpoints, oldest first
	 */
	public Flux<WebhookEndpoint> endpoints(Member member) {
		return admin(member).thenMany(this.endpoints.findByOrganisationIdOrderByCreatedAtAsc(member.organisationId()));
	}

	/**
	 * @return the endpoint
	 */
	public Mono<WebhookEndpoint> endpoint(Member member, UUID id) {
		return admin(member).then(this.endpoints.findById(id))
			.filter((endpoint) -> endpoint.organisationId().equals(member.organisationId()))
			.switchIfEmpty(Mono.error(() -> new WebhookNotFound(id)));
	}

	/**
	 * Adds an active endpoint with a new secret.
	 * @return the endpoint and its secret; an {@link InvalidWebhook} error, by field,
	 * when the URL is not https (http only for localhost), is one Hubben does not reach,
	 * or no known event was chosen
	 */
	public Mono<CreatedEndpoint> add(Member member, EndpointDraft draft) {
		return admin(member).then(Mono.defer(() -> {
			Map<String, String> errors = new LinkedHashMap<>();
			String url = validUrl(draft.url(), errors);
			String events = validEvents(draft.events(), errors);
			if (!errors.isEmpty()) {
				return Mono.error(new InvalidWebhook(errors));
			}
			UUID id = UUID.randomUUID();
			String secret = Signatures.newSecret();
			WebhookEndpoint endpoint = new WebhookEndpoint(id, member.organisationId(), url,
					this.cipher.encrypt(id, secret), events, true, member.username(), this.clock.instant());
			return this.template.insert(endpoint).map((saved) -> new CreatedEndpoint(saved, secret));
		}));
	}

	/**
	 * Changes what was given; {@code null} leaves it as it is.
	 * @return the endpoint as it is now; an {@link InvalidWebhook} error when the events
	 * are not valid
	 */
	public Mono<WebhookEndpoint> change(Member member, UUID id, Boolean active, List<String> events) {
		return endpoint(member, id).flatMap((endpoint) -> {
			WebhookEndpoint changed = endpoint;
			if (events != null) {
				Map<String, String> errors = new LinkedHashMap<>();
				String valid = validEvents(events, errors);
				if (!errors.isEmpty()) {
					return Mono.error(new InvalidWebhook(errors));
				}
				changed = changed.withEventTypes(valid);
			}
			if (active != null) {
				changed = changed.withActive(active);
			}
			return this.endpoints.save(changed);
		});
	}

	/** Removes the endpoint and its log; calls not yet sent are not sent. */
	public Mono<Void> remove(Member member, UUID id) {
		return endpoint(member, id).flatMap(this.endpoints::delete);
	}

	/**
	 * Queues a {@link EventType#PING} call to the endpoint, active or not; it is sent
	 * within the poll interval, like every call, and shows in the log.
	 * @return the queued call
	 */
	public Mono<WebhookCall> sendTestEvent(Member member, UUID id) {
		return endpoint(member, id).flatMap((endpoint) -> {
			Instant now = this.clock.instant();
			UUID eventId = UUID.randomUUID();
			String body = this.payloads.of(eventId, EventType.PING, endpoint.organisationId(), now,
					WebhookPayloads.ping(endpoint, member.username()));
			return this.template.insert(WebhookCall.pending(endpoint.id(), eventId, EventType.PING, body, now));
		});
	}

	/**
	 * @return the endpoint's latest calls, newest first
	 */
	public Flux<WebhookCall> log(Member member, UUID id, int limit) {
		return endpoint(member, id).flatMapMany((endpoint) -> this.calls.findLatest(endpoint.id(), limit));
	}

	private String validUrl(String raw, Map<String, String> errors) {
		if (raw == null || raw.isBlank()) {
			errors.put("url", "A URL is required");
			return null;
		}
		String url = raw.strip();
		if (url.length() > URL_MAX) {
			errors.put("url", "A URL has at most " + URL_MAX + " characters");
			return null;
		}
		try {
			URI uri = new URI(url);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : null;
			if (host == null) {
				errors.put("url", "The URL needs a host, such as https://example.org/hooks/hubben");
				return null;
			}
			if (!scheme.equals("https") && !(scheme.equals("http") && LOCAL_HOSTS.contains(host))) {
				errors.put("url", "The URL must start with https:// (http:// only for localhost), so that the events "
						+ "cannot be read on the way");
				return null;
			}
		}
		catch (URISyntaxException ex) {
			errors.put("url", "This is not a valid URL: " + ex.getReason());
			return null;
		}
		try {
			this.guard.check(url);
		}
		catch (InvalidLink ex) {
			errors.put("url", ex.getMessage());
			return null;
		}
		return url;
	}

	private static String validEvents(List<String> ids, Map<String, String> errors) {
		if (ids == null || ids.isEmpty()) {
			errors.put("events", "Choose at least one event: " + known());
			return null;
		}
		List<String> unknown = ids.stream()
			.filter((id) -> EventType.byId(id).filter((type) -> type != EventType.PING).isEmpty())
			.toList();
		if (!unknown.isEmpty()) {
			errors.put("events", "Unknown event " + String.join(", ", unknown) + "; the events are " + known());
			return null;
		}
		Set<EventType> chosen = ids.stream().map((id) -> EventType.byId(id).orElseThrow()).collect(Collectors.toSet());
		return EventType.subscribable()
			.stream()
			.filter(chosen::contains)
			.map(EventType::id)
			.collect(Collectors.joining(","));
	}

	private static String known() {
		return EventType.subscribable().stream().map(EventType::id).collect(Collectors.joining(", "));
	}

	private static Mono<Void> admin(Member member) {
		return member.role().may(Action.MANAGE_SETTINGS, Reach.OWN) ? Mono.empty() : Mono.error(new WebhookForbidden());
	}

}
