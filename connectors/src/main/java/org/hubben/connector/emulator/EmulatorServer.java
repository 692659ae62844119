package org.hubben.connector.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;

/**
 * Serves emulators over real HTTP on a free loopback port, without a Spring context, so
 * connector tests cross the wire exactly as in production, and Hubben nodes started by a
 * test or the bench can share emulators that outlive any one node. {@link #start} blocks
 * until the port is bound; {@link #close()} blocks until it is released.
 */
public final class EmulatorServer implements AutoCloseable {

	private final DisposableServer server;

	private EmulatorServer(DisposableServer server) {
		this.server = server;
	}

	public static EmulatorServer start(Emulator... emulators) {
		HttpHandler handler = RouterFunctions.toHttpHandler(EmulatorRoutes.mount(List.of(emulators)),
				HandlerStrategies.withDefaults());
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow(Duration.ofSeconds(10));
		return new EmulatorServer(server);
	}

	public URI baseUrl(Platform platform) {
		return URI.create("http://127.0.0.1:" + this.server.port() + "/emulator/" + platform.id());
	}

	/**
	 * @param platform the platform whose emulator the connector should talk to
	 * @param timeout how long the connector waits for an answer
	 * @return endpoints that send {@code platform} to this server
	 */
	public PlatformEndpoints endpoints(Platform platform, Duration timeout) {
		return new PlatformEndpoints(properties(platform, timeout), new StandardEnvironment());
	}

	public PlatformProperties properties(Platform platform, Duration timeout) {
		return new PlatformProperties(false, timeout, Map.of(platform.id(), baseUrl(platform)), "v26.0", Map.of());
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

}
