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
 */
@ConfigurationProperties("hubben.platforms")
public record PlatformProperties(@DefaultValue("false") boolean emulators, @DefaultValue("20s") Duration timeout,
		Map<String, URI> baseUrls, @DefaultValue("v26.0") String facebookVersion) {

	public PlatformProperties {
		baseUrls = (baseUrls != null) ? Map.copyOf(baseUrls) : Map.of();
	}

	URI baseUrl(Platform platform) {
		return this.baseUrls.get(platform.id());
	}

}
