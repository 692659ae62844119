package org.hubben.content;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.hubben.connector.Platform;

/**
 * Tags the link back to the home site so the organisation sees where its visitors came
 * from: {@code utm_source=<platform>&utm_medium=social&utm_campaign=<post slug>}.
 * Existing {@code utm_*} parameters are replaced; every other part of the link is kept.
 */
public final class LinkBack {

	private LinkBack() {
	}

	/**
	 * @param link an absolute http(s) URL
	 * @param source the {@code utm_source}, e.g. a platform id or {@code supporter}
	 * @param campaign the {@code utm_campaign}, the post's slug
	 * @return the tagged link
	 */
	public static URI tag(URI link, String source, String campaign) {
		String raw = link.toString();
		String fragment = "";
		int hash = raw.indexOf('#');
		if (hash >= 0) {
			fragment = raw.substring(hash);
			raw = raw.substring(0, hash);
		}
		String base = raw;
		String query = "";
		int question = raw.indexOf('?');
		if (question >= 0) {
			base = raw.substring(0, question);
			query = raw.substring(question + 1);
		}
		String kept = Arrays.stream(query.split("&"))
			.filter((parameter) -> !parameter.isEmpty() && !parameter.startsWith("utm_"))
			.collect(Collectors.joining("&"));
		String utm = "utm_source=" + encode(source) + "&utm_medium=social&utm_campaign=" + encode(campaign);
		if (base.endsWith("//" + link.getRawAuthority())) {
			base = base + "/";
		}
		return URI.create(base + "?" + (kept.isEmpty() ? utm : kept + "&" + utm) + fragment);
	}

	public static URI tag(URI link, Platform platform, String campaign) {
		return tag(link, platform.id(), campaign);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
