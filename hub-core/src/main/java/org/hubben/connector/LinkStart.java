package org.hubben.connector;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The first leg of an {@link AccountLinking} flow. {@link #toString()} leaves the secrets
 * out.
 *
 * @param platform the platform
 * @param authoriseUrl where to send the person's browser
 * @param state the value the callback carries back
 * @param secrets what must be kept server-side, never in the browser, until the callback
 * (the PKCE {@code code_verifier}, Flickr's request token secret); store them encrypted
 */
public record LinkStart(Platform platform, URI authoriseUrl, String state, Map<String, String> secrets) {

	public LinkStart {
		Objects.requireNonNull(platform, "platform");
		Objects.requireNonNull(authoriseUrl, "authoriseUrl");
		Objects.requireNonNull(state, "state");
		secrets = (secrets != null) ? Map.copyOf(secrets) : Map.of();
	}

	@Override
	public String toString() {
		return "LinkStart[platform=" + this.platform + ", authoriseUrl=" + this.authoriseUrl + ", secrets=<hidden>]";
	}

}
