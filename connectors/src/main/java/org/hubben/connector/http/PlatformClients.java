package org.hubben.connector.http;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/** WebClients for calls to a platform. */
public final class PlatformClients {

	private PlatformClients() {
	}

	/**
	 * A client that never resends a request on its own, since publishing, uploading and
	 * spending a refresh token are not idempotent, and that ends a request the platform
	 * does not answer, or a connection it does not accept, after {@code timeout}.
	 * @param builder the application's builder (codecs, observation); cloned, not changed
	 * @param timeout how long to wait for a connection and for an answer
	 * @return the client
	 */
	public static WebClient create(WebClient.Builder builder, Duration timeout) {
		HttpClient httpClient = HttpClient.create()
			.disableRetry(true)
			.responseTimeout(timeout)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
		return builder.clone().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
	}

}
