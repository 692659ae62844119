package org.hubben.organisation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code channels} in the health endpoint: each channel's token state. Hubben itself is
 * up when a channel must be reconnected, so the status stays up; the details name the
 * channels that are expired or expire within a day, for an operator to act on.
 */
@Component("channelsHealthIndicator")
class ChannelTokenHealth implements ReactiveHealthIndicator {

	private static final Duration SOON = Duration.ofDays(1);

	private final Channels channels;

	private final Clock clock;

	ChannelTokenHealth(Channels channels, Clock clock) {
		this.channels = channels;
		this.clock = clock;
	}

	@Override
	public Mono<Health> health() {
		Instant soon = this.clock.instant().plus(SOON);
		return this.channels.findAll().collectList().map((all) -> {
			List<String> expired = all.stream()
				.filter((channel) -> channel.status() == ChannelStatus.EXPIRED)
				.map(ChannelTokenHealth::describe)
				.toList();
			List<String> expiring = all.stream()
				.filter((channel) -> channel.status() == ChannelStatus.CONNECTED && channel.tokenExpiresAt() != null
						&& channel.tokenExpiresAt().isBefore(soon))
				.map(ChannelTokenHealth::describe)
				.toList();
			return Health.up()
				.withDetails(Map.of("channels", all.size(), "expired", expired, "expiringWithinADay", expiring))
				.build();
		});
	}

	private static String describe(Channel channel) {
		return channel.platform().displayName() + " " + channel.name() + " (" + channel.id() + ")";
	}

}
