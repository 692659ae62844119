package org.hubben.web.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A public response as it is kept in memory: the bytes, their strong ETag, and how caches
 * may keep them.
 *
 * @param status the status
 * @param contentType the content type
 * @param body the bytes, possibly empty
 * @param etag the strong entity tag of the bytes, quoted
 * @param cacheControl the {@code Cache-Control} header
 * @param headers further headers ({@code Location}, {@code Content-Disposition},
 * {@code Content-Language}, {@code Vary})
 * @param postId the post the page shows, or {@code null}: its visits are counted
 * @param zone the zone of the post's organisation, whose day a count belongs to
 */
record RenderedPage(HttpStatus status, MediaType contentType, byte[] body, String etag, String cacheControl,
		Map<String, String> headers, UUID postId, ZoneId zone) {

	static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

	RenderedPage {
		headers = Map.copyOf(headers);
	}

	static RenderedPage of(HttpStatus status, MediaType contentType, byte[] body, String cacheControl,
			Map<String, String> headers, UUID postId, ZoneId zone) {
		return new RenderedPage(status, contentType, body, etagOf(body), cacheControl, headers, postId, zone);
	}

	static RenderedPage html(HttpStatus status, String html, String cacheControl, Map<String, String> headers,
			UUID postId, ZoneId zone) {
		return of(status, HTML, html.getBytes(StandardCharsets.UTF_8), cacheControl, headers, postId, zone);
	}

	/**
	 * @return whether the client's {@code If-None-Match} names these bytes (weak
	 * comparison, as RFC 9110 asks for {@code If-None-Match})
	 */
	boolean matches(String ifNoneMatch) {
		if (ifNoneMatch == null || this.status != HttpStatus.OK) {
			return false;
		}
		for (String candidate : ifNoneMatch.split(",")) {
			String tag = candidate.strip();
			if (tag.equals("*") || tag.equals(this.etag) || tag.equals("W/" + this.etag)) {
				return true;
			}
		}
		return false;
	}

	private static String etagOf(byte[] body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
			return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
