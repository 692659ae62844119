package org.hubben.web;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.hubben.web.CalendarGrid.Chip;
import org.hubben.web.CalendarGrid.Day;
import org.hubben.web.CalendarGrid.Hour;
import org.hubben.web.CalendarGrid.View;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarGridTests {

	private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

	@Test
	void showsAMonthInWholeWeeksFromMonday() {
		CalendarGrid grid = new CalendarGrid(View.MONTH, LocalDate.parse("2026-11-23"), STOCKHOLM);
		assertThat(grid.first()).isEqualTo("2026-10-26");
		assertThat(grid.end()).isEqualTo("2026-12-07");
		assertThat(grid.from()).isEqualTo("2026-10-25T23:00:00Z");
		assertThat(grid.to()).isEqualTo("2026-12-06T23:00:00Z");
		assertThat(grid.title()).isEqualTo("November 2026");
		assertThat(grid.previous()).isEqualTo("2026-10-23");
		assertThat(grid.next()).isEqualTo("2026-12-23");
		List<List<Day>> weeks = grid.weeks(List.of(), LocalDate.parse("2026-11-22"));
		assertThat(weeks).hasSize(6).allSatisfy((week) -> {
			assertThat(week).hasSize(7);
			assertThat(week.get(0).date().getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
		});
		assertThat(weeks.get(0).get(0).inMonth()).isFalse();
		assertThat(weeks.get(0).get(6).date()).isEqualTo("2026-11-01");
		assertThat(weeks.get(0).get(6).inMonth()).isTrue();
		assertThat(weeks.stream().flatMap(List::stream).filter(Day::today).map(Day::date))
			.containsExactly(LocalDate.parse("2026-11-22"));
	}

	@Test
	void putsPostsNearMidnightOnTheirDayInTheOrganisationsZone() {
		CalendarGrid grid = new CalendarGrid(View.MONTH, LocalDate.parse("2026-11-01"), STOCKHOLM);
		// 00:30 on Monday 23 November in Stockholm, still Sunday the 22nd in UTC
		Chip justAfterMidnight = chip(grid, "2026-11-22T23:30:00Z");
		// 23:59 on Monday 23 November in Stockholm
		Chip justBeforeMidnight = chip(grid, "2026-11-23T22:59:00Z");
		// 00:00 on Tuesday 24 November in Stockholm
		Chip atMidnight = chip(grid, "2026-11-23T23:00:00Z");
		List<Day> days = grid.weeks(List.of(atMidnight, justBeforeMidnight, justAfterMidnight), LocalDate.MIN)
			.stream()
			.flatMap(List::stream)
			.toList();
		assertThat(day(days, "2026-11-22").chips()).isEmpty();
		assertThat(day(days, "2026-11-23").chips()).containsExactly(justAfterMidnight, justBeforeMidnight);
		assertThat(day(days, "2026-11-24").chips()).containsExactly(atMidnight);
		assertThat(justAfterMidnight.time()).isEqualTo("00:30");
		assertThat(justBeforeMidnight.localValue()).isEqualTo("2026-11-23T23:59");
	}

	@Test
	void aWeekWhenClocksGoForwardHas167HoursAndItsSkippedHourStaysEmpty() {
		CalendarGrid grid = new CalendarGrid(View.WEEK, LocalDate.parse("2026-03-26"), STOCKHOLM);
		assertThat(grid.first()).isEqualTo("2026-03-23");
		assertThat(grid.end()).isEqualTo("2026-03-30");
		assertThat(grid.from()).isEqualTo("2026-03-22T23:00:00Z");
		assertThat(grid.to()).isEqualTo("2026-03-29T22:00:00Z");
		assertThat(Duration.between(grid.from(), grid.to())).isEqualTo(Duration.ofHours(167));
		assertThat(grid.title()).isEqualTo("Mon 23 Mar – Sun 29 Mar 2026");
		// 01:30 before the change (CET), and 03:30 after it (CEST): an hour apart in UTC
		Chip beforeTheChange = chip(grid, "2026-03-29T00:30:00Z");
		Chip afterTheChange = chip(grid, "2026-03-29T01:30:00Z");
		// 23:30 on Sunday in summer time: still in this week
		Chip lastOfTheWeek = chip(grid, "2026-03-29T21:30:00Z");
		List<Hour> hours = grid.hours(List.of(afterTheChange, beforeTheChange, lastOfTheWeek), LocalDate.MIN);
		assertThat(hours).hasSize(24);
		assertThat(hours.get(1).days().get(6).chips()).containsExactly(beforeTheChange);
		assertThat(hours.get(2).days().get(6).chips()).as("02:00-03:00 does not exist that day").isEmpty();
		assertThat(hours.get(3).days().get(6).chips()).containsExactly(afterTheChange);
		assertThat(hours.get(23).days().get(6).chips()).containsExactly(lastOfTheWeek);
		assertThat(afterTheChange.time()).isEqualTo("03:30");
		assertThat(hours.get(9).days().stream().map(Day::date).map(LocalDate::toString)).containsExactly("2026-03-23",
				"2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29");
		assertThat(grid.previous()).isEqualTo("2026-03-19");
		assertThat(grid.next()).isEqualTo("2026-04-02");
	}

	@Test
	void aWeekWhenClocksGoBackHas169HoursAndItsRepeatedHourHoldsBothRuns() {
		CalendarGrid grid = new CalendarGrid(View.WEEK, LocalDate.parse("2026-10-25"), STOCKHOLM);
		assertThat(grid.first()).isEqualTo("2026-10-19");
		assertThat(Duration.between(grid.from(), grid.to())).isEqualTo(Duration.ofHours(169));
		// 02:30 in summer time, then 02:30 again in winter time an hour later
		Chip firstRun = chip(grid, "2026-10-25T00:30:00Z");
		Chip secondRun = chip(grid, "2026-10-25T01:30:00Z");
		List<Hour> hours = grid.hours(List.of(secondRun, firstRun), LocalDate.MIN);
		assertThat(hours.get(2).days().get(6).chips()).containsExactly(firstRun, secondRun);
		assertThat(firstRun.time()).isEqualTo(secondRun.time()).isEqualTo("02:30");
	}

	@Test
	void readsTheViewFromTheAddress() {
		assertThat(View.of("week")).isEqualTo(View.WEEK);
		assertThat(View.of(null)).isEqualTo(View.MONTH);
		assertThat(View.of("year")).isEqualTo(View.MONTH);
	}

	@Test
	void coloursAPublicationByWhatHappenedToItsDeliveries() {
		assertThat(CalendarState
			.of(List.of(org.hubben.publishing.DeliveryState.PENDING, org.hubben.publishing.DeliveryState.SENDING)))
			.isEqualTo(CalendarState.SCHEDULED);
		assertThat(CalendarState
			.of(List.of(org.hubben.publishing.DeliveryState.SENT, org.hubben.publishing.DeliveryState.FAILED)))
			.isEqualTo(CalendarState.PARTLY_SENT);
		assertThat(CalendarState
			.of(List.of(org.hubben.publishing.DeliveryState.SENT, org.hubben.publishing.DeliveryState.SENT)))
			.isEqualTo(CalendarState.SENT);
		assertThat(CalendarState
			.of(List.of(org.hubben.publishing.DeliveryState.FAILED, org.hubben.publishing.DeliveryState.RETRYING)))
			.isEqualTo(CalendarState.FAILED);
		assertThat(CalendarState.of(List.of(org.hubben.publishing.DeliveryState.CANCELLED)))
			.isEqualTo(CalendarState.CANCELLED);
	}

	private static Chip chip(CalendarGrid grid, String instant) {
		Instant dueAt = Instant.parse(instant);
		LocalDateTime local = grid.local(dueAt);
		return new Chip(UUID.randomUUID(), "Post at " + instant, dueAt, local, CalendarState.SCHEDULED, List.of(),
				true);
	}

	private static Day day(List<Day> days, String date) {
		return days.stream().filter((day) -> day.date().toString().equals(date)).findFirst().orElseThrow();
	}

}
