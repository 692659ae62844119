package org.hubben.publishing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads the delivery table and Quartz's fired triggers straight from the database the
 * nodes share, with a fresh JDBC connection per question (so a database that restarts in
 * the middle costs one failed question, not the test). Blocking.
 */
final class DeliveryLedger {

	/** States a delivery never leaves by itself. */
	static final List<String> FINAL = List.of("SENT", "FAILED", "CANCELLED");

	private final String url;

	private final String user;

	DeliveryLedger(String url, String user) {
		this.url = url;
		this.user = user;
	}

	private Connection connect() throws SQLException {
		Connection connection = DriverManager.getConnection(this.url, this.user, "");
		try (Statement statement = connection.createStatement()) {
			statement.execute("set statement_timeout = '10s'");
		}
		return connection;
	}

	/** How many deliveries are in each state, sorted by state. */
	Map<String, Integer> states() throws SQLException {
		Map<String, Integer> states = new TreeMap<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select state, count(*) from delivery group by state")) {
			while (rows.next()) {
				states.put(rows.getString(1), rows.getInt(2));
			}
		}
		return states;
	}

	int count(String state) throws SQLException {
		return states().getOrDefault(state, 0);
	}

	int unfinished() throws SQLException {
		return states().entrySet()
			.stream()
			.filter((entry) -> !FINAL.contains(entry.getKey()))
			.mapToInt(Map.Entry::getValue)
			.sum();
	}

	/**
	 * How many publication firings each Quartz instance is executing now.
	 */
	Map<String, Integer> executingPublicationsByInstance() throws SQLException {
		Map<String, Integer> executing = new LinkedHashMap<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select instance_name, count(*) from qrtz_fired_triggers "
						+ "where state = 'EXECUTING' and job_group = 'publications' group by instance_name")) {
			while (rows.next()) {
				executing.put(rows.getString(1), rows.getInt(2));
			}
		}
		return executing;
	}

	/**
	 * The deliveries a dead Quartz instance left behind: those of the publications it had
	 * acquired or was firing (Quartz keeps their fired-trigger rows until another node
	 * recovers them) that are not final, and every delivery still {@code SENDING}.
	 * Deliveries a live node was sending are included too; they finish in moments, so
	 * they do not change how long the orphans take.
	 */
	Set<UUID> orphanedBy(String instance) throws SQLException {
		Set<UUID> orphans = new HashSet<>();
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement("select d.id from delivery d "
						+ "where d.state = 'SENDING' or (d.state not in ('SENT', 'FAILED', 'CANCELLED') and "
						+ "cast(d.publication_id as varchar) in (select job_name from qrtz_fired_triggers "
						+ "where instance_name = ? and job_group = 'publications'))")) {
			statement.setString(1, instance);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					orphans.add(rows.getObject(1, UUID.class));
				}
			}
		}
		return orphans;
	}

	/** Those of the deliveries that are not final yet. */
	Set<UUID> unfinishedOf(Set<UUID> deliveries) throws SQLException {
		Set<UUID> unfinished = new HashSet<>();
		if (deliveries.isEmpty()) {
			return unfinished;
		}
		try (Connection connection = connect();
				PreparedStatement statement = connection
					.prepareStatement("select id from delivery where state not in ('SENT', 'FAILED', 'CANCELLED') "
							+ "and id = any (?)")) {
			statement.setArray(1, connection.createArrayOf("uuid", deliveries.toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					unfinished.add(rows.getObject(1, UUID.class));
				}
			}
		}
		return unfinished;
	}

	/** Deliveries that are not {@code SENT}, with their platform, state and reason. */
	List<String> notSent(int limit) throws SQLException {
		List<String> lines = new ArrayList<>();
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement(
						"select id, platform, state, attempts, error from delivery where state <> 'SENT' limit ?")) {
			statement.setInt(1, limit);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					lines.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " attempts="
							+ rows.getInt(4) + " " + rows.getString(5));
				}
			}
		}
		return lines;
	}

}
