package org.hubben.media;

import java.util.Locale;

/** Byte counts as people read them. */
public final class Sizes {

	private Sizes() {
	}

	/**
	 * @return the size in units of 1024, as Spring's {@code DataSize} and the platforms
	 * count them, with at most one decimal: {@code 900 bytes}, {@code 812 KB},
	 * {@code 4.2 MB}, {@code 2 GB}
	 */
	public static String display(long bytes) {
		if (bytes < 1024) {
			return bytes + ((bytes == 1) ? " byte" : " bytes");
		}
		String[] units = { "KB", "MB", "GB", "TB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		String number = (value >= 100 || value == Math.floor(value)) ? String.format(Locale.ROOT, "%.0f", value)
				: String.format(Locale.ROOT, "%.1f", value);
		return number + " " + units[unit];
	}

}
