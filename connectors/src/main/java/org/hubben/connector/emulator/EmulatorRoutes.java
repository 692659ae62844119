package org.hubben.connector.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Mounts emulators under {@code /emulator/<platform>} with the endpoints every emulator
 * shares:
 * <ul>
 * <li>{@code GET /emulator}: the ids of the mounted platforms;</li>
 * <li>{@code GET received}: the JSON list of accepted posts;</li>
 * <li>{@code POST faults} with {@code {"fault": "RATE_LIMIT", "times": 1}} or
 * {@code {"latencyMillis": 100}}: queue faults or set a latency; {@code "pass": 3} first
 * lets that many publishing requests through, so the fault hits a later step (the post
 * after its media uploads);</li>
 * <li>{@code GET comments}: every comment on the emulator's posts; {@code POST comments}
 * with a {@link PersonComment}: a person comments on a post;</li>
 * <li>{@code DELETE faults}: clear faults and latency; {@code DELETE received}: forget
 * what was received.</li>
 * </ul>
 */
public final class EmulatorRoutes {

	private EmulatorRoutes() {
	}

	public static RouterFunction<ServerResponse> mount(List<Emulator> emulators) {
		RouterFunctions.Builder builder = RouterFunctions.route()
			.GET("/emulator", (request) -> ServerResponse.ok()
				.bodyValue(emulators.stream().map((emulator) -> emulator.platform().id()).toList()));
		for (Emulator emulator : emulators) {
			builder.nest(RequestPredicates.path("/emulator/" + emulator.platform().id()),
					(nested) -> nested.GET("/received", (request) -> ServerResponse.ok().bodyValue(emulator.received()))
						.DELETE("/received", (request) -> {
							emulator.reset();
							return ServerResponse.noContent().build();
						})
						.GET("/comments", (request) -> ServerResponse.ok().bodyValue(emulator.comments()))
						.POST("/comments", (request) -> addComment(emulator, request))
						.POST("/faults", (request) -> injectFaults(emulator, request))
						.DELETE("/faults", (request) -> {
							emulator.faults().clear();
							return ServerResponse.noContent().build();
						})
						.add(withLatency(emulator, emulator.routes())));
		}
		return builder.build();
	}

	/**
	 * Closes the TCP connection without answering, as a network failure after the
	 * platform took the request would. On Reactor Netty the native response is the
	 * connection itself; on another server the request is left unanswered, which a client
	 * must treat the same way: the outcome is unknown.
	 * @return a response that never completes
	 */
	public static Mono<ServerResponse> dropConnection(ServerRequest request) {
		Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(request.exchange().getResponse());
		if (nativeResponse instanceof Connection connection) {
			connection.channel().close();
		}
		return Mono.never();
	}

	private static RouterFunction<ServerResponse> withLatency(Emulator emulator,
			RouterFunction<ServerResponse> routes) {
		return routes.filter((request, next) -> {
			Duration latency = emulator.faults().latency();
			return latency.isZero() ? next.handle(request) : Mono.delay(latency).then(next.handle(request));
		});
	}

	private static Mono<ServerResponse> injectFaults(Emulator emulator, ServerRequest request) {
		return request.bodyToMono(FaultRequest.class).flatMap((body) -> {
			if (body.latencyMillis() != null) {
				emulator.faults().latency(Duration.ofMillis(body.latencyMillis()));
			}
			if (body.pass() != null) {
				emulator.faults().pass(body.pass());
			}
			if (body.fault() != null) {
				emulator.faults().inject(body.fault(), (body.times() != null) ? body.times() : 1);
			}
			return ServerResponse.ok()
				.bodyValue(Map.of("pending", emulator.faults().pending(), "latencyMillis",
						emulator.faults().latency().toMillis()));
		})
			.onErrorResume(IllegalArgumentException.class, (ex) -> badRequest(ex.getMessage()))
			.switchIfEmpty(badRequest("Send {\"fault\": \"RATE_LIMIT\", \"times\": 1} or {\"latencyMillis\": 100}"));
	}

	private static Mono<ServerResponse> addComment(Emulator emulator, ServerRequest request) {
		return request.bodyToMono(PersonComment.class)
			.flatMap((comment) -> ServerResponse.status(HttpStatus.CREATED).bodyValue(emulator.comment(comment)))
			.onErrorResume(IllegalArgumentException.class, (ex) -> badRequest(ex.getMessage()))
			.switchIfEmpty(badRequest("Send {\"postId\": \"…\", \"authorId\": \"…\", \"authorName\": \"…\", "
					+ "\"text\": \"…\"} and optionally \"parentId\""));
	}

	private static Mono<ServerResponse> badRequest(String detail) {
		return ServerResponse.badRequest()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail));
	}

	/**
	 * The body of {@code POST faults}.
	 *
	 * @param fault the fault to queue, or {@code null}
	 * @param times how many requests it hits, default 1
	 * @param latencyMillis a latency for every request, or {@code null} to leave it
	 * @param pass how many publishing requests to serve normally before the fault, or
	 * {@code null} for none
	 */
	record FaultRequest(Fault fault, Integer times, Long latencyMillis, Integer pass) {

	}

}
