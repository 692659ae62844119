package org.hubben.publishing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	@Test
	void doublesTheWaitAfterEachAttemptWithoutJitter() {
		RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), () -> 0.0);
		assertThat(policy.waitAfter(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(policy.waitAfter(2)).isEqualTo(Duration.ofSeconds(60));
		assertThat(policy.waitAfter(3)).isEqualTo(Duration.ofSeconds(120));
		assertThat(policy.waitAfter(4)).isEqualTo(Duration.ofSeconds(240));
	}

	@Test
	void addsUpToHalfTheWaitAgainAtRandom() {
		RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), () -> 0.999);
		assertThat(policy.waitAfter(1)).isBetween(Duration.ofSeconds(44), Duration.ofSeconds(45));
		assertThat(new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), () -> 0.5).waitAfter(2))
			.isEqualTo(Duration.ofSeconds(75));
	}

	@Test
	void neverWaitsLongerThanTheLongestWaitHoweverManyAttempts() {
		RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), () -> 0.999);
		assertThat(policy.waitAfter(10)).isEqualTo(Duration.ofMinutes(30));
		assertThat(policy.waitAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void treatsAnAttemptCountBelowOneAsTheFirst() {
		RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), () -> 0.0);
		assertThat(policy.waitAfter(0)).isEqualTo(Duration.ofSeconds(30));
	}

}
