package org.hubben.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Hubben, started as the README's first command starts it (the extracted jar
 * {@code web-ui/target/app/hubben.jar} with its class data sharing archive and bounded
 * heap, from the repository root) as a separate process so that its CPU time, RSS and
 * heap belong to it alone, and driven over HTTP with Basic auth as its JSON API's clients
 * drive it.
 */
final class Hub implements AutoCloseable {

	/**
	 * The jar, by the path the build's training run recorded in the class data sharing
	 * archive: the archive is used only when the jar is started by that same path.
	 */
	static final Path JAR = Path.of("web-ui/target/app/hubben.jar");

	/**
	 * The README's JVM options; {@code HUB_JVM_OPTIONS} replaces them (for a comparison
	 * such as "-Xshare:off").
	 */
	static final List<String> JVM_OPTIONS = words(
			Bench.env("HUB_JVM_OPTIONS", "-XX:SharedArchiveFile=web-ui/target/app/hubben.jsa -Xmx256m"));

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/**
	 * One password for every hub of a run: the administrator is created only on an empty
	 * database.
	 */
	private static final String PASSWORD = "bench-" + UUID.randomUUID();

	private final Process process;

	private final String base;

	private String authorisation;

	private final Path log;

	private final long startedAtNanos;

	private long firstServedNanos;

	private double firstServedCpuSeconds;

	private Hub(Process process, String base, String password, Path log, long startedAtNanos) {
		this.process = process;
		this.base = base;
		this.authorisation = "Basic "
				+ Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
		this.log = log;
		this.startedAtNanos = startedAtNanos;
	}

	/**
	 * Starts the jar and waits until it serves {@code /actuator/health}.
	 * @param dataDir the data directory (the H2 file database and the media)
	 * @param extraArguments Spring Boot arguments added to the defaults
	 */
	static Hub start(Path jar, Path dataDir, int port, List<String> extraArguments) throws Exception {
		Files.createDirectories(dataDir);
		String password = PASSWORD;
		List<String> command = new ArrayList<>(List.of(javaBinary()));
		command.addAll(JVM_OPTIONS);
		command.addAll(List.of("-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=" + port,
				"--hubben.data-dir=" + dataDir, "--hubben.public-url=http://127.0.0.1:" + port,
				"--logging.level.root=WARN"));
		command.addAll(extraArguments);
		String more = Bench.env("HUB_ARGUMENTS", "");
		if (!more.isBlank()) {
			command.addAll(List.of(more.trim().split("\\s+")));
		}
		Path log = dataDir.resolve("hubben.log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("HUBBEN_ADMIN_PASSWORD", password);
		long started = System.nanoTime();
		Hub hub = new Hub(builder.start(), "http://127.0.0.1:" + port, password, log, started);
		try {
			hub.awaitFirstServedRequest(Duration.ofMinutes(6));
			hub.authoriseWithApiToken();
		}
		catch (Exception ex) {
			// A hub left running would hold the port, and the next one would answer with
			// another administrator's password.
			hub.close();
			throw ex;
		}
		return hub;
	}

	/**
	 * Goes on with a personal API token, as the README tells scripts to: HTTP Basic
	 * checks the password's BCrypt hash on every request (some 100 ms of the hub's CPU
	 * each), which would be most of what the harness costs the hub while it sets up.
	 */
	private void authoriseWithApiToken() throws Exception {
		String token = post("/api/tokens", Map.of("name", "bench")).get("token").asString();
		this.authorisation = "Bearer " + token;
	}

	private static List<String> words(String line) {
		return line.isBlank() ? List.of() : List.of(line.trim().split("\\s+"));
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private void awaitFirstServedRequest(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Hubben stopped while starting; see " + this.log);
			}
			try {
				HttpResponse<Void> response = HTTP
					.send(HttpRequest.newBuilder(URI.create(this.base + "/actuator/health"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					this.firstServedNanos = System.nanoTime();
					this.firstServedCpuSeconds = cpuSeconds();
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("Hubben did not answer within " + timeout + "; see " + this.log);
	}

	/** From starting the process to the first request it answered with 200. */
	Duration startUp() {
		return Duration.ofNanos(this.firstServedNanos - this.startedAtNanos);
	}

	/**
	 * The CPU time (user and system) the process had used when it answered its first
	 * request: on a machine shared with other work a steadier figure than
	 * {@link #startUp()}'s wall-clock time.
	 */
	double startUpCpuSeconds() {
		return this.firstServedCpuSeconds;
	}

	long pid() {
		return this.process.pid();
	}

	Path log() {
		return this.log;
	}

	String base() {
		return this.base;
	}

	JsonNode get(String path) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET(), path, 200);
	}

	JsonNode post(String path, Object body) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), path, -1);
	}

	/** Uploads one file as the multipart part {@code file} to {@code /api/media}. */
	JsonNode upload(String filename, String contentType, byte[] bytes) throws Exception {
		String boundary = "bench" + UUID.randomUUID();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[head.length + bytes.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(bytes, 0, body, head.length, bytes.length);
		System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
		return send(HttpRequest.newBuilder(URI.create(this.base + "/api/media"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)), "/api/media", -1);
	}

	/** A page or file without authentication: the status code. */
	int status(String path) throws Exception {
		return HTTP
			.send(HttpRequest.newBuilder(URI.create(this.base + path)).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private JsonNode send(HttpRequest.Builder request, String path, int expected) throws Exception {
		HttpResponse<String> response = HTTP.send(
				request.header("Authorization", this.authorisation).timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofString());
		int status = response.statusCode();
		if ((expected > 0) ? status != expected : status / 100 != 2) {
			throw new IllegalStateException(path + " answered " + status + ": " + response.body());
		}
		String body = response.body();
		return (body == null || body.isEmpty()) ? JSON.nullNode() : JSON.readTree(body);
	}

	/** The ids of the demo organisation's channels, by platform. */
	Map<String, String> channels() throws Exception {
		Map<String, String> channels = new java.util.LinkedHashMap<>();
		for (JsonNode channel : get("/api/channels")) {
			channels.putIfAbsent(channel.get("platform").asString(), channel.get("id").asString());
		}
		return channels;
	}

	/** User and system CPU time the process has used so far, in seconds. */
	double cpuSeconds() throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// fields[11] and [12] are utime and stime (the 14th and 15th fields of stat)
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
	}

	/** The unit of the times in {@code /proc/<pid>/stat}, per second. */
	private static final long CLOCK_TICKS = clockTicks();

	private static long clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
			return Long.parseLong(new String(getconf.getInputStream().readAllBytes()).trim());
		}
		catch (Exception ex) {
			return 100;
		}
	}

	/**
	 * A line of {@code /proc/<pid>/status} in kB, such as {@code VmRSS} or {@code VmHWM}.
	 */
	long statusKb(String key) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
			if (line.startsWith(key + ":")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

	/** Heap total and used in kB from {@code jcmd GC.heap_info}. */
	long[] heapKb() throws Exception {
		String info = jcmd("GC.heap_info");
		Matcher matcher = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
		return matcher.find() ? new long[] { Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)) }
				: new long[] { -1, -1 };
	}

	String jcmd(String command) throws Exception {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(pid()), command)
			.redirectErrorStream(true)
			.start();
		String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		jcmd.waitFor();
		return out;
	}

	/** Lines of the hub's log matching a pattern. */
	long logLines(Pattern pattern) throws IOException {
		try (var lines = Files.lines(this.log, StandardCharsets.UTF_8)) {
			return lines.filter((line) -> pattern.matcher(line).find()).count();
		}
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
