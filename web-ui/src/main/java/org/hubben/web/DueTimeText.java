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
		return of(instant, zoneId, Locale.ENGLISH);
	}

	/**
	 * @param locale the page's language, which names the day and the month
	 * @return for example {@code Sun 28 Mar 2027, 03:30 (Europe/Stockholm)}, or in
	 * Swedish {@code sön 28 mars 2027, 03:30 (Europe/Stockholm)}
	 */
	static String of(Instant instant, String zoneId, Locale locale) {
		ZoneId zone = ZoneId.of(zoneId);
		return FORMAT.withLocale(locale).format(instant.atZone(zone)) + " (" + zone.getId() + ")";
	}

}
