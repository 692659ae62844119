package org.hubben.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.hubben.policy.OpenTargeting.OpenPublication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenTargetingTests {

	private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

	private static final Instant TARGETED_AT = Instant.parse("2026-05-01T08:00:00Z");

	@Test
	void acceptsATargetedPostWhoseOpenPostIsScheduledEarlier() {
		assertThat(OpenTargeting.refusal(TARGETED_AT, STOCKHOLM,
				List.of(new OpenPublication(TARGETED_AT.minusSeconds(3600), false, true))))
			.isEmpty();
	}

	@Test
	void acceptsATargetedPostWhoseOpenPostIsScheduledAtTheSameTime() {
		assertThat(
				OpenTargeting.refusal(TARGETED_AT, STOCKHOLM, List.of(new OpenPublication(TARGETED_AT, false, true))))
			.isEmpty();
	}

	@Test
	void acceptsATargetedPostWhoseOpenPostWasSent() {
		assertThat(OpenTargeting.refusal(TARGETED_AT, STOCKHOLM,
				List.of(new OpenPublication(TARGETED_AT.plusSeconds(60), true, false))))
			.isEmpty();
	}

	@Test
	void refusesATargetedPostWithoutAnOpenOneNamingTheTimeInTheZone() {
		assertThat(OpenTargeting.refusal(TARGETED_AT, STOCKHOLM, List.of())).hasValue(
				"A targeted post must also be published openly: schedule this post openly first, at or before 2026-05-01 10:00 CEST");
	}

	@Test
	void refusesATargetedPostWhoseOpenPostIsLater() {
		assertThat(OpenTargeting.refusal(TARGETED_AT, STOCKHOLM,
				List.of(new OpenPublication(TARGETED_AT.plusSeconds(1), false, true))))
			.isPresent();
	}

	@Test
	void refusesATargetedPostWhoseOpenPostWasCancelledOrFailed() {
		assertThat(OpenTargeting.refusal(TARGETED_AT, STOCKHOLM,
				List.of(new OpenPublication(TARGETED_AT.minusSeconds(3600), false, false))))
			.isPresent();
	}

}
