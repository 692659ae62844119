package org.hubben.publishing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, from Debian's binaries under
 * {@code /usr/lib/postgresql/<version>/bin}, in a temporary data directory on a free
 * loopback port (trust authentication, user {@code postgres}), so that a test may stop
 * and start it without touching the machine's shared server. Run as the {@code postgres}
 * user through {@code runuser} when the test runs as root (PostgreSQL refuses to run as
 * root). Every method blocks until {@code pg_ctl} is done.
 */
final class PrivatePostgres implements AutoCloseable {

	private final Path binaries;

	private final Path directory;

	private final int port;

	private final boolean asPostgresUser;

	private PrivatePostgres(Path binaries, Path directory, int port, boolean asPostgresUser) {
		this.binaries = binaries;
		this.directory = directory;
		this.port = port;
		this.asPostgresUser = asPostgresUser;
	}

	/**
	 * @return why a private server cannot be started here, or empty when it can
	 */
	static Optional<String> unavailableBecause() {
		if (binaries().isEmpty()) {
			return Optional.of("no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)");
		}
		if (root() && !Files.isExecutable(Path.of("/usr/sbin/runuser"))
				&& !Files.isExecutable(Path.of("/sbin/runuser"))) {
			return Optional.of("running as root without runuser, so PostgreSQL cannot run as the postgres user");
		}
		return Optional.empty();
	}

	private static Optional<Path> binaries() {
		try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			return versions.map((version) -> version.resolve("bin"))
				.filter((bin) -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
				.max(Comparator.comparing(Path::toString));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static boolean root() {
		return "root".equals(System.getProperty("user.name"));
	}

	/**
	 * Creates a cluster in a new temporary directory and starts it.
	 * @throws IllegalStateException when {@code initdb} or {@code pg_ctl} fails, with
	 * their output
	 */
	static PrivatePostgres create() throws IOException, InterruptedException {
		Path bin = binaries().orElseThrow(() -> new IllegalStateException(unavailableBecause().orElseThrow()));
		Path directory = Files.createTempDirectory("hubben-pg-");
		boolean asPostgres = root();
		if (asPostgres) {
			UserPrincipal postgres = directory.getFileSystem()
				.getUserPrincipalLookupService()
				.lookupPrincipalByName("postgres");
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
			Files.setOwner(directory, postgres);
		}
		PrivatePostgres server = new PrivatePostgres(bin, directory, freePort(), asPostgres);
		server.run("initdb", "-D", server.data().toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
				"--no-sync");
		server.start();
		return server;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private Path data() {
		return this.directory.resolve("data");
	}

	/** Starts the server and waits until it accepts connections. */
	void start() throws IOException, InterruptedException {
		// fsync off: the test restarts the server cleanly; durability is not under test.
		run("pg_ctl", "-D", data().toString(), "-l", this.directory.resolve("server.log").toString(), "-w", "-t", "60",
				"-o", "-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1 -c fsync=off "
						+ "-c max_connections=50",
				"start");
	}

	/**
	 * Stops the server the way an operator restarting it does ({@code -m fast}: every
	 * session is ended, open transactions roll back).
	 */
	void stop() throws IOException, InterruptedException {
		run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
	}

	int port() {
		return this.port;
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	String r2dbcUrl() {
		return "r2dbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	Path log() {
		return this.directory.resolve("server.log");
	}

	private void run(String program, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		if (this.asPostgresUser) {
			command.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		command.add(this.binaries.resolve(program).toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.directory(this.directory.toFile())
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
		}
	}

	/** Stops the server at once and deletes its directory. */
	@Override
	public void close() throws IOException, InterruptedException {
		try {
			run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "-t", "60", "stop");
		}
		catch (IllegalStateException alreadyStopped) {
			// Nothing to stop.
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

}
