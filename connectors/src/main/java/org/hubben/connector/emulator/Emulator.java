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
	 * would.
	 * @param comment the comment
	 * @return the comment as the platform now holds it
	 * @throws IllegalArgumentException when the emulator holds no such post or parent
	 * comment
	 */
	default EmulatedComment comment(PersonComment comment) {
		// TODO(integration): every emulator models comments; then this default goes
		throw new UnsupportedOperationException(platform().displayName() + " emulator has no comments yet");
	}

	/**
	 * @return every comment on the emulator's posts, hidden and deleted ones included,
	 * oldest first; a snapshot
	 */
	default List<EmulatedComment> comments() {
		return List.of();
	}

	/**
	 * Forgets every received post, comment and queued fault; tokens stay valid.
	 */
	void reset();

}
