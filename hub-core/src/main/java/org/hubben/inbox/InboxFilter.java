package org.hubben.inbox;

import java.util.Locale;

/** Which threads the inbox shows. */
public enum InboxFilter {

	/** Every thread. */
	ALL,

	/** Threads with a flagged comment the public still sees: the moderation queue. */
	FLAGGED,

	/**
	 * Threads whose latest comment is a person's, still shown: they wait for an answer.
	 */
	UNANSWERED;

	/**
	 * @return {@code all}, {@code flagged} or {@code unanswered}
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param id an {@link #id()}, any case; {@code null} or blank for {@link #ALL}
	 * @return the filter; {@code null} for an unknown id
	 */
	public static InboxFilter of(String id) {
		if (id == null || id.isBlank()) {
			return ALL;
		}
		for (InboxFilter filter : values()) {
			if (filter.id().equalsIgnoreCase(id.strip())) {
				return filter;
			}
		}
		return null;
	}

}
