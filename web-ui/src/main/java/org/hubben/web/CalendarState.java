package org.hubben.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

import org.hubben.publishing.DeliveryState;

/** What happened to a publication as a whole, as the calendar colours it. */
public enum CalendarState {

	/** Nothing went out yet: its deliveries wait for their time, or are going out. */
	SCHEDULED("scheduled", "Scheduled"),

	/** Some channels have it, others do not (failed, waiting or still to go). */
	PARTLY_SENT("partly-sent", "Partly sent"),

	/** Every channel has it. */
	SENT("sent", "Sent"),

	/** Nothing went out and at least one delivery failed. */
	FAILED("failed", "Failed"),

	/** Every delivery was cancelled. */
	CANCELLED("cancelled", "Cancelled");

	private final String id;

	private final String label;

	CalendarState(String id, String label) {
		this.id = id;
		this.label = label;
	}

	public String id() {
		return this.id;
	}

	public String label() {
		return this.label;
	}

	/**
	 * @param states the states of a publication's deliveries (those the calendar shows)
	 */
	static CalendarState of(Collection<DeliveryState> states) {
		long cancelled = states.stream().filter((state) -> state == DeliveryState.CANCELLED).count();
		long sent = states.stream().filter((state) -> state == DeliveryState.SENT).count();
		if (!states.isEmpty() && cancelled == states.size()) {
			return CANCELLED;
		}
		if (sent > 0) {
			return (sent == states.size()) ? SENT : PARTLY_SENT;
		}
		if (states.contains(DeliveryState.FAILED)) {
			return FAILED;
		}
		return SCHEDULED;
	}

	/**
	 * @return the state with this id ({@code scheduled}, {@code partly-sent},
	 * {@code sent}, {@code failed}, {@code cancelled}); empty when there is none
	 */
	static Optional<CalendarState> byId(String id) {
		return Arrays.stream(values()).filter((state) -> state.id.equals(id)).findFirst();
	}

}
