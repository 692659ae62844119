package org.hubben.webhook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTests {

	private static final String BODY = "{\"type\":\"ping\"}";

	@Test
	void signsTheTimestampAndTheBodyWithHmacSha256InLowerCaseHex() {
		// Computed independently with Python's hmac module.
		assertThat(Signatures.sign("whsec_test", 1_700_000_000L, BODY))
			.isEqualTo("sha256=bc08c591847b765241711bcbe7067e3869a219e424d3fdd9d00b3b6f915baf97");
	}

	@Test
	void verifiesOnlyTheSameSecretTimestampAndBody() {
		String signature = Signatures.sign("whsec_test", 1_700_000_000L, BODY);
		assertThat(Signatures.verify("whsec_test", 1_700_000_000L, BODY, signature)).isTrue();
		assertThat(Signatures.verify("whsec_other", 1_700_000_000L, BODY, signature)).isFalse();
		assertThat(Signatures.verify("whsec_test", 1_700_000_001L, BODY, signature)).isFalse();
		assertThat(Signatures.verify("whsec_test", 1_700_000_000L, BODY + " ", signature)).isFalse();
		assertThat(Signatures.verify("whsec_test", 1_700_000_000L, BODY, null)).isFalse();
	}

	@Test
	void generatesADifferentSecretEachTime() {
		String first = Signatures.newSecret();
		assertThat(first).startsWith("whsec_").hasSize("whsec_".length() + 43);
		assertThat(Signatures.newSecret()).isNotEqualTo(first);
	}

}
