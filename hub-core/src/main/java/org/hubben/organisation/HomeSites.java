package org.hubben.organisation;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Where each organisation's home site is. An organisation either has a site of its own
 * ({@link Organisation#ownSite()}) or uses the one Hubben serves for it under
 * {@code hubben.public-url}: a page per published post ({@code /p/<post slug>}) and the
 * organisation's own pages ({@code /o/<organisation slug>}).
 */
@Component
@EnableConfigurationProperties(HomeSites.Properties.class)
public class HomeSites {

	private final String publicUrl;

	HomeSites(Properties properties) {
		this.publicUrl = properties.publicUrl().toString().replaceAll("/+$", "");
	}

	/**
	 * @return where Hubben's public pages are reached from outside, without a trailing
	 * slash
	 */
	public URI publicUrl() {
		return URI.create(this.publicUrl);
	}

	/**
	 * @return the absolute address of a post's page on Hubben
	 */
	public URI postPage(String postSlug) {
		return URI.create(this.publicUrl + "/p/" + postSlug);
	}

	/**
	 * @return the absolute address of an organisation's home page on Hubben
	 */
	public URI organisationPage(String organisationSlug) {
		return URI.create(this.publicUrl + "/o/" + organisationSlug);
	}

	/**
	 * Where a post that names no link of its own links back to: the organisation's own
	 * site when it has one, otherwise the post's page on Hubben.
	 * @param organisation the organisation that speaks in the post
	 * @param postSlug the post's slug
	 * @return an absolute http(s) URL, not yet tagged
	 */
	public URI linkBack(Organisation organisation, String postSlug) {
		return organisation.ownSite().orElseGet(() -> postPage(postSlug));
	}

	/**
	 * {@code hubben.public-url}.
	 *
	 * @param publicUrl the address under which people reach this Hubben's public pages
	 * (scheme, host, port and any path prefix), e.g. {@code https://hubben.example.org}
	 */
	@ConfigurationProperties("hubben")
	public record Properties(@DefaultValue("http://localhost:8080") URI publicUrl) {

	}

}
