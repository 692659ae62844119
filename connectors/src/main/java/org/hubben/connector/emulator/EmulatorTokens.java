package org.hubben.connector.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.hubben.connector.Platform;

/**
 * Access tokens the emulators issue and check. A token is self-describing and signed
 * ({@code emu.<platform>.<account>.<expiry>.<nonce>.<mac>}), so tokens stored in Hubben's
 * database stay valid across restarts of the in-memory emulators; the random nonce makes
 * every token new, so revoking one never revokes a token issued later in the same second.
 * Only an emulator accepts them; they are worthless on a real platform.
 */
public final class EmulatorTokens {

	private static final String PREFIX = "emu";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] key;

	private final Clock clock;

	private final Set<String> revoked = ConcurrentHashMap.newKeySet();

	public EmulatorTokens(String key, Clock clock) {
		this.key = key.getBytes(StandardCharsets.UTF_8);
		this.clock = clock;
	}

	/**
	 * Issues a token for one account.
	 * @param platform the emulator's platform
	 * @param accountId the account, page or channel id; must not contain a dot
	 * @param validFor how long it is valid; {@code null} for a token that never expires
	 * @return the token
	 */
	public String issue(Platform platform, String accountId, Duration validFor) {
		if (accountId.contains(".")) {
			throw new IllegalArgumentException("accountId must not contain '.'");
		}
		long expiry = (validFor != null) ? this.clock.instant().plus(validFor).getEpochSecond() : 0;
		byte[] nonce = new byte[9];
		RANDOM.nextBytes(nonce);
		String payload = PREFIX + "." + platform.id() + "." + accountId + "." + expiry + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
		return payload + "." + mac(payload);
	}

	/**
	 * Checks a token.
	 * @param platform the emulator's platform
	 * @param token the token as presented, may be {@code null}
	 * @return the verdict
	 */
	public Verdict check(Platform platform, String token) {
		if (token == null || token.isBlank()) {
			return new Verdict(Verdict.Kind.MISSING, null);
		}
		String[] parts = token.split("\\.");
		// Five parts: a token issued before tokens had a nonce, still in a demo database.
		if ((parts.length != 6 && parts.length != 5) || !PREFIX.equals(parts[0]) || !platform.id().equals(parts[1])) {
			return new Verdict(Verdict.Kind.INVALID, null);
		}
		String payload = String.join(".", Arrays.copyOf(parts, parts.length - 1));
		if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
				parts[parts.length - 1].getBytes(StandardCharsets.US_ASCII))) {
			return new Verdict(Verdict.Kind.INVALID, null);
		}
		if (this.revoked.contains(token)) {
			return new Verdict(Verdict.Kind.EXPIRED, parts[2]);
		}
		long expiry;
		try {
			expiry = Long.parseLong(parts[3]);
		}
		catch (NumberFormatException ex) {
			return new Verdict(Verdict.Kind.INVALID, null);
		}
		if (expiry != 0 && !this.clock.instant().isBefore(Instant.ofEpochSecond(expiry))) {
			return new Verdict(Verdict.Kind.EXPIRED, parts[2]);
		}
		return new Verdict(Verdict.Kind.VALID, parts[2]);
	}

	/**
	 * Makes a token expire now, as a platform does when a user changes their password or
	 * removes the app.
	 * @param token the token
	 */
	public void revoke(String token) {
		this.revoked.add(token);
	}

	private String mac(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * The result of {@link #check}.
	 *
	 * @param kind what the token is
	 * @param accountId the account the token was issued for, when it was issued by us
	 */
	public record Verdict(Kind kind, String accountId) {

		public boolean valid() {
			return this.kind == Kind.VALID;
		}

		public Optional<String> account() {
			return Optional.ofNullable(this.accountId);
		}

		/** What a presented token turned out to be. */
		public enum Kind {

			MISSING, INVALID, EXPIRED, VALID

		}

	}

}
