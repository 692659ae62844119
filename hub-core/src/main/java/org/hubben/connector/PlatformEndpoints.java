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
	 * Where one of a platform's other hosts is reached: its login dialog, token endpoint
	 * or upload host. An emulator serves all of its platform's hosts under its one base
	 * URL, so whenever {@link #baseUrl} is not the real platform's, this is that base
	 * URL; otherwise it is {@code realBase}.
	 * @param platform the platform
	 * @param realBase the host on the real platform, such as
	 * {@code https://accounts.google.com}
	 * @return the base URL to use, without a trailing slash
	 */
	public URI resolve(Platform platform, URI realBase) {
		URI base = baseUrl(platform);
		return base.equals(REAL.get(platform)) ? realBase : base;
	}

	/**
	 * The app Hubben is registered as on a platform. With the emulators on and no app
	 * configured, the emulators' own app, which only they accept.
	 * @param platform the platform
	 * @return the app
	 * @throws IllegalStateException when no app is configured for a real platform; the
	 * message names the properties to set
	 */
	public PlatformProperties.App app(Platform platform) {
		PlatformProperties.App configured = this.properties.app(platform);
		if (configured != null && configured.clientId() != null && configured.clientSecret() != null) {
			return configured;
		}
		if (this.properties.emulators() || this.properties.baseUrl(platform) != null) {
			return emulatorApp(platform);
		}
		throw new IllegalStateException("Hubben is not registered as an app on " + platform.displayName()
				+ ": set hubben.platforms.apps." + platform.id() + ".client-id and .client-secret");
	}

	/**
	 * @param platform the platform
	 * @return the app registration every emulator accepts; worthless on a real platform
	 */
	public static PlatformProperties.App emulatorApp(Platform platform) {
		return new PlatformProperties.App("hubben-" + platform.id(), "hubben-" + platform.id() + "-emulator-secret");
	}

	/**
	 * @return whether the platform emulators are mounted in this application
	 */
	public boolean emulatorsEnabled() {
		return this.properties.emulators();
	}

}
