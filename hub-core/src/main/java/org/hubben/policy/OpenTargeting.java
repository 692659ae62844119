package org.hubben.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The third rule: a targeted ("dark") post goes out only alongside the same message
 * published openly, so nobody is told in private what the organisation would not say in
 * public. A targeted publication of a post is accepted only when the post has an open
 * publication that was sent, or that is still going out at or before the targeted one's
 * time. Pure; thread-safe.
 */
public final class OpenTargeting {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz");

	private OpenTargeting() {
	}

	/**
	 * @param targetedAt when the targeted publication is due
	 * @param zone the zone to name that time in
	 * @param open the post's open (untargeted) publications
	 * @return why the targeted publication is refused; empty when one of the open
	 * publications carries the message openly in time
	 */
	public static Optional<String> refusal(Instant targetedAt, ZoneId zone, List<OpenPublication> open) {
		boolean covered = open.stream()
			.anyMatch((publication) -> publication.sent()
					|| (publication.goingOut() && !publication.dueAt().isAfter(targetedAt)));
		if (covered) {
			return Optional.empty();
		}
		return Optional
			.of("A targeted post must also be published openly: schedule this post openly first, at or before "
					+ TIME.format(targetedAt.atZone(zone)));
	}

	/**
	 * What the rule needs to know of one open publication of the post.
	 *
	 * @param dueAt when it is (or was) due
	 * @param sent whether it went out on at least one channel
	 * @param goingOut whether at least one of its deliveries is still to go out (neither
	 * sent, failed nor cancelled)
	 */
	public record OpenPublication(Instant dueAt, boolean sent, boolean goingOut) {

	}

}
