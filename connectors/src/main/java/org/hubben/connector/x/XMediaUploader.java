package org.hubben.connector.x;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import javax.net.ssl.SSLHandshakeException;

import io.netty.handler.timeout.ReadTimeoutException;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.MediaKind;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishRefused;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Uploads a post's media to X with the v2 dedicated endpoints:
 * {@code POST /2/media/upload/initialize}, one {@code POST /2/media/upload/{id}/append}
 * per 4 MB segment, {@code POST /2/media/upload/{id}/finalize} and, while FINALIZE or
 * STATUS answer with {@code processing_info} that is {@code pending} or
 * {@code in_progress}, {@code GET /2/media/upload?command=STATUS} after the
 * {@code check_after_secs} X names.
 *
 * <p>
 * Nothing is posted before every medium is ready, so no failure here is
 * {@link OutcomeUnknown}: 401 and 403 are {@link AuthorisationFailed}, 429 is a
 * {@link org.hubben.connector.RateLimited RateLimited}, other 4xx and a failed processing
 * are {@link PublishRefused} with X's words, and 5xx, timeouts, lost connections and
 * processing that outlasts {@link #MAX_PROCESSING_WAIT} are {@link PlatformUnavailable}.
 */
final class XMediaUploader {

	/** Below X's 5 MB cap on one APPEND. */
	static final int SEGMENT_BYTES = 4 * 1024 * 1024;

	/**
	 * The longest Hubben waits for X to process one medium; well inside the time a
	 * publication's fan-out is given.
	 */
	static final Duration MAX_PROCESSING_WAIT = Duration.ofMinutes(5);

	/** The longest single wait between two STATUS requests, whatever X names. */
	private static final long MAX_CHECK_AFTER_SECS = 60;

	private static final int READ_BUFFER_BYTES = 64 * 1024;

	/**
	 * Extra time for one APPEND on top of the usual backstop: the response timeout only
	 * starts once the segment was written, and a slow uplink takes a while to write 4 MB.
	 */
	private static final Duration APPEND_ALLOWANCE = Duration.ofMinutes(2);

	private static final Platform X = Platform.X;

	private final WebClient webClient;

	private final Duration backstop;

	private final Function<Duration, Mono<Void>> pause;

	private final XConnector connector;

	/**
	 * @param webClient the connector's client, which never resends a request by itself
	 * @param backstop how long one request may take at most
	 * @param pause waits the given time without blocking (tests pass one that advances a
	 * fake clock instead)
	 * @param connector reads X's rate-limit headers
	 */
	XMediaUploader(WebClient webClient, Duration backstop, Function<Duration, Mono<Void>> pause, XConnector connector) {
		this.webClient = webClient;
		this.backstop = backstop;
		this.pause = pause;
		this.connector = connector;
	}

	/**
	 * Uploads the media one after the other, in the post's order.
	 * @return the media ids, in the same order; empty for a post without media
	 */
	Mono<List<String>> upload(URI base, List<PublishMedia> media, String token) {
		if (media.isEmpty()) {
			return Mono.just(List.of());
		}
		return Flux.fromIterable(media).concatMap((medium) -> upload(base, medium, token)).collectList();
	}

	private Mono<String> upload(URI base, PublishMedia media, String token) {
		return initialize(base, media, token)
			.flatMap((id) -> appendAll(base, id, media, token).then(finalizeUpload(base, id, media, token))
				.flatMap((data) -> awaitProcessing(base, id, media, token, data, Duration.ZERO))
				.thenReturn(id))
			.onErrorMap((ex) -> !(ex instanceof ConnectorException), (ex) -> transportFailure(ex, media));
	}

	private Mono<String> initialize(URI base, PublishMedia media, String token) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("media_type", media.contentType());
		body.put("total_bytes", media.size());
		body.put("media_category", category(media));
		return exchange(this.webClient.post()
			.uri(UriComponentsBuilder.fromUri(base).path("/2/media/upload/initialize").build().toUri())
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(body), media, token, this.backstop).handle((json, sink) -> {
				String id = json.path("data").path("id").asString("");
				if (id.isEmpty()) {
					sink.error(new PlatformUnavailable(X,
							"X answered without a media id for " + describe(media) + "; nothing was posted", null));
					return;
				}
				sink.next(id);
			});
	}

	private Mono<Void> appendAll(URI base, String id, PublishMedia media, String token) {
		long segments = (media.size() + SEGMENT_BYTES - 1) / SEGMENT_BYTES;
		return Flux.range(0, (int) segments).concatMap((index) -> append(base, id, media, index, token)).then();
	}

	private Mono<JsonNode> append(URI base, String id, PublishMedia media, int index, String token) {
		long offset = (long) index * SEGMENT_BYTES;
		long length = Math.min(SEGMENT_BYTES, media.size() - offset);
		Flux<DataBuffer> segment = DataBufferUtils.takeUntilByteCount(DataBufferUtils.readAsynchronousFileChannel(
				() -> AsynchronousFileChannel.open(media.file(), StandardOpenOption.READ), offset,
				DefaultDataBufferFactory.sharedInstance, READ_BUFFER_BYTES), length);
		MultipartBodyBuilder multipart = new MultipartBodyBuilder();
		multipart.part("segment_index", String.valueOf(index));
		multipart.asyncPart("media", segment, DataBuffer.class)
			.filename("segment-" + index)
			.contentType(MediaType.APPLICATION_OCTET_STREAM);
		return exchange(
				this.webClient.post()
					.uri(UriComponentsBuilder.fromUri(base)
						.path("/2/media/upload/{id}/append")
						.encode()
						.buildAndExpand(id)
						.toUri())
					.headers((headers) -> headers.setBearerAuth(token))
					.contentType(MediaType.MULTIPART_FORM_DATA)
					.accept(MediaType.APPLICATION_JSON)
					.body(BodyInserters.fromMultipartData(multipart.build())),
				media, token, this.backstop.plus(APPEND_ALLOWANCE));
	}

	private Mono<JsonNode> finalizeUpload(URI base, String id, PublishMedia media, String token) {
		return exchange(this.webClient.post()
			.uri(UriComponentsBuilder.fromUri(base)
				.path("/2/media/upload/{id}/finalize")
				.encode()
				.buildAndExpand(id)
				.toUri())
			.headers((headers) -> headers.setBearerAuth(token))
			.accept(MediaType.APPLICATION_JSON), media, token, this.backstop);
	}

	private Mono<JsonNode> status(URI base, String id, PublishMedia media, String token) {
		return exchange(this.webClient.get()
			.uri(UriComponentsBuilder.fromUri(base)
				.path("/2/media/upload")
				.queryParam("command", "STATUS")
				.queryParam("media_id", id)
				.encode()
				.build()
				.toUri())
			.headers((headers) -> headers.setBearerAuth(token))
			.accept(MediaType.APPLICATION_JSON), media, token, this.backstop);
	}

	/**
	 * Follows {@code processing_info} until it succeeds, fails, or waiting longer would
	 * pass {@link #MAX_PROCESSING_WAIT}; without {@code processing_info} the medium is
	 * ready.
	 * @param waited how long this medium was already waited for
	 */
	private Mono<Void> awaitProcessing(URI base, String id, PublishMedia media, String token, JsonNode answer,
			Duration waited) {
		JsonNode processing = answer.path("data").path("processing_info");
		if (processing.isMissingNode() || processing.isNull()) {
			return Mono.empty();
		}
		String state = processing.path("state").asString("");
		switch (state) {
			case "succeeded":
				return Mono.empty();
			case "failed":
				return Mono.error(processingFailed(media, processing.path("error")));
			case "pending", "in_progress":
				break;
			default:
				return Mono.error(new PlatformUnavailable(X, "X answered an unknown processing state \"" + state
						+ "\" for " + describe(media) + "; nothing was posted", null));
		}
		long seconds = Math.max(1, Math.min(MAX_CHECK_AFTER_SECS, processing.path("check_after_secs").asLong(1)));
		Duration wait = Duration.ofSeconds(seconds);
		if (waited.plus(wait).compareTo(MAX_PROCESSING_WAIT) > 0) {
			return Mono.error(new PlatformUnavailable(X, "X did not finish processing " + describe(media) + " within "
					+ MAX_PROCESSING_WAIT.toMinutes() + " minutes; nothing was posted", null));
		}
		return this.pause.apply(wait)
			.then(status(base, id, media, token))
			.flatMap((next) -> awaitProcessing(base, id, media, token, next, waited.plus(wait)));
	}

	private static PublishRefused processingFailed(PublishMedia media, JsonNode error) {
		String message = error.path("message").asString("");
		String name = error.path("name").asString("");
		StringBuilder reason = new StringBuilder("X refused ").append(describe(media)).append(": ");
		reason.append(message.isBlank() ? "processing failed" : message);
		if (!name.isBlank()) {
			reason.append(" (").append(name).append(')');
		}
		return new PublishRefused(X, reason.toString());
	}

	private Mono<JsonNode> exchange(WebClient.RequestHeadersSpec<?> request, PublishMedia media, String token,
			Duration backstop) {
		return request.exchangeToMono(
				(response) -> response.bodyToMono(String.class).defaultIfEmpty("").<JsonNode>handle((body, sink) -> {
					if (!response.statusCode().is2xxSuccessful()) {
						sink.error(
								refusal(response.statusCode(), response.headers().asHttpHeaders(), body, token, media));
						return;
					}
					sink.next(XConnector.parse(body));
				}))
			.timeout(backstop);
	}

	private ConnectorException refusal(HttpStatusCode status, HttpHeaders headers, String body, String token,
			PublishMedia media) {
		int code = status.value();
		String detail = XConnector.redact(XConnector.detail(XConnector.parse(body), "HTTP " + code), token);
		if (code == 401) {
			return new AuthorisationFailed(X, "X refused the channel's token: reconnect the channel");
		}
		if (code == 403) {
			return new AuthorisationFailed(X, "X refused to take media from the channel (" + detail
					+ "): reconnect the channel and allow media uploads");
		}
		if (code == 429) {
			return this.connector.rateLimited(headers);
		}
		if (status.is4xxClientError()) {
			return new PublishRefused(X, "X refused " + describe(media) + ": " + detail);
		}
		return new PlatformUnavailable(X,
				"X failed while taking " + describe(media) + " (" + code + ": " + detail + "); nothing was posted",
				null);
	}

	private static ConnectorException transportFailure(Throwable ex, PublishMedia media) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof SSLHandshakeException) {
				return new PlatformUnavailable(X, "X could not be reached: " + cause.getClass().getSimpleName(), ex);
			}
			if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
				return new PlatformUnavailable(X,
						"X did not answer while taking " + describe(media) + "; nothing was posted", ex);
			}
		}
		return new PlatformUnavailable(X,
				"X's answer was lost while taking " + describe(media) + "; nothing was posted", ex);
	}

	private static String category(PublishMedia media) {
		if (media.kind() == MediaKind.VIDEO) {
			return "tweet_video";
		}
		return "image/gif".equals(media.contentType()) ? "tweet_gif" : "tweet_image";
	}

	static String describe(PublishMedia media) {
		return ((media.kind() == MediaKind.VIDEO) ? "the video" : "the image") + " \"" + media.filename() + "\"";
	}

}
