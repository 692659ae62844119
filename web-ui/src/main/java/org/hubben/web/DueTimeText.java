package org.hubben.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** An instant as a person reads it in the zone they planned in. */
final class DueTimeText {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm",
			Locale.ENGLISH);

	private DueTimeText() {
	}

	/**
	 * @return for example {@code Sun 28 Mar 2027, 03:30 (Europe/Stockholm)}
	 */
	static String of(Instant instant, String zoneId) {
		ZoneId zone = ZoneId.of(zoneId);
		return FORMAT.format(instant.atZone(zone)) + " (" + zone.getId() + ")";
	}

}
