package org.hubben.organisation;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenStateTests {

	private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

	@Test
	void isExpiredWhenThePlatformRefusedTheTokenWhateverItsExpiry() {
		assertThat(TokenState.of(channel(ChannelStatus.EXPIRED, NOW.plus(Duration.ofDays(30))), NOW))
			.isEqualTo(TokenState.EXPIRED);
	}

	@Test
	void isExpiringWithinADayAndValidAfterwardsOrWithoutExpiry() {
		assertThat(TokenState.of(channel(ChannelStatus.CONNECTED, NOW.plus(Duration.ofHours(23))), NOW))
			.isEqualTo(TokenState.EXPIRING);
		assertThat(TokenState.of(channel(ChannelStatus.CONNECTED, NOW.plus(Duration.ofHours(25))), NOW))
			.isEqualTo(TokenState.VALID);
		assertThat(TokenState.of(channel(ChannelStatus.CONNECTED, null), NOW)).isEqualTo(TokenState.VALID);
	}

	private static Channel channel(ChannelStatus status, Instant expiresAt) {
		return new Channel(UUID.randomUUID(), UUID.randomUUID(), Platform.X, "@hubben", "1", "sealed", status, NOW,
				expiresAt, null, null, null);
	}

}
