package org.hubben.organisation;

/**
 * A token just issued: the only moment its text exists outside the request that uses it.
 * {@link #toString()} leaves the text out.
 *
 * @param token the stored token (its hash, name and times)
 * @param secret the token's text, {@code hbn_} and 43 more characters, to show the member
 * once
 */
public record IssuedApiToken(ApiToken token, String secret) {

	@Override
	public String toString() {
		return "IssuedApiToken[" + this.token + "]";
	}

}
