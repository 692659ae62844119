package org.hubben.web;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The calendar's grid in an organisation's zone: which days a month or a week shows
 * (weeks start on Monday), the instants that bound them, and on which day and hour each
 * publication falls. Days are the zone's calendar days, so a day of a daylight-saving
 * change has 23 or 25 hours, and a post just after midnight there is on the next day
 * whatever its UTC date.
 */
public final class CalendarGrid {

	private static final DateTimeFormatter MONTH_TITLE = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

	private static final DateTimeFormatter DAY_TITLE = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

	private final View view;

	private final LocalDate date;

	private final ZoneId zone;

	private final LocalDate first;

	private final LocalDate end;

	/**
	 * @param view month or week
	 * @param date any day of the month or week shown
	 * @param zone the organisation's zone
	 */
	CalendarGrid(View view, LocalDate date, ZoneId zone) {
		this.view = view;
		this.date = date;
		this.zone = zone;
		if (view == View.MONTH) {
			this.first = date.withDayOfMonth(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			this.end = date.with(TemporalAdjusters.lastDayOfMonth())
				.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY))
				.plusDays(1);
		}
		else {
			this.first = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			this.end = this.first.plusDays(7);
		}
	}

	public View view() {
		return this.view;
	}

	public ZoneId zone() {
		return this.zone;
	}

	/** The first day shown: a Monday. */
	public LocalDate first() {
		return this.first;
	}

	/** The day after the last day shown: a Monday. */
	public LocalDate end() {
		return this.end;
	}

	/** The instant the first day shown starts, in the zone. */
	public Instant from() {
		return this.first.atStartOfDay(this.zone).toInstant();
	}

	/** The instant the last day shown ends, in the zone (exclusive). */
	public Instant to() {
		return this.end.atStartOfDay(this.zone).toInstant();
	}

	/** A day in the previous month or week. */
	public LocalDate previous() {
		return (this.view == View.MONTH) ? this.date.minusMonths(1) : this.date.minusWeeks(1);
	}

	/** A day in the next month or week. */
	public LocalDate next() {
		return (this.view == View.MONTH) ? this.date.plusMonths(1) : this.date.plusWeeks(1);
	}

	/** For example {@code November 2026}, or {@code Mon 23 Nov – Sun 29 Nov 2026}. */
	public String title() {
		if (this.view == View.MONTH) {
			return MONTH_TITLE.format(this.date);
		}
		return DAY_TITLE.format(this.first) + " – " + DAY_TITLE.format(this.end.minusDays(1)) + " "
				+ this.end.minusDays(1).getYear();
	}

	/** The days shown, in order. */
	public List<LocalDate> days() {
		return this.first.datesUntil(this.end).toList();
	}

	/** The zone's wall-clock time of an instant. */
	public LocalDateTime local(Instant instant) {
		return LocalDateTime.ofInstant(instant, this.zone);
	}

	/**
	 * The month view: one row per week, one cell per day, each with the chips due that
	 * day in time order.
	 * @param chips the publications, in any order; those outside the grid are left out
	 * @param today the zone's today, to mark it
	 */
	public List<List<Day>> weeks(List<Chip> chips, LocalDate today) {
		List<Day> days = days().stream()
			.map((day) -> new Day(day, day.getMonth() == this.date.getMonth(), day.equals(today),
					chips.stream()
						.filter((chip) -> chip.local().toLocalDate().equals(day))
						.sorted(Comparator.comparing(Chip::dueAt))
						.toList()))
			.toList();
		List<List<Day>> weeks = new ArrayList<>();
		for (int i = 0; i < days.size(); i += 7) {
			weeks.add(days.subList(i, i + 7));
		}
		return weeks;
	}

	/**
	 * The week view: one row per hour of the wall clock (0 to 23), one slot per day in
	 * each. On the day clocks go forward the skipped hour's slot stays empty; on the day
	 * they go back, both runs of the repeated hour share its slot, in time order.
	 */
	public List<Hour> hours(List<Chip> chips, LocalDate today) {
		List<Hour> hours = new ArrayList<>();
		for (int hour = 0; hour < 24; hour++) {
			int wanted = hour;
			hours.add(new Hour(hour, days().stream()
				.map((day) -> new Day(day, true, day.equals(today), chips.stream()
					.filter((chip) -> chip.local().toLocalDate().equals(day) && chip.local().getHour() == wanted)
					.sorted(Comparator.comparing(Chip::dueAt))
					.toList()))
				.toList()));
		}
		return hours;
	}

	/** Month or week. */
	public enum View {

		MONTH, WEEK;

		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** {@code week} is the week view; anything else the month view. */
		public static View of(String id) {
			return "week".equalsIgnoreCase(id) ? WEEK : MONTH;
		}

	}

	/**
	 * A day of the grid.
	 *
	 * @param date the day
	 * @param inMonth whether it belongs to the month shown (the month view shows a few
	 * days of the months beside it)
	 * @param today whether it is today in the zone
	 * @param chips what is due that day (or that hour, in the week view)
	 */
	public record Day(LocalDate date, boolean inMonth, boolean today, List<Chip> chips) {

		public String label() {
			return DAY_TITLE.format(this.date);
		}

	}

	/**
	 * An hour row of the week view.
	 *
	 * @param hour 0 to 23
	 * @param days one slot per day, Monday first
	 */
	public record Hour(int hour, List<Day> days) {

		public String label() {
			return String.format(Locale.ROOT, "%02d:00", this.hour);
		}

	}

	/**
	 * A publication on the calendar.
	 *
	 * @param id the publication
	 * @param title its post's title
	 * @param dueAt when it is due
	 * @param local when it is due on the zone's wall clock
	 * @param state what happened to it
	 * @param badges one per delivery shown
	 * @param movable whether it may still be moved to another time
	 */
	public record Chip(UUID id, String title, Instant dueAt, LocalDateTime local, CalendarState state,
			List<Badge> badges, boolean movable) {

		/** For example {@code 09:30}. */
		public String time() {
			return String.format(Locale.ROOT, "%02d:%02d", this.local.getHour(), this.local.getMinute());
		}

		/**
		 * For example {@code 2026-11-23T09:30}: what the page's script starts a move
		 * from.
		 */
		public String localValue() {
			return this.local.toLocalDate() + "T" + time();
		}

	}

	/**
	 * One delivery of a chip.
	 *
	 * @param platform the platform's id ({@code x})
	 * @param platformName its name ({@code X})
	 * @param channel the channel's name
	 * @param state the delivery's state
	 */
	public record Badge(String platform, String platformName, String channel, String state) {

	}

}
