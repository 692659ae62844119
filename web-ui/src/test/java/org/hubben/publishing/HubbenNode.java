package org.hubben.publishing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hubben.Hubben;
import org.hubben.TestClients;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * One Hubben node as a JVM of its own, started from the test's classpath with
 * {@link Hubben}'s main method, so that killing it ({@link #kill()}, SIGKILL) is a real
 * crash: no shutdown hook, no graceful stop, its database connections and Quartz
 * check-ins end mid-flight. Its standard output and error go to {@link #log()}. The
 * administrator is {@link TestClients#ADMIN} with {@link TestClients#ADMIN_PASSWORD}, so
 * {@link TestClients#admin(int)} drives its API.
 */
final class HubbenNode implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private HubbenNode(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a node; does not wait for it to serve requests (see {@link #awaitUp}).
	 * @param name names the node in its log file and Quartz instance id
	 * @param logDirectory where {@code <name>.log} is written
	 * @param properties Spring Boot properties given as {@code --key=value} arguments,
	 * added to the node's own (port, address, Quartz instance id)
	 * @param environment environment variables (secrets go here, never on the command
	 * line)
	 * @throws IOException when the JVM cannot be started
	 */
	static HubbenNode start(String name, Path logDirectory, Map<String, String> properties,
			Map<String, String> environment) throws IOException {
		int port = freePort();
		Map<String, String> all = new LinkedHashMap<>();
		all.put("server.address", "127.0.0.1");
		all.put("server.port", Integer.toString(port));
		all.put("hubben.public-url", "http://127.0.0.1:" + port);
		all.put("spring.quartz.properties.org.quartz.scheduler.instanceId", name);
		all.putAll(properties);
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				// Small and frugal: three nodes, the test JVM and PostgreSQL share two
				// cores.
				"-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Djava.awt.headless=true",
				"-cp", System.getProperty("java.class.path"), Hubben.class.getName()));
		all.forEach((key, value) -> command.add("--" + key + "=" + value));
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("HUBBEN_ADMIN_PASSWORD", TestClients.ADMIN_PASSWORD);
		builder.environment().putAll(environment);
		HubbenNode node = new HubbenNode(name, port, builder.start(), log);
		// A test JVM that ends without its @AfterAll (Ctrl-C, a timeout) takes its nodes
		// along.
		Runtime.getRuntime().addShutdownHook(new Thread(node.process::destroyForcibly, "kill-" + name));
		return node;
	}

	/**
	 * The properties of a node on PostgreSQL (user {@code postgres}, trust
	 * authentication) with pools small enough for several nodes on one server, short
	 * connector timeouts, a sweep every 5 s and quick reconciliation. Add the emulators'
	 * base URLs and a data directory.
	 */
	static Map<String, String> onPostgres(String jdbcUrl, String r2dbcUrl) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "postgres");
		properties.put("spring.datasource.url", jdbcUrl);
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.password", "");
		properties.put("spring.r2dbc.url", r2dbcUrl);
		properties.put("spring.r2dbc.username", "postgres");
		properties.put("spring.r2dbc.password", "");
		// Several nodes on the machine's shared PostgreSQL (100 connections): small
		// pools.
		properties.put("spring.datasource.hikari.maximum-pool-size", "5");
		properties.put("spring.r2dbc.pool.initial-size", "2");
		properties.put("spring.r2dbc.pool.max-size", "8");
		properties.put("hubben.platforms.timeout", "10s");
		properties.put("hubben.scheduling.sweep-interval", "5s");
		properties.put("hubben.scheduling.sweep-grace", "10s");
		// Take a stopped node's deliveries over after 30 s instead of 2 minutes (still
		// three
		// times the connector timeout, so a live node's claim is never taken), and look
		// unknown outcomes up within seconds, so a fault test ends in a few minutes.
		properties.put("hubben.publishing.orphan-after", "30s");
		properties.put("hubben.publishing.first-lookup", "5s");
		properties.put("hubben.scheduling.reconcile-interval", "5s");
		return properties;
	}

	/**
	 * @return {@code HUBBEN_SECRETS_KEY} with a new random key: every node of a cluster
	 * seals channel credentials with the same key
	 */
	static Map<String, String> sharedSecretsKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Map.of("HUBBEN_SECRETS_KEY", Base64.getEncoder().encodeToString(key));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Waits until the node answers {@code /actuator/health} with 200. Blocking.
	 * @throws IllegalStateException when it stops or does not answer in time, naming its
	 * log
	 */
	HubbenNode awaitUp(Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " stopped while starting; see " + this.log);
			}
			if (healthy()) {
				return this;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(this.name + " did not answer within " + within + "; see " + this.log);
	}

	/** Whether the node answers {@code /actuator/health} with 200 now. Blocking. */
	boolean healthy() throws InterruptedException {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException notYet) {
			return false;
		}
	}

	/**
	 * The API checks HTTP Basic against a bcrypt hash of cost 10 on every request; the
	 * hundreds of requests that set a fault test up would spend minutes of the shared
	 * cores on it. The test's administrator gets a hash of the same password at cost 4
	 * instead. Blocking.
	 * @param jdbcUrl the nodes' database, user {@code postgres} with trust authentication
	 */
	static void cheapenTheAdministratorsPasswordCheck(String jdbcUrl) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				PreparedStatement update = connection
					.prepareStatement("update member set password_hash = ? where username = ?")) {
			update.setString(1, "{bcrypt}" + new BCryptPasswordEncoder(4).encode(TestClients.ADMIN_PASSWORD));
			update.setString(2, TestClients.ADMIN);
			if (update.executeUpdate() != 1) {
				throw new IllegalStateException("No administrator " + TestClients.ADMIN + " in " + jdbcUrl);
			}
		}
	}

	/** Kills the JVM with SIGKILL and waits until it is gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	boolean alive() {
		return this.process.isAlive();
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	Path log() {
		return this.log;
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

	@Override
	public String toString() {
		return this.name + " (port " + this.port + ", pid " + this.process.pid() + ", log " + this.log + ")";
	}

}
