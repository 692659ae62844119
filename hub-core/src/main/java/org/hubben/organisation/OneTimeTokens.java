package org.hubben.organisation;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The tokens of invitation and password-reset links: the URL-safe base64 of 32 random
 * bytes. Only their SHA-256 is stored, as for API tokens.
 */
final class OneTimeTokens {

	private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final SecureRandom random = new SecureRandom();

	private OneTimeTokens() {
	}

	static String create() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Whether the text could be a token at all, before the database is asked. */
	static boolean wellFormed(String token) {
		return token != null && SHAPE.matcher(token).matches();
	}

	static String hash(String token) {
		return ApiTokenIssuer.hash(token);
	}

}
