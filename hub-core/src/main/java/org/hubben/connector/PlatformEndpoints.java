package org.hubben.connector;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where each platform's API is reached. An explicitly configured base URL wins;
 * otherwise, when the emulators are on, the emulator mounted in this very application
 * under {@code /emulator/<platform>}; otherwise the real platform's public base URL.
 */
@Component
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformEndpoints {

	private static final Map<Platform, URI> REAL = new EnumMap<>(Map.of(Platform.FACEBOOK,
			URI.create("https://graph.facebook.com"), Platform.YOUTUBE, URI.create("https://www.googleapis.com"),
			Platform.X, URI.create("https://api.x.com"), Platform.FLICKR, URI.create("https://api.flickr.com")));

	private final PlatformProperties properties;

	private final Environment environment;

	public PlatformEndpoints(PlatformProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	/**
	 * @param platform the platform
	 * @return the base URL, without a trailing slash
	 * @throws IllegalStateException when the emulator is wanted before the local web
	 * server has started
	 */
	public URI baseUrl(Platform platform) {
		URI configured = this.properties.baseUrl(platform);
		if (configured != null) {
			return configured;
		}
		if (!this.properties.emulators()) {
			return REAL.get(platform);
		}
		// Spring Boot publishes the port once the embedded server listens; with
		// server.port=0 only then is it known.
		Integer port = this.environment.getProperty("local.server.port", Integer.class);
		if (port == null || port == 0) {
			throw new IllegalStateException(
					"The " + platform.displayName() + " emulator is not reachable yet: the web server has not started");
		}
		return URI.create("http://127.0.0.1:" + port + "/emulator/" + platform.id());
	}

	/**
	 * @return whether the platform emulators are mounted in this application
	 */
	public boolean emulatorsEnabled() {
		return this.properties.emulators();
	}

}
