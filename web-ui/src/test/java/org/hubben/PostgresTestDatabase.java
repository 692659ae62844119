package org.hubben;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class against the PostgreSQL at 127.0.0.1:5432 (trust auth, database
 * {@code test}), in a schema of its own that is emptied once per test run. When
 * PostgreSQL is unreachable the class is skipped with a message, unless
 * {@code HUBBEN_REQUIRE_POSTGRES=true} (as in CI), where it fails instead.
 */
public class PostgresTestDatabase implements ExecutionCondition {

	public static final String SCHEMA = "hubben_it";

	public static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA;

	public static final String R2DBC_URL = "r2dbc:postgresql://127.0.0.1:5432/test?schema=" + SCHEMA;

	public static final String USER = "postgres";

	private static volatile Boolean prepared;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		synchronized (PostgresTestDatabase.class) {
			if (prepared == null) {
				prepared = prepare();
			}
		}
		if (prepared) {
			return ConditionEvaluationResult.enabled("PostgreSQL is reachable at 127.0.0.1:5432");
		}
		String message = "PostgreSQL is not reachable at 127.0.0.1:5432 (database test): skipping the PostgreSQL tests";
		if ("true".equalsIgnoreCase(System.getenv("HUBBEN_REQUIRE_POSTGRES"))) {
			throw new IllegalStateException(message.replace("skipping", "but HUBBEN_REQUIRE_POSTGRES=true requires"));
		}
		return ConditionEvaluationResult.disabled(message);
	}

	private static boolean prepare() {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("drop schema if exists " + SCHEMA + " cascade");
			statement.execute("create schema " + SCHEMA);
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
