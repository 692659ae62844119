package org.hubben.content;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Outbound HTTP to addresses that people type (webhook endpoints), with the same guard
 * against server-side request forgery as link previews: http and https on ports 80 and
 * 443, and never an address on a private network, checked before the request for address
 * literals and as the name is resolved for names (the connection goes to the address that
 * was checked). Allow-listed hosts skip the address checks, as
 * {@link LinkPreviewProperties#allowedHosts()} describes. Thread-safe; never blocks.
 */
public final class GuardedHttp {

	private final AddressGuard guard;

	private final HttpClient client;

	private GuardedHttp(AddressGuard guard, HostResolver resolver, Duration timeout) {
		this.guard = guard;
		// A new connection per request: each one is resolved, and so checked, anew.
		this.client = HttpClient.create(ConnectionProvider.newConnection())
			.resolver(new GuardedResolverGroup(guard, resolver))
			.followRedirect(false)
			.disableRetry(true)
			.responseTimeout(timeout)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis());
	}

	/**
	 * @param allowedHosts {@code host} or {@code host:port} entries that skip the address
	 * checks
	 * @param timeout how long a connection and a response may take
	 * @return a guard using the operating system's resolver
	 * @throws IllegalArgumentException when an entry is not a host or host:port
	 */
	public static GuardedHttp allowing(Collection<String> allowedHosts, Duration timeout) {
		return new GuardedHttp(new AddressGuard(allowedHosts), HostResolver.system(), timeout);
	}

	/**
	 * Checks everything that can be checked without resolving the host.
	 * @param link an absolute URL
	 * @return the URI to request, its host in canonical form
	 * @throws InvalidLink when the link is malformed, not http(s), on a port that is not
	 * allowed, or its host is an address Hubben does not reach
	 */
	public URI check(String link) {
		return this.guard.target(link).uri();
	}

	/**
	 * @return a client that does not follow redirects and refuses, with an
	 * {@link InvalidLink} in the failure's causes, to connect to a name that resolves to
	 * an address Hubben does not reach; request only URIs that passed
	 * {@link #check(String)}
	 */
	public HttpClient client() {
		return this.client;
	}

}
