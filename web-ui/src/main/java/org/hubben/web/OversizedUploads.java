package org.hubben.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.hubben.media.MediaStore;
import org.hubben.media.Sizes;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * A multipart form over the limits of {@code spring.webflux.multipart.*} fails while it
 * is read, which can be before any controller runs (the CSRF check reads the form of a
 * page). Such a request gets 413: problem JSON under {@code /api}, the {@code error/413}
 * page elsewhere. Runs before Spring Boot's error handler, which would otherwise answer
 * 500.
 */
@Component
@Order(-2)
class OversizedUploads implements WebExceptionHandler {

	private final JsonMapper json;

	private final MediaStore mediaStore;

	OversizedUploads(JsonMapper json, MediaStore mediaStore) {
		this.json = json;
		this.mediaStore = mediaStore;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (!causedByALimit(ex) || exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		// The rest of the request was never read: the connection cannot carry another.
		exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
		if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
			return Mono.error(new ContentTooLargeException(ex));
		}
		ProblemDetail problem = ApiProblems.tooLarge("The upload is too large: Hubben takes files up to "
				+ Sizes.display(this.mediaStore.maxSize()) + " and forms of at most a few dozen parts");
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(
				response.bufferFactory().wrap(this.json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8))));
	}

	private static boolean causedByALimit(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException) {
				return true;
			}
		}
		return false;
	}

}
