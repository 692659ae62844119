package org.hubben.organisation;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.*}: where Hubben keeps its files, its secrets, and the organisation and
 * administrator it creates on first start.
 *
 * @param dataDir where the embedded database, media and the generated credentials key
 * live
 * @param secrets the credentials key
 * @param organisation the central organisation created on an empty database
 * @param admin the first administrator created on an empty database
 */
@ConfigurationProperties("hubben")
public record OrganisationProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Secrets secrets,
		@DefaultValue Central organisation, @DefaultValue Admin admin) {

	/**
	 * @param key base64 of 32 random bytes ({@code HUBBEN_SECRETS_KEY}); without it a key
	 * file is generated in the data directory
	 */
	public record Secrets(String key) {

	}

	/**
	 * @param name the central organisation's name
	 * @param homeSite its own site, where every post links back; {@code null} (the
	 * default) when Hubben serves its home site under {@code hubben.public-url}
	 * @param zone its IANA time zone
	 */
	public record Central(@DefaultValue("Hubben") String name, URI homeSite,
			@DefaultValue("Europe/Stockholm") String zone) {

	}

	/**
	 * @param username the first administrator's login ({@code HUBBEN_ADMIN_USERNAME})
	 * @param password their password ({@code HUBBEN_ADMIN_PASSWORD}); when empty one is
	 * generated and printed once to the log
	 */
	public record Admin(@DefaultValue("admin") String username, String password) {

	}

}
