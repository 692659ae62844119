package org.hubben.publishing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.hubben.TestClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream of posts falling due one after another, set up through the nodes' JSON API.
 */
final class DueStream {

	private static final Logger logger = LoggerFactory.getLogger(DueStream.class);

	private DueStream() {
	}

	static PublishingFlow flow(HubbenNode node, OutsideEmulators emulators) {
		return new PublishingFlow(TestClients.admin(node.port()), emulators.all());
	}

	/**
	 * Composes {@code posts} posts (post {@code n} carries {@code marker.apply(n)}) and
	 * schedules each on the channels, through the nodes' APIs in turn, due evenly over
	 * {@code within} from a moment after they are all scheduled. Blocking.
	 * @return the first post's due instant; post {@code n} is due
	 * {@code n * within / posts} later
	 */
	static Instant composeAndSchedule(List<HubbenNode> nodes, OutsideEmulators emulators, int posts,
			Function<Integer, String> marker, List<UUID> channels, Duration within) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try {
			Instant composingStarted = Instant.now();
			List<Future<Object>> composed = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				int n = i;
				composed.add(clients.submit(() -> flow(nodes.get(n % nodes.size()), emulators)
					.compose("Election night " + n, "Results update " + marker.apply(n) + ": counting continues.", null)
					.get("id")));
			}
			List<Object> postIds = new ArrayList<>();
			for (Future<Object> id : composed) {
				postIds.add(id.get());
			}
			Duration composing = Duration.between(composingStarted, Instant.now());
			// Scheduling takes about as long as composing; the first post falls due after
			// that and a margin, so none is late because of the test itself.
			Instant first = Instant.now()
				.plus(composing.multipliedBy(2))
				.plusSeconds(10)
				.truncatedTo(ChronoUnit.SECONDS);
			List<Future<?>> scheduled = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				int n = i;
				Instant at = first.plusMillis(n * within.toMillis() / posts);
				scheduled.add(clients
					.submit(() -> flow(nodes.get(n % nodes.size()), emulators).schedule(postIds.get(n), channels, at)));
			}
			for (Future<?> schedule : scheduled) {
				schedule.get();
			}
			assertThat(Instant.now()).as("every post scheduled before the first falls due").isBefore(first);
			logger.info("Composed {} posts in {}, scheduled from {} over {}", posts, composing, first, within);
			return first;
		}
		finally {
			clients.shutdownNow();
		}
	}

}
