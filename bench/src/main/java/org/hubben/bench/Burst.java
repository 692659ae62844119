package org.hubben.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Burst: {@code posts} posts with a photo and a video, each on all four channels, due
 * evenly over one minute, with every emulator answering 100 ms late. Claims and outcomes
 * are read from the delivery table ({@code claimed_at}, {@code finished_at}); a delivery
 * has <em>started</em> when its first request reached the platform, which the emulators
 * record as each post's {@code startedAt} (the start of its first media upload).
 */
final class Burst {

	/**
	 * What a connection pool says when it runs dry (Hikari, r2dbc-pool's "Connection
	 * acquisition timed out", Reactor Netty).
	 */
	static final Pattern POOL_ERRORS = Pattern
		.compile("(?i)(connection is not available|pool.*(exhausted|acquire|timed? ?out)|PoolAcquire|pending acquire|"
				+ "maximum pending|too many clients|acquisition timed out|Failed to obtain R2DBC Connection)");

	/** Where the harness finds which post an emulator received: its text says. */
	private static final Pattern NUMBER = Pattern.compile("lägesbild nummer (\\d+):");

	/**
	 * @param setUpCpuSeconds the hub's CPU while the posts were composed and scheduled
	 * @param claimLateness {@code claimed_at - due_at} of every claimed delivery
	 * @param allClaimed the last {@code claimed_at}, after the first due time
	 * @param startLateness when the emulator handled a delivery's first request, minus
	 * its due time, for every delivery an emulator received
	 * @param allStarted the last such first request, after the first due time
	 * @param received how many posts the emulators received
	 */
	record Result(int posts, int deliveries, Duration setUp, double setUpCpuSeconds, Percentiles claimLateness,
			Duration allClaimed, Percentiles startLateness, Duration allStarted, int received, Duration allFinished,
			Map<String, Integer> states, long poolErrors, double cpuSeconds, double averageCores, boolean timedOut) {

		/**
		 * The hub's CPU per delivery the emulators received, so that a run the harness
		 * stopped waiting for is not divided by deliveries never sent.
		 */
		double cpuMsPerReceived() {
			return (this.received > 0) ? this.cpuSeconds * 1000 / this.received : Double.NaN;
		}

	}

	static Result run(Hub hub, Connection database, String schema, int posts, Duration timeout) throws Exception {
		Map<String, String> channels = hub.channels();
		List<String> channelIds = List.of(channels.get("x"), channels.get("facebook"), channels.get("youtube"),
				channels.get("flickr"));
		String image = hub.upload("bench.jpg", "image/jpeg", Samples.jpeg()).get("id").asString();
		String video = hub.upload("bench.mp4", "video/mp4", Samples.mp4(64 * 1024)).get("id").asString();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			Instant setUpStarted = Instant.now();
			double cpuAtSetUp = hub.cpuSeconds();
			System.out.println("Composing " + posts + " posts from " + setUpStarted);
			List<Future<String>> composed = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				int n = i;
				composed.add(pool.submit(() -> hub.post("/api/posts",
						Map.of("title", "Burst " + n, "text",
								"Valnatten, lägesbild nummer " + n + ": så går rösträkningen", "mediaIds",
								List.of(image, video)))
					.get("id")
					.asString()));
			}
			List<String> postIds = new ArrayList<>();
			for (Future<String> id : composed) {
				postIds.add(id.get());
			}
			Duration composing = Duration.between(setUpStarted, Instant.now());
			double cpuComposing = hub.cpuSeconds() - cpuAtSetUp;
			System.out.printf("Composed in %s with %.1f s of the hub's CPU; scheduling from %s%n", composing,
					cpuComposing, Instant.now());
			// Scheduling takes up to twice as long as composing did (more queries and
			// the timer's rows); the first post is due after that and a margin.
			Instant first = Instant.now()
				.plus(composing.multipliedBy(5).dividedBy(2))
				.plusSeconds(30)
				.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
			List<Future<?>> scheduled = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				Instant at = first.plusMillis(i * 60_000L / posts);
				String postId = postIds.get(i);
				// From "nummer 1000" on, the text holds what reads as a figure or a year,
				// so
				// the post states facts: the author confirms its checklist, as the
				// compose
				// form asks.
				scheduled.add(pool.submit(() -> hub.post("/api/posts/" + postId + "/publications",
						Map.of("channelIds", channelIds, "at", at.toString(), "factsChecked", true))));
			}
			for (Future<?> schedule : scheduled) {
				schedule.get();
			}
			Duration setUp = Duration.between(setUpStarted, Instant.now());
			double setUpCpu = hub.cpuSeconds() - cpuAtSetUp;
			double cpuScheduling = hub.cpuSeconds() - cpuAtSetUp - cpuComposing;
			System.out.printf("Scheduled in %s with %.1f s of the hub's CPU, at %s%n", setUp.minus(composing),
					cpuScheduling, Instant.now());
			if (Instant.now().isAfter(first)) {
				throw new IllegalStateException("Setting up took longer than planned; the first posts were due before");
			}
			for (String platform : List.of("x", "facebook", "youtube", "flickr")) {
				hub.post("/emulator/" + platform + "/faults", Map.of("latencyMillis", 100));
			}
			long poolErrorsBefore = hub.logLines(POOL_ERRORS);
			Thread.sleep(Math.max(0, Duration.between(Instant.now(), first).toMillis()));
			double cpuBefore = hub.cpuSeconds();
			Instant started = Instant.now();
			Instant deadline = first.plusSeconds(60).plus(timeout);
			boolean timedOut = false;
			while (unfinished(database, schema) > 0) {
				if (Instant.now().isAfter(deadline)) {
					timedOut = true;
					break;
				}
				Thread.sleep(1000);
			}
			double cpu = hub.cpuSeconds() - cpuBefore;
			double wall = Duration.between(started, Instant.now()).toMillis() / 1000.0;
			List<Double> claimLateness = new ArrayList<>();
			Instant lastClaim = null;
			Instant lastFinish = null;
			Map<String, Integer> states = new LinkedHashMap<>();
			try (Statement statement = database.createStatement();
					ResultSet rows = statement
						.executeQuery("select state, due_at, claimed_at, finished_at from " + schema + ".delivery")) {
				while (rows.next()) {
					states.merge(rows.getString(1), 1, Integer::sum);
					Instant due = rows.getTimestamp(2).toInstant();
					Timestamp claimed = rows.getTimestamp(3);
					Timestamp finished = rows.getTimestamp(4);
					if (claimed != null) {
						claimLateness.add(Duration.between(due, claimed.toInstant()).toNanos() / 1e6);
						lastClaim = latest(lastClaim, claimed.toInstant());
					}
					if (finished != null) {
						lastFinish = latest(lastFinish, finished.toInstant());
					}
				}
			}
			List<Double> startLateness = new ArrayList<>();
			Instant lastStart = null;
			for (String platform : List.of("x", "facebook", "youtube", "flickr")) {
				for (JsonNode received : hub.get("/emulator/" + platform + "/received")) {
					Matcher number = NUMBER.matcher(received.path("text").asString(""));
					if (number.find()) {
						Instant due = first.plusMillis(Integer.parseInt(number.group(1)) * 60_000L / posts);
						Instant start = Instant.parse(received.get("startedAt").asString());
						startLateness.add(Duration.between(due, start).toNanos() / 1e6);
						lastStart = latest(lastStart, start);
					}
				}
			}
			return new Result(posts, posts * channelIds.size(), setUp, setUpCpu, Percentiles.of(claimLateness),
					(lastClaim != null) ? Duration.between(first, lastClaim) : null, Percentiles.of(startLateness),
					(lastStart != null) ? Duration.between(first, lastStart) : null, startLateness.size(),
					(lastFinish != null) ? Duration.between(first, lastFinish) : null, states,
					hub.logLines(POOL_ERRORS) - poolErrorsBefore, cpu, cpu / wall, timedOut);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static Instant latest(Instant a, Instant b) {
		return (a == null || b.isAfter(a)) ? b : a;
	}

	private static int unfinished(Connection database, String schema) throws Exception {
		try (Statement statement = database.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from " + schema
						+ ".delivery where state in ('PENDING', 'SENDING') or finished_at is null and state <> 'WAITING'")) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
