package org.hubben.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures: {@code X-Hubben-Signature: sha256=<hex>}, the HMAC-SHA256 of
 * {@code "<timestamp>.<body>"} keyed with the endpoint's secret, where the timestamp is
 * the {@code X-Hubben-Timestamp} header (Unix seconds). Signing the timestamp lets a
 * receiver refuse replays of old calls.
 */
public final class Signatures {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Signatures() {
	}

	/**
	 * @return {@code sha256=} and the lower-case hex HMAC-SHA256 of
	 * {@code timestamp + "." + body}
	 */
	public static String sign(String secret, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "sha256=" + HexFormat.of().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/**
	 * Checks a signature in constant time, as a receiver does.
	 * @return whether {@code signature} is the one {@link #sign} makes
	 */
	public static boolean verify(String secret, long timestamp, String body, String signature) {
		return signature != null
				&& MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
						signature.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @return a new secret: {@code whsec_} and 32 random bytes, base64url
	 */
	static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
