package org.hubben.connector;

import java.util.Arrays;
import java.util.Optional;

/**
 * The platforms Hubben publishes to. {@link #id()} is the stable lower-case identifier
 * used in the API, in configuration, in the database and under {@code /emulator/<id>/};
 * Twitter is {@code x} everywhere.
 */
public enum Platform {

	FACEBOOK("facebook", "Facebook"), YOUTUBE("youtube", "YouTube"), X("x", "X"), FLICKR("flickr", "Flickr");

	private final String id;

	private final String displayName;

	Platform(String id, String displayName) {
		this.id = id;
		this.displayName = displayName;
	}

	public String id() {
		return this.id;
	}

	public String displayName() {
		return this.displayName;
	}

	/**
	 * Looks a platform up by its {@link #id()}, ignoring case.
	 * @param id the identifier, may be {@code null}
	 * @return the platform, or empty when the identifier names none
	 */
	public static Optional<Platform> byId(String id) {
		return Arrays.stream(values()).filter((platform) -> platform.id.equalsIgnoreCase(id)).findFirst();
	}

	@Override
	public String toString() {
		return this.id;
	}

}
