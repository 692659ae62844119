package org.hubben.publishing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Map;

/**
 * Turns a wall-clock time in a zone into an instant, and refuses the times daylight
 * saving makes ambiguous or impossible, instead of silently shifting them.
 */
public final class DueTimes {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

	private DueTimes() {
	}

	/**
	 * @param zone an IANA zone id
	 * @return the zone; an {@link InvalidPublication} for {@code zone} when it names none
	 */
	public static ZoneId zone(String zone) {
		try {
			return ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw new InvalidPublication(Map.of("zone",
					"'" + zone + "' is not a time zone; use an IANA name such as " + "Europe/Stockholm"));
		}
	}

	/**
	 * @param local the wall-clock time a person chose
	 * @param zone the zone they chose it in
	 * @return the instant; an {@link InvalidPublication} for {@code at} when the time
	 * does not exist in the zone (clocks go forward) or exists twice (clocks go back)
	 */
	public static Instant resolve(LocalDateTime local, ZoneId zone) {
		List<java.time.ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
		if (offsets.size() == 1) {
			return local.atZone(zone).toInstant();
		}
		ZoneOffsetTransition transition = zone.getRules().getTransition(local);
		String day = local.toLocalDate().toString();
		if (offsets.isEmpty()) {
			throw new InvalidPublication(Map.of("at",
					local.toLocalTime().format(TIME) + " does not exist on " + day + " in " + zone.getId()
							+ ": clocks go forward from " + transition.getDateTimeBefore().toLocalTime().format(TIME)
							+ " to " + transition.getDateTimeAfter().toLocalTime().format(TIME)
							+ ". Choose another time."));
		}
		ZonedDateTime earlier = ZonedDateTime.ofLocal(local, zone, offsets.get(0));
		ZonedDateTime later = ZonedDateTime.ofLocal(local, zone, offsets.get(1));
		throw new InvalidPublication(Map.of("at",
				local.toLocalTime().format(TIME) + " happens twice on " + day + " in " + zone.getId()
						+ " (clocks go back): give the time with its offset, " + earlier.getOffset() + " or "
						+ later.getOffset() + "."));
	}

}
