package org.hubben.organisation;

import java.time.Instant;
import java.util.Objects;

/**
 * What a channel needs to act on its platform, decrypted. Never log it:
 * {@link #toString()} leaves the secrets out.
 *
 * @param accessToken the access token (OAuth 1.0a: the token), never {@code null}
 * @param tokenSecret the OAuth 1.0a token secret, or {@code null}
 * @param refreshToken the OAuth 2 refresh token, or {@code null}
 * @param expiresAt when the access token expires, or {@code null} if it does not
 */
public record ChannelCredentials(String accessToken, String tokenSecret, String refreshToken, Instant expiresAt) {

	public ChannelCredentials {
		Objects.requireNonNull(accessToken, "accessToken");
	}

	public static ChannelCredentials accessToken(String accessToken) {
		return new ChannelCredentials(accessToken, null, null, null);
	}

	@Override
	public String toString() {
		return "ChannelCredentials[<hidden>, expiresAt=" + this.expiresAt + "]";
	}

}
