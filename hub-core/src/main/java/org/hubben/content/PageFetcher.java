package org.hubben.content;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fetches web pages for link previews without letting a link reach into Hubben's own
 * network: every hop's address is checked by the {@link AddressGuard} (literals before
 * the request, names as they are resolved, by the {@link GuardedResolverGroup}), and the
 * connection goes to the address that was checked. At most {@link #TIME_LIMIT} in all,
 * {@link #SIZE_LIMIT} bytes read (the rest is not read), {@link #REDIRECT_LIMIT}
 * redirects; only HTML pages and RSS or Atom feeds are read. Non-blocking; thread-safe.
 */
class PageFetcher implements AutoCloseable {

	static final Duration TIME_LIMIT = Duration.ofSeconds(5);

	static final int SIZE_LIMIT = 1024 * 1024;

	static final int REDIRECT_LIMIT = 3;

	private static final String USER_AGENT = "Mozilla/5.0 (compatible; Hubben link preview)";

	private final AddressGuard guard;

	private final GuardedResolverGroup resolvers;

	private final HttpClient client;

	/**
	 * @param guard what may be fetched
	 * @param resolver how names are resolved; its answers are checked by the guard
	 */
	PageFetcher(AddressGuard guard, HostResolver resolver) {
		this.guard = guard;
		this.resolvers = new GuardedResolverGroup(guard, resolver);
		// A new connection per request: each one is resolved, and so checked, anew.
		this.client = HttpClient.create(ConnectionProvider.newConnection())
			.resolver(this.resolvers)
			.followRedirect(false)
			.disableRetry(true)
			.responseTimeout(TIME_LIMIT)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIME_LIMIT.toMillis())
			.headers((headers) -> headers.set(HttpHeaderNames.USER_AGENT, USER_AGENT)
				.set(HttpHeaderNames.ACCEPT, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"));
	}

	/**
	 * @param link an absolute URL as a person typed it
	 * @return what to fetch
	 * @throws InvalidLink when the link is one Hubben does not fetch, as far as can be
	 * told without resolving its host
	 */
	FetchTarget target(String link) {
		return this.guard.target(link);
	}

	/**
	 * @param target a link that passed {@link #target(String)}
	 * @return the page, after at most {@link #REDIRECT_LIMIT} redirects; or an
	 * {@link InvalidLink} error when the link's own host resolves to an address Hubben
	 * does not fetch; or a {@link PageUnreachable} error for every other failure, a
	 * redirect to such an address included
	 */
	Mono<FetchedPage> fetch(FetchTarget target) {
		return hop(target, 0).timeout(TIME_LIMIT, Mono
			.error(() -> new PageUnreachable("it did not answer within " + TIME_LIMIT.toSeconds() + " seconds")));
	}

	private Mono<FetchedPage> hop(FetchTarget target, int redirects) {
		return this.client.get()
			.uri(target.uri().toASCIIString())
			.response((response, body) -> step(target, response, body))
			.next()
			.onErrorMap((ex) -> !(ex instanceof PageUnreachable), (ex) -> failure(ex, redirects))
			.flatMap((step) -> {
				if (step.page() != null) {
					return Mono.just(step.page());
				}
				if (redirects == REDIRECT_LIMIT) {
					return Mono.error(new PageUnreachable("it redirects more than " + REDIRECT_LIMIT + " times"));
				}
				FetchTarget next;
				try {
					next = this.guard.target(target.uri().resolve(new URI(step.location())).toString());
				}
				catch (URISyntaxException | IllegalArgumentException ex) {
					return Mono.error(new PageUnreachable("it redirects to an address that is not valid"));
				}
				catch (InvalidLink ex) {
					return Mono.error(redirectRefused(ex));
				}
				return hop(next, redirects + 1);
			});
	}

	private Mono<Step> step(FetchTarget target, HttpClientResponse response, ByteBufFlux body) {
		int status = response.status().code();
		String location = response.responseHeaders().get(HttpHeaderNames.LOCATION);
		if (status >= 300 && status < 400 && status != 304 && location != null) {
			return Mono.just(new Step(null, location));
		}
		if (status < 200 || status >= 300) {
			return Mono.error(new PageUnreachable("it answered " + status + " " + response.status().reasonPhrase()));
		}
		String contentType = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
		if (!isHtml(contentType) && !isFeed(contentType)) {
			return Mono.just(new Step(new FetchedPage(target.uri(), contentType, new byte[0], false), null));
		}
		return Mono.defer(() -> {
			LimitedBody read = new LimitedBody();
			return body.asByteArray()
				.takeWhile(read::append)
				.then(Mono.fromSupplier(() -> new Step(
						new FetchedPage(target.uri(), contentType, read.bytes(), read.truncated), null)));
		});
	}

	static boolean isHtml(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return type.equals("text/html") || type.equals("application/xhtml+xml");
	}

	/**
	 * @return whether the content type is one RSS and Atom feeds are served with
	 * ({@code application/rss+xml}, {@code application/atom+xml}, or XML in general)
	 */
	static boolean isFeed(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return type.equals("application/rss+xml") || type.equals("application/atom+xml")
				|| type.equals("application/xml") || type.equals("text/xml") || type.equals("application/rdf+xml");
	}

	private static Throwable failure(Throwable ex, int redirects) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidLink invalid) {
				return (redirects == 0) ? invalid : redirectRefused(invalid);
			}
			if (cause instanceof UnknownHostException) {
				return new PageUnreachable("its host name does not resolve to an address");
			}
			if (cause instanceof ConnectException) {
				return new PageUnreachable("its server refused the connection");
			}
			if (cause instanceof SSLException) {
				return new PageUnreachable("its secure connection failed (" + cause.getMessage() + ")");
			}
			if (cause instanceof PrematureCloseException) {
				return new PageUnreachable("its server closed the connection before answering");
			}
			if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException
					|| cause instanceof io.netty.channel.ConnectTimeoutException) {
				return new PageUnreachable("it did not answer within " + TIME_LIMIT.toSeconds() + " seconds");
			}
		}
		return new PageUnreachable("the request failed (" + ex.getClass().getSimpleName() + ")");
	}

	private static PageUnreachable redirectRefused(InvalidLink ex) {
		return new PageUnreachable("it redirects to an address Hubben does not fetch (" + ex.getMessage() + ")");
	}

	@Override
	public void close() {
		this.resolvers.close();
	}

	/** One answer: a page, or where a redirect leads. */
	private record Step(FetchedPage page, String location) {

	}

	/** Keeps the first {@link #SIZE_LIMIT} bytes and says when to stop reading. */
	private static final class LimitedBody {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private boolean truncated;

		/**
		 * @return whether to read on
		 */
		boolean append(byte[] chunk) {
			int room = SIZE_LIMIT - this.bytes.size();
			if (chunk.length > room) {
				this.truncated = true;
			}
			this.bytes.write(chunk, 0, Math.min(room, chunk.length));
			return !this.truncated;
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

	}

}
