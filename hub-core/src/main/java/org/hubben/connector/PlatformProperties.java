package org.hubben.connector;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.platforms.*}: how the connectors reach the platforms.
 *
 * @param emulators whether the platform emulators are mounted under {@code /emulator/}
 * and used by default
 * @param timeout how long a connector waits for a platform's answer before the outcome
 * counts as unknown
 * @param baseUrls per platform id, a base URL that overrides both the emulator and the
 * real platform
 * @param facebookVersion the Graph API version the Facebook connector calls
 * @param apps per platform id, the app Hubben is registered as on that platform (OAuth
 * client id and secret, Flickr's API key and secret)
 */
@ConfigurationProperties("hubben.platforms")
public record PlatformProperties(@DefaultValue("false") boolean emulators, @DefaultValue("20s") Duration timeout,
		Map<String, URI> baseUrls, @DefaultValue("v26.0") String facebookVersion, Map<String, App> apps) {

	public PlatformProperties {
		baseUrls = (baseUrls != null) ? Map.copyOf(baseUrls) : Map.of();
		apps = (apps != null) ? Map.copyOf(apps) : Map.of();
	}

	URI baseUrl(Platform platform) {
		return this.baseUrls.get(platform.id());
	}

	App app(Platform platform) {
		return this.apps.get(platform.id());
	}

	/**
	 * An app registration on one platform. {@link #toString()} leaves the secret out.
	 *
	 * @param clientId the OAuth client id (Facebook app id, Flickr API key)
	 * @param clientSecret the OAuth client secret (Flickr: the API secret)
	 */
	public record App(String clientId, String clientSecret) {

		@Override
		public String toString() {
			return "App[clientId=" + this.clientId + ", clientSecret=<hidden>]";
		}

	}

}
