package org.hubben.content;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Web pages on the loopback interface, for the fetcher to read: HTML with card tags,
 * redirects, an endless page, a slow page, an image. Counts the requests per path and
 * records their Host headers.
 */
final class PageServer implements AutoCloseable {

	static final String CARD = """
			<!doctype html>
			<html><head>
			<title>Schools open on Monday</title>
			<meta property="og:title" content="Schools open">
			<meta property="og:description" content="What changes on Monday">
			<meta property="og:image" content="/images/school.jpg">
			<link rel="canonical" href="/card">
			</head><body><p>Hello</p></body></html>
			""";

	final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	final List<String> hostHeaders = new CopyOnWriteArrayList<>();

	final AtomicBoolean endlessPageCancelled = new AtomicBoolean();

	private final DisposableServer server;

	PageServer(Map<String, String> extraPages) {
		this.server = HttpServer.create().host("127.0.0.1").port(0).route((routes) -> {
			routes.get("/card", (request, response) -> html("/card", request.requestHeaders().get("Host"),
					response.header("Content-Type", "text/html; charset=utf-8"), CARD));
			extraPages.forEach((path, body) -> routes.get(path, (request, response) -> html(path,
					request.requestHeaders().get("Host"), response.header("Content-Type", "text/html"), body)));
			routes.get("/redirect", (request, response) -> {
				count("/redirect");
				List<String> to = new QueryStringDecoder(request.uri()).parameters().get("to");
				return response.status(HttpResponseStatus.FOUND)
					.header("Location", (to != null) ? to.get(0) : "/card")
					.send();
			});
			routes.get("/hops/{n}", (request, response) -> {
				int n = Integer.parseInt(request.param("n"));
				count("/hops/" + n);
				return response.status(HttpResponseStatus.MOVED_PERMANENTLY)
					.header("Location", (n == 0) ? "/card" : "/hops/" + (n - 1))
					.send();
			});
			routes.get("/endless", (request, response) -> {
				count("/endless");
				byte[] head = "<html><head><meta property=\"og:title\" content=\"Endless\"></head><body>"
					.getBytes(StandardCharsets.UTF_8);
				byte[] filler = "<p>more and more</p>\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
				Flux<byte[]> endless = Flux.concat(Mono.just(head), Flux.<byte[]>generate((sink) -> sink.next(filler)))
					.doOnCancel(() -> this.endlessPageCancelled.set(true));
				return response.header("Content-Type", "text/html").sendByteArray(endless);
			});
			routes.get("/slow", (request, response) -> {
				count("/slow");
				return response.header("Content-Type", "text/html")
					.sendString(Mono.just(CARD).delayElement(Duration.ofSeconds(8)));
			});
			routes.get("/image", (request, response) -> {
				count("/image");
				return response.header("Content-Type", "image/png").sendByteArray(Mono.just(new byte[] { 1, 2, 3 }));
			});
			routes.get("/missing", (request, response) -> {
				count("/missing");
				return response.status(HttpResponseStatus.NOT_FOUND).sendString(Mono.just("gone"));
			});
		}).bindNow();
	}

	PageServer() {
		this(Map.of());
	}

	private reactor.netty.NettyOutbound html(String path, String host,
			reactor.netty.http.server.HttpServerResponse response, String body) {
		count(path);
		this.hostHeaders.add(host);
		return response.sendString(Mono.just(body));
	}

	private void count(String path) {
		this.hits.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
	}

	int hits(String path) {
		AtomicInteger count = this.hits.get(path);
		return (count != null) ? count.get() : 0;
	}

	int port() {
		return this.server.port();
	}

	/**
	 * A resolver that answers the server's loopback address for every name in
	 * {@code names}.
	 */
	static HostResolver resolving(Map<String, String> names) {
		Function<String, Mono<List<InetAddress>>> lookup = (host) -> {
			String address = names.get(host);
			if (address == null) {
				return Mono.error(new UnknownHostException(host));
			}
			try {
				return Mono.just(List.of(InetAddress.getByName(address)));
			}
			catch (UnknownHostException ex) {
				return Mono.error(ex);
			}
		};
		return lookup::apply;
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
