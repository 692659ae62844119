package org.hubben.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Lateness: posts due at one instant and posts spread over the following minute, each on
 * the X and the Facebook channel (text posts: the emulator's {@code receivedAt} is the
 * first and only call). Lateness is {@code receivedAt - dueAt}; negative means early.
 */
final class Lateness {

	private static final Pattern MARKER = Pattern.compile("\\[bench (\\d+)\\]");

	/**
	 * @param atOnce the lateness of the posts due at one instant
	 * @param spread the lateness of the posts spread over the following minute
	 */
	record Result(String database, int posts, int deliveries, int received, Percentiles lateness, long early,
			Percentiles atOnce, Percentiles spread) {

	}

	static Result run(String database, Hub hub, int atOnce, int spread) throws Exception {
		Map<String, String> channels = hub.channels();
		List<String> channelIds = List.of(channels.get("x"), channels.get("facebook"));
		int posts = atOnce + spread;
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			Instant composingStarted = Instant.now();
			List<Future<String>> composed = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				int n = i;
				composed.add(
						pool.submit(() -> hub
							.post("/api/posts",
									Map.of("title", "Lateness " + n, "text",
											"Valvakan börjar snart [bench " + n + "] " + database))
							.get("id")
							.asString()));
			}
			List<String> postIds = new ArrayList<>();
			for (Future<String> id : composed) {
				postIds.add(id.get());
			}
			// Due 20 s from now, or later on a busy machine: scheduling the lot takes
			// about as
			// long as composing it did.
			Duration composing = Duration.between(composingStarted, Instant.now());
			Instant first = Instant.now()
				.plus(max(Duration.ofSeconds(20), composing.multipliedBy(2).plusSeconds(10)))
				.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
			Map<Integer, Instant> due = new HashMap<>();
			List<Future<?>> scheduled = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				Instant at = (i < atOnce) ? first : first.plusMillis((i - atOnce + 1) * 60_000L / spread);
				due.put(i, at);
				String postId = postIds.get(i);
				scheduled.add(pool.submit(() -> hub.post("/api/posts/" + postId + "/publications",
						Map.of("channelIds", channelIds, "at", at.toString()))));
			}
			for (Future<?> schedule : scheduled) {
				schedule.get();
			}
			if (Instant.now().isAfter(first)) {
				throw new IllegalStateException("Scheduling took longer than planned; the first posts were due before");
			}
			Instant last = first.plusSeconds(60);
			int expected = posts * channelIds.size();
			List<Double> lateness = new ArrayList<>();
			List<Double> atOnceLateness = new ArrayList<>();
			List<Double> spreadLateness = new ArrayList<>();
			Instant deadline = last.plusSeconds(90);
			while (true) {
				lateness.clear();
				atOnceLateness.clear();
				spreadLateness.clear();
				for (String platform : List.of("x", "facebook")) {
					for (JsonNode received : hub.get("/emulator/" + platform + "/received")) {
						Matcher marker = MARKER.matcher(received.get("text").asString());
						if (marker.find() && received.get("text").asString().contains(database)) {
							int n = Integer.parseInt(marker.group(1));
							Instant at = Instant.parse(received.get("receivedAt").asString());
							double ms = Duration.between(due.get(n), at).toNanos() / 1e6;
							lateness.add(ms);
							((n < atOnce) ? atOnceLateness : spreadLateness).add(ms);
						}
					}
				}
				if (lateness.size() >= expected || Instant.now().isAfter(deadline)) {
					break;
				}
				Thread.sleep(2000);
			}
			long early = lateness.stream().filter((ms) -> ms < 0).count();
			return new Result(database, posts, expected, lateness.size(), Percentiles.of(lateness), early,
					Percentiles.of(atOnceLateness), Percentiles.of(spreadLateness));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	static Path dataDir(Path work, String database) {
		return work.resolve("lateness-" + database);
	}

}
