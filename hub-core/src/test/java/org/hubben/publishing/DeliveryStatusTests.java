package org.hubben.publishing;

import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStatusTests {

	private static final Instant NEXT = Instant.parse("2026-05-01T08:00:30Z");

	@Test
	void isSettledOnlyWhenSentFailedOrCancelled() {
		for (DeliveryState state : DeliveryState.values()) {
			boolean settled = DeliveryStatus.of(delivery(state, "why"), "@hubben").settled();
			assertThat(settled).as(state.name())
				.isEqualTo(state == DeliveryState.SENT || state == DeliveryState.FAILED
						|| state == DeliveryState.CANCELLED);
		}
	}

	@Test
	void givesTheReasonOfAFailureARetryAWaitOrAnUnknownOutcomeAndNoOther() {
		assertThat(
				DeliveryStatus.of(delivery(DeliveryState.FAILED, "X refused: duplicate content"), "@hubben").reason())
			.isEqualTo("X refused: duplicate content");
		assertThat(DeliveryStatus.of(delivery(DeliveryState.WAITING, "Waiting"), "@hubben").reason())
			.isEqualTo("Waiting");
		assertThat(DeliveryStatus.of(delivery(DeliveryState.SENT, "Found on X after its answer was lost"), "@hubben")
			.reason()).isNull();
	}

	@Test
	void namesTheNextAttemptOnlyWhileRetryingAndThePostOnlyOnceSent() {
		DeliveryStatus retrying = DeliveryStatus.of(delivery(DeliveryState.RETRYING, "X is unavailable"), "@hubben");
		assertThat(retrying.nextAttemptAt()).isEqualTo(NEXT);
		assertThat(retrying.remoteUrl()).isNull();
		assertThat(DeliveryStatus.of(delivery(DeliveryState.UNKNOWN, "lost"), "@hubben").nextAttemptAt()).isNull();
		DeliveryStatus sent = DeliveryStatus.of(delivery(DeliveryState.SENT, null), "@hubben");
		assertThat(sent.remoteUrl()).isEqualTo("https://x.example/1");
		assertThat(sent.channel()).isEqualTo("@hubben");
	}

	private static Delivery delivery(DeliveryState state, String error) {
		return new Delivery(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Platform.X, state,
				NEXT.minusSeconds(60), 1, "1", "https://x.example/1", error, NEXT.minusSeconds(59), null, NEXT, "node",
				0);
	}

}
