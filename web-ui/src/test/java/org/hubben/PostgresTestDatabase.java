package org.hubben;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class against the PostgreSQL at 127.0.0.1:5432 (trust auth, database
 * {@code test}), in schemas that belong to this test JVM alone: {@link #SCHEMA} is
 * {@code hubben_it_<pid>}, so two builds on one machine never share tables. A JVM drops
 * its schemas when it ends; schemas of a JVM that died without doing so are dropped by
 * the next one that starts. When PostgreSQL is unreachable the class is skipped with a
 * message, unless {@code HUBBEN_REQUIRE_POSTGRES=true} (as in CI), where it fails
 * instead.
 */
public class PostgresTestDatabase implements ExecutionCondition {

	/** What every schema a test JVM owns begins with; the JVM's pid follows. */
	static final String PREFIX = "hubben_it_";

	private static final Pattern OWNED = Pattern.compile("hubben_it_(?:[a-z]+_)?(\\d+)");

	private static final long PID = ProcessHandle.current().pid();

	/** The schema of the shared PostgreSQL tests of this JVM. */
	public static final String SCHEMA = schemaNamed("");

	public static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	public static final String JDBC_URL = jdbcUrl(SCHEMA);

	public static final String R2DBC_URL = r2dbcUrl(SCHEMA);

	public static final String USER = "postgres";

	private static final List<String> created = new ArrayList<>();

	private static volatile Boolean reachable;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		synchronized (PostgresTestDatabase.class) {
			if (reachable == null) {
				reachable = prepare();
			}
		}
		if (reachable) {
			return ConditionEvaluationResult.enabled("PostgreSQL is reachable at 127.0.0.1:5432");
		}
		String message = "PostgreSQL is not reachable at 127.0.0.1:5432 (database test): skipping the PostgreSQL tests";
		if (required()) {
			throw new IllegalStateException(message.replace("skipping", "but HUBBEN_REQUIRE_POSTGRES=true requires"));
		}
		return ConditionEvaluationResult.disabled(message);
	}

	/** Whether CI demands the PostgreSQL tests ({@code HUBBEN_REQUIRE_POSTGRES=true}). */
	public static boolean required() {
		return "true".equalsIgnoreCase(System.getenv("HUBBEN_REQUIRE_POSTGRES"));
	}

	/**
	 * @param purpose lower-case letters naming what the schema is for, or empty for
	 * {@link #SCHEMA}
	 * @return {@code hubben_it_[<purpose>_]<pid>}
	 */
	public static String schemaNamed(String purpose) {
		return PREFIX + (purpose.isEmpty() ? "" : purpose + "_") + PID;
	}

	public static String jdbcUrl(String schema) {
		return SERVER_URL + "?currentSchema=" + schema;
	}

	public static String r2dbcUrl(String schema) {
		return "r2dbc:postgresql://127.0.0.1:5432/test?schema=" + schema;
	}

	/**
	 * Creates an empty schema of this JVM (dropping what an earlier test left in it),
	 * dropped again when the JVM ends. Blocking.
	 * @param purpose as in {@link #schemaNamed(String)}
	 * @return the schema's name
	 * @throws SQLException when PostgreSQL is unreachable
	 */
	public static synchronized String freshSchema(String purpose) throws SQLException {
		String schema = schemaNamed(purpose);
		try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, "");
				Statement statement = connection.createStatement()) {
			if (created.isEmpty()) {
				dropSchemasOfEndedRuns(statement);
				Runtime.getRuntime()
					.addShutdownHook(new Thread(PostgresTestDatabase::dropCreated, "drop-test-schemas"));
			}
			statement.execute("drop schema if exists " + schema + " cascade");
			statement.execute("create schema " + schema);
			if (!created.contains(schema)) {
				created.add(schema);
			}
		}
		return schema;
	}

	private static boolean prepare() {
		try {
			freshSchema("");
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * Drops the schemas of test JVMs that are gone (killed before their shutdown hook
	 * ran), so they do not pile up.
	 */
	private static void dropSchemasOfEndedRuns(Statement statement) throws SQLException {
		List<String> stale = new ArrayList<>();
		try (ResultSet schemas = statement.executeQuery(
				"select schema_name from information_schema.schemata where schema_name like 'hubben\\_it%'")) {
			while (schemas.next()) {
				String schema = schemas.getString(1);
				Matcher owner = OWNED.matcher(schema);
				if (owner.matches() && !javaRunning(Long.parseLong(owner.group(1)))) {
					stale.add(schema);
				}
			}
		}
		for (String schema : stale) {
			statement.execute("drop schema if exists " + schema + " cascade");
		}
	}

	private static boolean javaRunning(long pid) {
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		return process.isPresent() && process.get().isAlive()
				&& process.get().info().command().map((command) -> command.contains("java")).orElse(true);
	}

	private static synchronized void dropCreated() {
		try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, "");
				Statement statement = connection.createStatement()) {
			// A context still closing may hold a lock: never hang the JVM's exit on it.
			statement.execute("set lock_timeout = '5s'");
			for (String schema : created) {
				statement.execute("drop schema if exists " + schema + " cascade");
			}
		}
		catch (SQLException ex) {
			// The next test JVM drops them as schemas of an ended run.
		}
	}

}
