package org.hubben.connector.emulator;

import java.util.List;

import org.hubben.connector.Platform;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A stateful, in-memory stand-in for one platform's API that speaks its real wire
 * protocol: the same paths, encodings, auth checks and error shapes.
 * {@link EmulatorRoutes} mounts {@link #routes()} under {@code /emulator/<platform>} and
 * adds the shared {@code received} and {@code faults} endpoints.
 */
public interface Emulator {

	Platform platform();

	/**
	 * @return the platform API's routes, relative to {@code /emulator/<platform>} (for
	 * example {@code /2/tweets})
	 */
	RouterFunction<ServerResponse> routes();

	/**
	 * @return every post the emulator accepted, oldest first; a snapshot, safe to iterate
	 */
	List<ReceivedPost> received();

	/**
	 * @return the faults queued for this emulator's next requests
	 */
	Faults faults();

	/**
	 * A person comments on one of the posts this emulator holds, as the platform's users
	 * would. On X a comment without a post is the person's own post, a mention when it
	 * names the channel's {@code @username}.
	 * @param comment the comment
	 * @return the comment as the platform now holds it
	 * @throws IllegalArgumentException when the emulator holds no such post or parent
	 * comment
	 */
	EmulatedComment comment(PersonComment comment);

	/**
	 * @return every comment on the emulator's posts, hidden and deleted ones included,
	 * oldest first; a snapshot
	 */
	List<EmulatedComment> comments();

	/**
	 * Forgets every received post, comment and queued fault; tokens stay valid.
	 */
	void reset();

}
