package org.hubben.webhook;

import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.hubben.content.GuardedHttp;
import org.hubben.content.InvalidLink;
import org.hubben.organisation.CredentialCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;

/**
 * POSTs the outbox's due calls, signed, and records each outcome. Safe on every node at
 * once: each call is claimed with one conditional update first, and an outcome is
 * recorded only under that claim. A 2xx answer delivers a call; any other answer, or
 * none, is retried with exponential backoff and jitter up to
 * {@link WebhookProperties#maxAttempts()}, after which it fails; an address Hubben does
 * not reach fails it at once. A receiver may get a call twice (its node stopped before
 * recording the answer): {@code X-Hubben-Delivery} is the same on every attempt.
 * Non-blocking.
 */
class WebhookSender {

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	private static final int BATCH = 50;

	private static final int PARALLEL = 8;

	private static final String USER_AGENT = "Hubben-Webhooks/1";

	private final WebhookCalls calls;

	private final WebhookEndpoints endpoints;

	private final CredentialCipher cipher;

	private final GuardedHttp http;

	private final WebhookProperties properties;

	private final DoubleSupplier random;

	private final Clock clock;

	WebhookSender(WebhookCalls calls, WebhookEndpoints endpoints, CredentialCipher cipher, GuardedHttp http,
			WebhookProperties properties, Clock clock) {
		this.calls = calls;
		this.endpoints = endpoints;
		this.cipher = cipher;
		this.http = http;
		this.properties = properties;
		this.random = () -> ThreadLocalRandom.current().nextDouble();
		this.clock = clock;
	}

	/**
	 * Sends the calls that are due and that this node manages to claim.
	 * @return how many calls this node sent, once every outcome is recorded
	 */
	Mono<Long> sendDue() {
		Instant now = this.clock.instant();
		Instant staleBefore = now.minus(this.properties.orphanAfter());
		return this.calls.findClaimable(now, staleBefore, BATCH)
			.flatMap((call) -> this.calls.claim(call.id(), now, staleBefore)
				.filter((claimed) -> claimed == 1)
				.flatMap((claimed) -> send(call)), PARALLEL)
			.count();
	}

	private Mono<Boolean> send(WebhookCall call) {
		int attempt = call.attempts() + 1;
		return this.endpoints.findById(call.endpointId())
			.flatMap((endpoint) -> post(endpoint, call))
			.flatMap(
					(status) -> (status / 100 == 2)
							? this.calls.markDelivered(call.id(), attempt, status, this.clock.instant())
							: notDelivered(call, attempt, status,
									"The endpoint answered " + status + " "
											+ HttpResponseStatus.valueOf(status).reasonPhrase(),
									false))
			.onErrorResume((ex) -> {
				InvalidLink refused = refusal(ex);
				if (refused != null) {
					return notDelivered(call, attempt, null, refused.getMessage(), true);
				}
				return notDelivered(call, attempt, null, describe(ex), false);
			})
			.thenReturn(true);
	}

	/**
	 * @return the HTTP status of the endpoint's answer
	 */
	private Mono<Integer> post(WebhookEndpoint endpoint, WebhookCall call) {
		return Mono.defer(() -> {
			URI uri = this.http.check(endpoint.url());
			String secret = this.cipher.decrypt(endpoint.id(), endpoint.encryptedSecret());
			long timestamp = this.clock.instant().getEpochSecond();
			String signature = Signatures.sign(secret, timestamp, call.payload());
			return this.http.client()
				.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.set(HttpHeaderNames.USER_AGENT, USER_AGENT)
					.set("X-Hubben-Event", call.eventType())
					.set("X-Hubben-Delivery", call.id().toString())
					.set("X-Hubben-Timestamp", Long.toString(timestamp))
					.set("X-Hubben-Signature", signature))
				.post()
				.uri(uri.toASCIIString())
				.send(ByteBufMono.fromString(Mono.just(call.payload())))
				// The answer's body is not needed; only its status is recorded.
				.response((response, body) -> Mono.just(response.status().code()))
				.next()
				.timeout(this.properties.timeout());
		});
	}

	private Mono<Integer> notDelivered(WebhookCall call, int attempt, Integer status, String reason, boolean giveUp) {
		Instant now = this.clock.instant();
		if (giveUp || attempt >= this.properties.maxAttempts()) {
			String error = giveUp ? reason : reason + ". Hubben gave up after " + attempt + " attempts.";
			logger.info("Webhook call {} to endpoint {} failed: {}", call.id(), call.endpointId(), error);
			return this.calls.markFailed(call.id(), attempt, status, error, now);
		}
		Instant at = now.plus(waitAfter(attempt));
		return this.calls.markRetrying(call.id(), attempt, status,
				reason + ". Attempt " + (attempt + 1) + " of " + this.properties.maxAttempts() + " at " + at + ".", at);
	}

	/**
	 * The first wait doubled for each attempt after the first, plus up to half of that
	 * again at random (so calls that failed together do not return together), and never
	 * more than the longest wait.
	 */
	Duration waitAfter(int attempts) {
		int doublings = Math.min(Math.max(attempts, 1) - 1, 30);
		long longest = this.properties.maxRetry().toMillis();
		long base = Math.min(this.properties.firstRetry().toMillis() << doublings, longest);
		long jitter = (long) (base * 0.5 * this.random.getAsDouble());
		return Duration.ofMillis(Math.min(base + jitter, longest));
	}

	private static InvalidLink refusal(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidLink invalid) {
				return invalid;
			}
		}
		return null;
	}

	private String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				return "The endpoint did not answer within " + this.properties.timeout().toSeconds() + " seconds";
			}
			if (cause instanceof ConnectException) {
				return "Hubben could not connect to the endpoint (" + cause.getMessage() + ")";
			}
			if (cause instanceof java.net.UnknownHostException) {
				return "The endpoint's host name does not resolve to an address";
			}
		}
		logger.debug("Webhook call failed", ex);
		return "The call failed: " + ex.getClass().getSimpleName()
				+ ((ex.getMessage() != null) ? " (" + ex.getMessage() + ")" : "");
	}

}
