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
	 * Forgets every received post and queued fault; tokens stay valid.
	 */
	void reset();

}
