package org.hubben.organisation;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenTests {

	private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

	@Test
	void isActiveUntilTheInstantItExpiresAndRevokedOnceRevokedWhateverItsExpiry() {
		assertThat(token(null, null).status(NOW)).isEqualTo(ApiToken.Status.ACTIVE);
		assertThat(token(NOW.plusMillis(1), null).status(NOW)).isEqualTo(ApiToken.Status.ACTIVE);
		assertThat(token(NOW, null).status(NOW)).isEqualTo(ApiToken.Status.EXPIRED);
		assertThat(token(NOW.minusSeconds(1), null).status(NOW)).isEqualTo(ApiToken.Status.EXPIRED);
		assertThat(token(NOW.minusSeconds(1), NOW.minusSeconds(5)).status(NOW)).isEqualTo(ApiToken.Status.REVOKED);
		assertThat(token(null, NOW.minusSeconds(5)).status(NOW)).isEqualTo(ApiToken.Status.REVOKED);
	}

	@Test
	void neitherTheStoredHashNorAnIssuedTokensTextIsShownInToString() {
		ApiToken token = token(null, null);
		assertThat(token.toString()).contains(token.name()).doesNotContain(token.tokenHash());
		String secret = "hbn_" + "s".repeat(43);
		assertThat(new IssuedApiToken(token, secret).toString()).doesNotContain(secret).doesNotContain("sss");
	}

	@Test
	void hashesTheTokensTextWithSha256InLowerCaseHex() {
		assertThat(ApiTokenIssuer.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	private static ApiToken token(Instant expiresAt, Instant revokedAt) {
		return new ApiToken(UUID.randomUUID(), UUID.randomUUID(), "CI", "f".repeat(64), "hbn_abcdef",
				NOW.minusSeconds(3600), null, expiresAt, revokedAt);
	}

}
