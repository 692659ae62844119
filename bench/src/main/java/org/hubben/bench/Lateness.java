package org.hubben.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
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
 *
 * <p>
 * Three phases on one hub, in order: the <em>first batch after start</em> (posts due at
 * one instant, the first publishing this JVM ever does, so its code is still cold); a
 * <em>warm-up</em> of posts published now (excluded from every figure); then the
 * <em>measured</em> posts, due at one instant and spread, on a hub that has published
 * before, as a hub on election night has. Both batches due at one instant also report the
 * hub's CPU time per delivery: process CPU (emulators included) from one second before
 * the due instant to the last delivery of the batch received.
 */
final class Lateness {

	private static final Pattern MARKER = Pattern.compile("\\[bench ([fwm])(\\d+)\\]");

	/**
	 * @param lateness the measured posts, due at one instant and spread
	 * @param early early deliveries among the first batch and the measured posts
	 * @param atOnce the measured posts due at one instant
	 * @param spread the measured posts spread over the following minute
	 * @param firstBatch the first batch after start, due at one instant
	 * @param warmUp how many posts were published now between the two
	 */
	record Result(String database, int posts, int deliveries, int received, Percentiles lateness, long early,
			Percentiles atOnce, Percentiles spread, Batch firstBatch, int warmUp, double atOnceCpuMsPerDelivery) {

	}

	/**
	 * @param cpuMsPerDelivery the hub's CPU time per delivery over the batch, in ms
	 */
	record Batch(int deliveries, int received, Percentiles lateness, double cpuMsPerDelivery) {

	}

	static Result run(String database, Hub hub, int atOnce, int spread, int warmUp) throws Exception {
		Map<String, String> channels = hub.channels();
		List<String> channelIds = List.of(channels.get("x"), channels.get("facebook"));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try (CpuSamples cpu = new CpuSamples(hub)) {
			Phase first = new Phase(hub, pool, database, "f", channelIds);
			first.schedule(atOnce, 0);
			Map<Integer, Double> firstLateness = first.await(atOnce, first.last.plusSeconds(90));
			long early = count(firstLateness, (ms) -> ms < 0);
			Batch firstBatch = new Batch(atOnce * channelIds.size(), firstLateness.size(),
					Percentiles.of(List.copyOf(firstLateness.values())), first.cpuMsPerDelivery(cpu, atOnce));

			Phase warm = new Phase(hub, pool, database, "w", channelIds);
			warm.publishNow(warmUp);
			warm.await(warmUp, Instant.now().plusSeconds(120));

			Phase measured = new Phase(hub, pool, database, "m", channelIds);
			measured.schedule(atOnce, spread);
			int posts = atOnce + spread;
			Map<Integer, Double> lateness = measured.await(posts, measured.last.plusSeconds(90));
			early += count(lateness, (ms) -> ms < 0);
			List<Double> atOnceLateness = new ArrayList<>();
			List<Double> spreadLateness = new ArrayList<>();
			lateness.forEach((key, ms) -> ((key / 2 < atOnce) ? atOnceLateness : spreadLateness).add(ms));
			return new Result(database, posts, posts * channelIds.size(), lateness.size(),
					Percentiles.of(List.copyOf(lateness.values())), early, Percentiles.of(atOnceLateness),
					Percentiles.of(spreadLateness), firstBatch, warmUp, measured.cpuMsPerDelivery(cpu, atOnce));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static long count(Map<Integer, Double> lateness, java.util.function.DoublePredicate test) {
		return lateness.values().stream().filter(test::test).count();
	}

	static Path dataDir(Path work, String database) {
		return work.resolve("lateness-" + database);
	}

	/**
	 * Posts of one phase, told apart from the others' by their marker
	 * ({@code [bench f12]}).
	 */
	private static final class Phase {

		private final Hub hub;

		private final ExecutorService pool;

		private final String database;

		private final String letter;

		private final List<String> channelIds;

		private final Map<Integer, Instant> due = new HashMap<>();

		private Instant first;

		private Instant last;

		/** When each delivery was received, by post number × 2 + channel. */
		private final Map<Integer, Instant> receivedAt = new HashMap<>();

		Phase(Hub hub, ExecutorService pool, String database, String letter, List<String> channelIds) {
			this.hub = hub;
			this.pool = pool;
			this.database = database;
			this.letter = letter;
			this.channelIds = channelIds;
		}

		private List<String> compose(int posts) throws Exception {
			List<Future<String>> composed = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				int n = i;
				composed.add(this.pool.submit(() -> this.hub
					.post("/api/posts",
							Map.of("title", "Lateness " + this.letter + n, "text",
									"Valvakan börjar snart [bench " + this.letter + n + "] " + this.database))
					.get("id")
					.asString()));
			}
			List<String> postIds = new ArrayList<>();
			for (Future<String> id : composed) {
				postIds.add(id.get());
			}
			return postIds;
		}

		/**
		 * Composes and schedules the posts: {@code atOnce} due at one instant, then
		 * {@code spread} spread evenly over the following minute.
		 */
		void schedule(int atOnce, int spread) throws Exception {
			int posts = atOnce + spread;
			Instant composingStarted = Instant.now();
			List<String> postIds = compose(posts);
			// Due 20 s from now, or later on a busy machine: scheduling the lot takes
			// about as long as composing it did.
			Duration composing = Duration.between(composingStarted, Instant.now());
			this.first = Instant.now()
				.plus(max(Duration.ofSeconds(20), composing.multipliedBy(2).plusSeconds(10)))
				.truncatedTo(ChronoUnit.SECONDS);
			List<Future<?>> scheduled = new ArrayList<>();
			for (int i = 0; i < posts; i++) {
				Instant at = (i < atOnce) ? this.first : this.first.plusMillis((i - atOnce + 1) * 60_000L / spread);
				this.due.put(i, at);
				String postId = postIds.get(i);
				scheduled.add(this.pool.submit(() -> this.hub.post("/api/posts/" + postId + "/publications",
						Map.of("channelIds", this.channelIds, "at", at.toString()))));
			}
			for (Future<?> schedule : scheduled) {
				schedule.get();
			}
			if (Instant.now().isAfter(this.first)) {
				throw new IllegalStateException("Scheduling took longer than planned; the first posts were due before");
			}
			this.last = (spread > 0) ? this.first.plusSeconds(60) : this.first;
		}

		/** Composes the posts and publishes each now. */
		void publishNow(int posts) throws Exception {
			List<Future<?>> published = new ArrayList<>();
			for (String postId : compose(posts)) {
				published.add(this.pool.submit(() -> this.hub.post("/api/posts/" + postId + "/publications",
						Map.of("channelIds", this.channelIds))));
			}
			for (Future<?> publish : published) {
				publish.get();
			}
		}

		/**
		 * Waits until every delivery of the phase's posts has been received, or the
		 * deadline.
		 * @return the lateness of each delivery received, in ms, by post number × 2 +
		 * channel; empty for posts published now
		 */
		Map<Integer, Double> await(int posts, Instant deadline) throws Exception {
			int expected = posts * this.channelIds.size();
			// The first look only once the last post is due and had a moment to go out:
			// each look is an API call the hub serves, and one served while the posts
			// fire would be counted in their lateness and CPU.
			if (this.last != null) {
				Thread.sleep(Math.max(0, Duration.between(Instant.now(), this.last.plusSeconds(3)).toMillis()));
			}
			while (true) {
				this.receivedAt.clear();
				List<String> platforms = List.of("x", "facebook");
				for (int p = 0; p < platforms.size(); p++) {
					for (JsonNode received : this.hub.get("/emulator/" + platforms.get(p) + "/received")) {
						String text = received.get("text").asString();
						Matcher marker = MARKER.matcher(text);
						if (marker.find() && marker.group(1).equals(this.letter) && text.contains(this.database)) {
							this.receivedAt.put(Integer.parseInt(marker.group(2)) * 2 + p,
									Instant.parse(received.get("receivedAt").asString()));
						}
					}
				}
				if (this.receivedAt.size() >= expected || Instant.now().isAfter(deadline)) {
					break;
				}
				Thread.sleep(2000);
			}
			Map<Integer, Double> lateness = new HashMap<>();
			if (!this.due.isEmpty()) {
				this.receivedAt.forEach(
						(key, at) -> lateness.put(key, Duration.between(this.due.get(key / 2), at).toNanos() / 1e6));
			}
			return lateness;
		}

		/**
		 * The hub's CPU per delivery of the posts due at one instant: from a second
		 * before their due instant to the last of them received.
		 */
		double cpuMsPerDelivery(CpuSamples cpu, int atOnce) {
			List<Instant> batch = this.receivedAt.entrySet()
				.stream()
				.filter((entry) -> entry.getKey() / 2 < atOnce)
				.map(Map.Entry::getValue)
				.sorted()
				.toList();
			if (batch.isEmpty()) {
				return Double.NaN;
			}
			double seconds = cpu.between(this.first.minusSeconds(1), batch.get(batch.size() - 1));
			return seconds * 1000 / batch.size();
		}

		private static Duration max(Duration a, Duration b) {
			return (a.compareTo(b) >= 0) ? a : b;
		}

	}

	/**
	 * The hub's process CPU time (user and system), sampled every 20 ms in the bench's
	 * own thread so that measuring costs the hub nothing.
	 */
	private static final class CpuSamples implements AutoCloseable {

		private final Hub hub;

		private final ConcurrentSkipListMap<Instant, Double> samples = new ConcurrentSkipListMap<>();

		private final Thread sampler;

		CpuSamples(Hub hub) {
			this.hub = hub;
			this.sampler = new Thread(this::sample, "hub-cpu-samples");
			this.sampler.setDaemon(true);
			this.sampler.start();
		}

		private void sample() {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					this.samples.put(Instant.now(), this.hub.cpuSeconds());
					Thread.sleep(20);
					// Samples older than ten minutes are no longer asked for.
					this.samples.headMap(Instant.now().minusSeconds(600)).clear();
				}
			}
			catch (InterruptedException | IOException ex) {
				// stopped, or the hub is gone
			}
		}

		/**
		 * CPU seconds used from the last sample at or before {@code from} to the first at
		 * or after {@code to}.
		 */
		double between(Instant from, Instant to) {
			Map.Entry<Instant, Double> start = this.samples.floorEntry(from);
			Map.Entry<Instant, Double> end = this.samples.ceilingEntry(to);
			if (start == null || end == null) {
				return Double.NaN;
			}
			return end.getValue() - start.getValue();
		}

		@Override
		public void close() {
			this.sampler.interrupt();
		}

	}

}
