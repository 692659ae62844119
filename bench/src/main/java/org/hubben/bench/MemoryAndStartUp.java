package org.hubben.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Memory and start-up of the embedded default (H2 file database) holding {@code posts}
 * published posts, written straight into the database while Hubben is stopped.
 */
final class MemoryAndStartUp {

	record Result(int posts, Duration emptyStartUp, double emptyStartUpCpuSeconds, Duration loadedStartUp,
			double loadedStartUpCpuSeconds, Duration insert, long rssKb, long peakRssKb, long heapCommittedKb,
			long heapUsedKb, long heapUsedAfterGcKb) {

	}

	static Result run(Path jar, Path dataDir, int port, int posts) throws Exception {
		String organisationId;
		String channelId;
		Duration emptyStartUp;
		double emptyStartUpCpu;
		try (Hub hub = Hub.start(jar, dataDir, port, List.of())) {
			emptyStartUp = hub.startUp();
			emptyStartUpCpu = hub.startUpCpuSeconds();
			var channel = hub.get("/api/channels").get(0);
			organisationId = channel.get("organisationId").asString();
			channelId = channel.get("id").asString();
		}
		Instant insertStarted = Instant.now();
		String slug;
		try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("hubben")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "")) {
			db.setAutoCommit(false);
			String platform;
			try (PreparedStatement query = db.prepareStatement(
					"select o.slug, c.platform from organisation o, channel c where o.id = ? and c.id = ?")) {
				query.setObject(1, UUID.fromString(organisationId));
				query.setObject(2, UUID.fromString(channelId));
				try (ResultSet row = query.executeQuery()) {
					row.next();
					slug = row.getString(1);
					platform = row.getString(2);
				}
			}
			try (PreparedStatement post = db.prepareStatement(
					"insert into post (id, organisation_id, title, body, link, slug, created_by, created_at, shared) "
							+ "values (?, ?, ?, ?, null, ?, 'admin', ?, false)");
					PreparedStatement publication = db.prepareStatement(
							"insert into publication (id, post_id, due_at, zone_id, created_by, created_at) "
									+ "values (?, ?, ?, 'Europe/Stockholm', 'admin', ?)");
					PreparedStatement delivery = db.prepareStatement(
							"insert into delivery (id, publication_id, channel_id, platform, state, due_at, attempts, "
									+ "remote_id, remote_url, error, claimed_at, finished_at, next_attempt_at) "
									+ "values (?, ?, ?, ?, 'SENT', ?, 1, ?, null, null, ?, ?, ?)")) {
				Instant start = Instant.now().minus(Duration.ofDays(400));
				for (int i = 0; i < posts; i++) {
					UUID postId = UUID.randomUUID();
					UUID publicationId = UUID.randomUUID();
					Timestamp at = Timestamp.from(start.plusSeconds(i * 300L));
					post.setObject(1, postId);
					post.setObject(2, UUID.fromString(organisationId));
					post.setString(3, "Bench post " + i + ": what changes in the schools on Monday");
					post.setString(4, "Bench post " + i
							+ ". From Monday the schools open at eight; the buses run on the winter timetable and "
							+ "the canteens serve breakfast from half past seven. Read more on our site.");
					post.setString(5, "bench-post-" + i + "-" + postId.toString().substring(0, 8));
					post.setTimestamp(6, at);
					post.addBatch();
					publication.setObject(1, publicationId);
					publication.setObject(2, postId);
					publication.setTimestamp(3, at);
					publication.setTimestamp(4, at);
					publication.addBatch();
					delivery.setObject(1, UUID.randomUUID());
					delivery.setObject(2, publicationId);
					delivery.setObject(3, UUID.fromString(channelId));
					delivery.setString(4, platform);
					delivery.setTimestamp(5, at);
					delivery.setString(6, "bench-" + i);
					delivery.setTimestamp(7, at);
					delivery.setTimestamp(8, at);
					delivery.setTimestamp(9, at);
					delivery.addBatch();
					if (i % 1000 == 999 || i == posts - 1) {
						post.executeBatch();
						publication.executeBatch();
						delivery.executeBatch();
						db.commit();
					}
				}
			}
		}
		Duration insert = Duration.between(insertStarted, Instant.now());
		try (Hub hub = Hub.start(jar, dataDir, port, List.of())) {
			Duration loadedStartUp = hub.startUp();
			// A few requests of each kind, so the heap holds what serving them needs.
			for (int i = 0; i < 20; i++) {
				hub.status("/o/" + slug);
				hub.status("/o/" + slug + "/feed.atom");
				hub.status("/o/" + slug + "/share");
				hub.get("/api/channels");
			}
			Thread.sleep(5000);
			long rss = hub.statusKb("VmRSS");
			long peak = hub.statusKb("VmHWM");
			long[] heap = hub.heapKb();
			hub.jcmd("GC.run");
			long[] afterGc = hub.heapKb();
			return new Result(posts, emptyStartUp, emptyStartUpCpu, loadedStartUp, hub.startUpCpuSeconds(), insert, rss,
					peak, heap[0], heap[1], afterGc[1]);
		}
	}

}
