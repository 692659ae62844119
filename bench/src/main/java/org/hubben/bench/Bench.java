package org.hubben.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The bench harness: runs the scenarios named on the command line ({@code lateness},
 * {@code burst}, {@code memory}; all by default) against the jar, reads the share page
 * figures {@code bench/share-page.sh} left in {@code bench/target/share-page.env}, prints
 * a table and writes {@code bench/RESULTS.md}. Run from the repository's root, through
 * {@code bench/run.sh}.
 */
public final class Bench {

	static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

	/**
	 * The PostgreSQL schema the scenarios use, dropped and created afresh for each;
	 * {@code BENCH_SCHEMA} names another, so that two harnesses can share one database.
	 */
	static final String SCHEMA = env("BENCH_SCHEMA", "hubben_bench");

	/**
	 * The emulators' rate limits and quotas (X: 100 posts and 500 media requests in 15
	 * minutes, Facebook: 4,800 calls per page and hour, YouTube: 100 uploads a day) would
	 * refuse most of a burst: the bench measures the hub, not the platforms' limits.
	 */
	static final List<String> NO_PLATFORM_LIMITS = List.of(
			"--hubben.platforms.youtube-emulator.daily-inserts=100000000",
			"--hubben.platforms.youtube-emulator.daily-units=100000000000",
			"--hubben.platforms.youtube-emulator.uploads-per-channel-per-day=100000000",
			"--hubben.platforms.x-emulator.posts-per-15-minutes=100000000",
			"--hubben.platforms.x-emulator.posts-per-app-per-24-hours=100000000",
			"--hubben.platforms.x-emulator.media-requests-per-15-minutes=100000000",
			"--hubben.platforms.facebook-emulator.calls-per-page-hour=100000000");

	private Bench() {
	}

	private static List<String> plus(List<String> a, List<String> b) {
		List<String> both = new ArrayList<>(a);
		both.addAll(b);
		return both;
	}

	public static void main(String[] args) throws Exception {
		Set<String> scenarios = (args.length > 0) ? Set.of(args) : Set.of("lateness", "burst", "memory");
		Path jar = Hub.JAR;
		Path work = Files.createTempDirectory("hubben-bench");
		int port = Integer.parseInt(env("HUB_PORT", "18191"));
		String load = Files.readString(Path.of("/proc/loadavg")).trim();
		Report report = new Report(load);
		List<String> failures = new ArrayList<>();
		if (scenarios.contains("lateness")) {
			try {
				int atOnce = Integer.parseInt(env("LATENESS_AT_ONCE", "50"));
				int spread = Integer.parseInt(env("LATENESS_SPREAD", "60"));
				int warmUp = Integer.parseInt(env("LATENESS_WARM_UP", "40"));
				String databases = env("LATENESS_DATABASES", "h2,postgresql");
				if (databases.contains("h2")) {
					System.out
						.println("Lateness on H2: " + atOnce + " posts at one instant, " + spread + " over a minute");
					try (Hub hub = Hub.start(jar, work.resolve("lateness-h2"), port,
							plus(List.of("--spring.quartz.scheduler-name=bench-h2"), NO_PLATFORM_LIMITS))) {
						report.lateness.add(Lateness.run("H2", hub, atOnce, spread, warmUp));
					}
				}
				if (databases.contains("postgresql")) {
					System.out.println("Lateness on PostgreSQL");
					resetSchema();
					try (Hub hub = Hub.start(jar, work.resolve("lateness-pg"), port,
							plus(postgres("bench-pg"), NO_PLATFORM_LIMITS))) {
						report.lateness.add(Lateness.run("PostgreSQL", hub, atOnce, spread, warmUp));
					}
				}
			}
			catch (Exception ex) {
				failures.add("lateness: " + ex);
				ex.printStackTrace();
			}
		}
		if (scenarios.contains("burst")) {
			try {
				int posts = Integer.parseInt(env("BURST_POSTS", "10000"));
				Duration timeout = Duration.ofSeconds(Long.parseLong(env("BURST_TIMEOUT_SECONDS", "600")));
				System.out.println("Burst on PostgreSQL: " + posts + " posts x 4 channels due within a minute");
				resetSchema();
				List<String> arguments = plus(postgres("bench-burst"), NO_PLATFORM_LIMITS);
				try (Hub hub = Hub.start(jar, work.resolve("burst"), port, arguments);
						Connection database = DriverManager.getConnection(POSTGRES, "postgres", "")) {
					report.burst = Burst.run(hub, database, SCHEMA, posts, timeout);
				}
			}
			catch (Exception ex) {
				failures.add("burst: " + ex);
				ex.printStackTrace();
			}
		}
		if (scenarios.contains("memory")) {
			try {
				int posts = Integer.parseInt(env("MEMORY_POSTS", "100000"));
				System.out.println("Memory and start-up: the embedded default holding " + posts + " posts");
				report.memory = MemoryAndStartUp.run(jar, work.resolve("memory"), port, posts);
			}
			catch (Exception ex) {
				failures.add("memory: " + ex);
				ex.printStackTrace();
			}
		}
		Path share = Path.of("bench/target/share-page.env");
		if (Files.exists(share)) {
			Properties figures = new Properties();
			try (var in = Files.newBufferedReader(share)) {
				figures.load(in);
			}
			report.share = figures;
		}
		report.failures.addAll(failures);
		report.print();
		report.write(Path.of("bench/RESULTS.md"));
		System.out.println("Wrote bench/RESULTS.md; logs under " + work);
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static List<String> postgres(String schedulerName) {
		return List.of("--spring.profiles.active=postgres", "--spring.quartz.scheduler-name=" + schedulerName,
				"--spring.datasource.url=" + POSTGRES + "?currentSchema=" + SCHEMA,
				"--spring.datasource.username=postgres", "--spring.datasource.password=",
				"--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/test?schema=" + SCHEMA,
				"--spring.r2dbc.username=postgres", "--spring.r2dbc.password=", "--spring.flyway.schemas=" + SCHEMA,
				"--spring.flyway.default-schema=" + SCHEMA);
	}

	private static void resetSchema() throws Exception {
		try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("drop schema if exists " + SCHEMA + " cascade");
			statement.execute("create schema " + SCHEMA);
		}
	}

	/** The figures of one run, as a table on the console and as {@code RESULTS.md}. */
	static final class Report {

		final String loadBefore;

		final ZonedDateTime when = ZonedDateTime.now(ZoneOffset.UTC);

		final List<Lateness.Result> lateness = new ArrayList<>();

		Burst.Result burst;

		MemoryAndStartUp.Result memory;

		Properties share;

		final List<String> failures = new ArrayList<>();

		Report(String loadBefore) {
			this.loadBefore = loadBefore;
		}

		/** Rows of figure, value, target, met. */
		List<String[]> summary() {
			List<String[]> rows = new ArrayList<>();
			for (Lateness.Result result : this.lateness) {
				rows.add(row("Lateness p99, " + result.database(), ms(result.lateness().p99()), "≤ 250 ms",
						result.lateness().p99() <= 250 && result.received() == result.deliveries()));
				rows.add(row("Lateness p99, first batch after start, " + result.database(),
						ms(result.firstBatch().lateness().p99()), "≤ 250 ms",
						result.firstBatch().lateness().p99() <= 250
								&& result.firstBatch().received() == result.firstBatch().deliveries()));
				rows.add(row("Early deliveries, " + result.database(), Long.toString(result.early()), "0",
						result.early() == 0));
			}
			if (this.burst != null) {
				Burst.Result b = this.burst;
				rows.add(row("Burst (" + b.posts() + " × 4) all started", seconds(b.allStarted()),
						"≤ 60 s after the first due", b.allStarted() != null && !b.timedOut()
								&& b.allStarted().toMillis() <= 60_000 && b.received() == b.deliveries()));
				rows.add(row("Burst pool errors", Long.toString(b.poolErrors()), "0", b.poolErrors() == 0));
			}
			if (this.share != null) {
				double ratio = Double.parseDouble(this.share.getProperty("ratio"));
				double p99 = Double.parseDouble(this.share.getProperty("hubben_p99"));
				rows.add(row("Share page / nginx", String.format("%.2f", ratio), "≥ 0.40", ratio >= 0.40));
				rows.add(row("Share page p99", ms(p99), "≤ 20 ms", p99 <= 20));
			}
			if (this.memory != null) {
				rows.add(row("RSS, " + this.memory.posts() + " posts", mb(this.memory.rssKb()), "≤ 512 MB",
						this.memory.rssKb() <= 512 * 1024));
				rows.add(row("Start-up, " + this.memory.posts() + " posts", seconds(this.memory.loadedStartUp()),
						"≤ 4 s", this.memory.loadedStartUp().toMillis() <= 4000));
			}
			return rows;
		}

		private static String[] row(String figure, String value, String target, boolean met) {
			return new String[] { figure, value, target, met ? "yes" : "**no**" };
		}

		void print() {
			System.out.println();
			System.out.printf("%-40s %14s %28s %6s%n", "figure", "measured", "target", "met");
			for (String[] row : summary()) {
				System.out.printf("%-40s %14s %28s %6s%n", row[0], row[1], row[2], row[3].replace("*", ""));
			}
			for (Lateness.Result r : this.lateness) {
				System.out.printf(
						"Lateness %s: at one instant %s (CPU %s per delivery); spread %s; "
								+ "first batch after start %s (CPU %s per delivery)%n",
						r.database(), three(r.atOnce()), cpu(r.atOnceCpuMsPerDelivery()), three(r.spread()),
						three(r.firstBatch().lateness()), cpu(r.firstBatch().cpuMsPerDelivery()));
			}
			if (this.burst != null) {
				Burst.Result b = this.burst;
				System.out.printf(
						"Burst: set up in %s (hub CPU %.0f s); last claimed %s, last started %s, last finished %s; "
								+ "claim lateness %s; start lateness %s; received %d of %d; states %s; pool errors %d; "
								+ "hub CPU %.0f s (%.2f cores, %.1f ms per delivery received)%n",
						seconds(b.setUp()), b.setUpCpuSeconds(), seconds(b.allClaimed()), seconds(b.allStarted()),
						seconds(b.allFinished()), three(b.claimLateness()), three(b.startLateness()), b.received(),
						b.deliveries(), b.states(), b.poolErrors(), b.cpuSeconds(), b.averageCores(),
						b.cpuMsPerReceived());
			}
			this.failures.forEach((failure) -> System.out.println("Failed: " + failure));
			System.out.println();
		}

		void write(Path file) throws Exception {
			String notes = "";
			if (Files.exists(file)) {
				String previous = Files.readString(file);
				int at = previous.indexOf("\n## Notes");
				notes = (at >= 0) ? previous.substring(at + 1) : "";
			}
			StringBuilder md = new StringBuilder();
			md.append("# Bench results\n\n");
			md.append("`bench/run.sh`, run ")
				.append(this.when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
				.append(". ")
				.append(machine())
				.append(" Load average before the run: ")
				.append(this.loadBefore)
				.append(".\n\n");
			md.append("| figure | measured | target | met |\n|---|---:|---|---|\n");
			for (String[] row : summary()) {
				md.append("| ").append(String.join(" | ", row)).append(" |\n");
			}
			if (!this.lateness.isEmpty()) {
				md.append(
						"\n## 1. Lateness\n\nEach post on the X and the Facebook channel (text only); lateness is the "
								+ "emulator's `receivedAt` minus the due time. Three phases on one hub, in order: the **first "
								+ "batch after start**, ")
					.append(Bench.env("LATENESS_AT_ONCE", "50"))
					.append(" posts due at one instant that are the first publishing the freshly started JVM does "
							+ "(its code not yet compiled by the JIT); a warm-up of ")
					.append(Bench.env("LATENESS_WARM_UP", "40"))
					.append(" posts published now, left out of every figure; then the **measured** posts, on a hub "
							+ "that has published before, as a hub on election night has been running: the first ")
					.append(Bench.env("LATENESS_AT_ONCE", "50"))
					.append(" due at one instant, the rest spread evenly over the following minute. The targets "
							+ "apply to both the measured posts and the first batch; the early column counts both. "
							+ "CPU per delivery is the hub's "
							+ "process CPU (emulators included) from one second before the due instant to the last "
							+ "delivery of the batch received, divided by its deliveries.\n\n");
				md.append("| database | posts | deliveries received | p50 | p99 | max | min | early | "
						+ "at one instant p50 / p99 / max | spread p50 / p99 / max | CPU per delivery at one instant |\n"
						+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
				for (Lateness.Result r : this.lateness) {
					Lateness.Batch first = r.firstBatch();
					md.append(String.format(
							"| %s, first batch after start | %d | %d of %d | %s | %s | %s | %s | – | %s | – | %s |%n",
							r.database(), first.deliveries() / 2, first.received(), first.deliveries(),
							ms(first.lateness().p50()), ms(first.lateness().p99()), ms(first.lateness().max()),
							ms(first.lateness().min()), three(first.lateness()), cpu(first.cpuMsPerDelivery())));
					md.append(String.format("| %s | %d | %d of %d | %s | %s | %s | %s | %d | %s | %s | %s |%n",
							r.database(), r.posts(), r.received(), r.deliveries(), ms(r.lateness().p50()),
							ms(r.lateness().p99()), ms(r.lateness().max()), ms(r.lateness().min()), r.early(),
							three(r.atOnce()), three(r.spread()), cpu(r.atOnceCpuMsPerDelivery())));
				}
			}
			if (this.burst != null) {
				Burst.Result b = this.burst;
				md.append("\n## 2. Burst\n\n")
					.append(String.format(
							"%d posts (a photo and a video each) × 4 channels = %d deliveries, due evenly over one "
									+ "minute, every emulator answering 100 ms late; PostgreSQL. Setting them up "
									+ "through the API took %s (%.0f s of the hub's CPU). A delivery has started when "
									+ "its first request reached the platform (the emulator's `startedAt`).%n%n",
							b.posts(), b.deliveries(), seconds(b.setUp()), b.setUpCpuSeconds()));
				md.append("| figure | value |\n|---|---:|\n");
				md.append("| last delivery claimed, after the first due time | ")
					.append(seconds(b.allClaimed()))
					.append(" |\n");
				md.append("| last delivery started (its first request at the emulator), after the first due time | ")
					.append(seconds(b.allStarted()))
					.append(" |\n");
				md.append("| last delivery finished, after the first due time | ")
					.append(seconds(b.allFinished()))
					.append(" |\n");
				md.append("| claim lateness (claimed_at − due_at) p50 / p99 / max | ")
					.append(ms(b.claimLateness().p50()))
					.append(" / ")
					.append(ms(b.claimLateness().p99()))
					.append(" / ")
					.append(ms(b.claimLateness().max()))
					.append(" |\n");
				md.append("| start lateness (first request at the emulator − due_at) p50 / p99 / max | ")
					.append(three(b.startLateness()))
					.append(" |\n");
				md.append("| deliveries received by the emulators | ").append(b.received()).append(" |\n");
				md.append("| deliveries by state | ").append(b.states()).append(" |\n");
				md.append("| connection-pool errors in the hub's log | ").append(b.poolErrors()).append(" |\n");
				md.append(String
					.format("| hub CPU (its process, emulators included) | %.0f s, %.2f cores on average, %.1f ms per "
							+ "delivery received |%n", b.cpuSeconds(), b.averageCores(), b.cpuMsPerReceived()));
				if (b.timedOut()) {
					md.append("\nThe burst had not finished when the harness stopped waiting.\n");
				}
			}
			if (this.share != null) {
				md.append("\n## 3. Share page\n\n")
					.append(String.format(
							"`bench/share-page.sh`: `%s` (%s bytes) served by Hubben from its page cache and by nginx "
									+ "as a static file with the same bytes; wrk, %s threads, %s connections, %s each "
									+ "after a warm-up, over loopback on the same machine.%n%n",
							this.share.getProperty("page"), this.share.getProperty("bytes"),
							this.share.getProperty("threads"), this.share.getProperty("connections"),
							this.share.getProperty("duration")));
				md.append("| server | requests/s | p99 | non-2xx/3xx |\n|---|---:|---:|---:|\n");
				md.append(String.format("| Hubben | %s | %s ms | %s |%n", this.share.getProperty("hubben_rps"),
						this.share.getProperty("hubben_p99"), this.share.getProperty("hubben_errors")));
				md.append(String.format("| nginx (%s) | %s | %s ms | %s |%n", this.share.getProperty("nginx_version"),
						this.share.getProperty("nginx_rps"), this.share.getProperty("nginx_p99"),
						this.share.getProperty("nginx_errors")));
				md.append("\nHubben / nginx: **").append(this.share.getProperty("ratio")).append("**.\n");
			}
			if (this.memory != null) {
				MemoryAndStartUp.Result m = this.memory;
				md.append("\n## 4. Memory and start-up\n\n")
					.append(String
						.format("The embedded default (H2 file database, emulators, demo organisation), started as the "
								+ "README's first command starts it (`" + String.join(" ", Hub.JVM_OPTIONS) + " -jar "
								+ Hub.JAR + "`), holding %d published posts (each with a publication and a "
								+ "sent delivery, written with SQL while Hubben was stopped, in %s), after serving "
								+ "the organisation's page, feed and share kit 20 times.%n%n", m.posts(),
								seconds(m.insert())));
				md.append("| figure | value |\n|---|---:|\n");
				md.append("| start-up to the first served request, empty database (migrations run) | ")
					.append(seconds(m.emptyStartUp()))
					.append(String.format(" (CPU %.2f s)", m.emptyStartUpCpuSeconds()))
					.append(" |\n");
				md.append("| start-up to the first served request, " + m.posts() + " posts | ")
					.append(seconds(m.loadedStartUp()))
					.append(String.format(" (CPU %.2f s)", m.loadedStartUpCpuSeconds()))
					.append(" |\n");
				md.append("| RSS (peak) | ")
					.append(mb(m.rssKb()))
					.append(" (")
					.append(mb(m.peakRssKb()))
					.append(") |\n");
				md.append("| heap used / committed | ")
					.append(mb(m.heapUsedKb()))
					.append(" / ")
					.append(mb(m.heapCommittedKb()))
					.append(" |\n");
				md.append("| heap used after a full GC | ").append(mb(m.heapUsedAfterGcKb())).append(" |\n");
			}
			for (String failure : this.failures) {
				md.append("\nFailed: ").append(failure).append('\n');
			}
			if (!notes.isEmpty()) {
				md.append('\n').append(notes.strip()).append('\n');
			}
			Files.writeString(file, md.toString());
		}

		private static String machine() throws Exception {
			String cpu = "";
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					cpu = line.substring(line.indexOf(':') + 1).strip();
					break;
				}
			}
			long memKb = 0;
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
			return String.format(
					"Machine: %d cores (%s), %d GiB memory, %s %s; Java %s. The harness, the hub "
							+ "(with its emulators in the same process) and PostgreSQL share the cores.",
					Runtime.getRuntime().availableProcessors(), cpu, Math.round(memKb / 1024.0 / 1024.0),
					System.getProperty("os.name"), System.getProperty("os.version"),
					System.getProperty("java.version"));
		}

		static String three(Percentiles p) {
			return ms(p.p50()) + " / " + ms(p.p99()) + " / " + ms(p.max());
		}

		static String cpu(double millis) {
			return Double.isNaN(millis) ? "–" : String.format("%.1f ms", millis);
		}

		static String ms(double millis) {
			return Double.isNaN(millis) ? "–" : String.format("%.0f ms", millis);
		}

		static String seconds(Duration duration) {
			return (duration == null) ? "–" : String.format("%.2f s", duration.toMillis() / 1000.0);
		}

		static String mb(long kb) {
			return String.format("%d MB", Math.round(kb / 1024.0));
		}

	}

}
