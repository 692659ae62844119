package org.hubben.bulk;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.hubben.bulk.ExportedPost.ExportedDelivery;
import org.hubben.bulk.ExportedPost.ExportedPublication;
import org.hubben.connector.Platform;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Exports an organisation's posts with their publications and deliveries, as a list or as
 * CSV (RFC 4180: fields with commas, quotes or line breaks quoted, quotes doubled). Reads
 * in one query; non-blocking.
 */
@Service
public class PostExporter {

	/** The CSV columns, one row per delivery (a post without any has one row). */
	public static final List<String> CSV_COLUMNS = List.of("post_id", "title", "text", "link", "slug", "created_by",
			"created_at", "publication_id", "due_at", "zone", "delivery_id", "channel_id", "channel", "platform",
			"state", "remote_id", "remote_url", "error");

	private static final String QUERY = """
			select p.id as post_id, p.title, p.body, p.link, p.slug, p.created_by, p.created_at,
			       pub.id as publication_id, pub.due_at, pub.zone_id,
			       d.id as delivery_id, d.channel_id, c.name as channel_name, d.platform, d.state, d.remote_id,
			       d.remote_url, d.error
			from post p
			left join publication pub on pub.post_id = p.id
			left join delivery d on d.publication_id = pub.id
			left join channel c on c.id = d.channel_id
			where p.organisation_id = :organisationId
			order by p.created_at, p.id, pub.due_at, pub.id, d.platform, c.name
			""";

	private final DatabaseClient database;

	PostExporter(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * @return the organisation's posts, oldest first
	 */
	public Mono<List<ExportedPost>> posts(UUID organisationId) {
		return this.database.sql(QUERY)
			.bind("organisationId", organisationId)
			.map((row, metadata) -> new Flat(row.get("post_id", UUID.class), row.get("title", String.class),
					row.get("body", String.class), row.get("link", String.class), row.get("slug", String.class),
					row.get("created_by", String.class), instant(row.get("created_at")),
					row.get("publication_id", UUID.class), instant(row.get("due_at")), row.get("zone_id", String.class),
					row.get("delivery_id", UUID.class), row.get("channel_id", UUID.class),
					row.get("channel_name", String.class), platformId(row.get("platform", String.class)),
					row.get("state", String.class), row.get("remote_id", String.class),
					row.get("remote_url", String.class), row.get("error", String.class)))
			.all()
			.collectList()
			.map(PostExporter::nest);
	}

	/**
	 * @return the posts as CSV with a header row, one row per delivery
	 */
	public static String csv(List<ExportedPost> posts) {
		StringWriter out = new StringWriter();
		CSVFormat format = CSVFormat.RFC4180.builder().setHeader(CSV_COLUMNS.toArray(String[]::new)).get();
		try (CSVPrinter printer = new CSVPrinter(out, format)) {
			for (ExportedPost post : posts) {
				List<Object> postColumns = List.of(post.id(), post.title(), post.text(), orEmpty(post.link()),
						post.slug(), post.createdBy(), post.createdAt());
				if (post.publications().stream().allMatch((publication) -> publication.deliveries().isEmpty())) {
					List<Object> row = new ArrayList<>(postColumns);
					for (int i = postColumns.size(); i < CSV_COLUMNS.size(); i++) {
						row.add("");
					}
					printer.printRecord(row);
				}
				for (ExportedPublication publication : post.publications()) {
					for (ExportedDelivery delivery : publication.deliveries()) {
						List<Object> row = new ArrayList<>(postColumns);
						row.addAll(List.of(publication.id(), publication.dueAt(), publication.zone(), delivery.id(),
								delivery.channelId(), orEmpty(delivery.channel()), delivery.platform(),
								delivery.state(), orEmpty(delivery.remoteId()), orEmpty(delivery.remoteUrl()),
								orEmpty(delivery.error())));
						printer.printRecord(row);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	private static List<ExportedPost> nest(List<Flat> rows) {
		Map<UUID, List<Flat>> byPost = new LinkedHashMap<>();
		rows.forEach((row) -> byPost.computeIfAbsent(row.postId(), (id) -> new ArrayList<>()).add(row));
		List<ExportedPost> posts = new ArrayList<>();
		byPost.forEach((postId, postRows) -> {
			Flat first = postRows.get(0);
			Map<UUID, List<Flat>> byPublication = new LinkedHashMap<>();
			postRows.stream()
				.filter((row) -> row.publicationId() != null)
				.forEach((row) -> byPublication.computeIfAbsent(row.publicationId(), (id) -> new ArrayList<>())
					.add(row));
			List<ExportedPublication> publications = byPublication.values().stream().map((publicationRows) -> {
				Flat publication = publicationRows.get(0);
				List<ExportedDelivery> deliveries = publicationRows.stream()
					.filter((row) -> row.deliveryId() != null)
					.map((row) -> new ExportedDelivery(row.deliveryId(), row.channelId(), row.channel(), row.platform(),
							row.state(), row.remoteId(), row.remoteUrl(), row.error()))
					.toList();
				return new ExportedPublication(publication.publicationId(), publication.dueAt(), publication.zone(),
						deliveries);
			}).toList();
			posts.add(new ExportedPost(postId, first.title(), first.text(), first.link(), first.slug(),
					first.createdBy(), first.createdAt(), publications));
		});
		return posts;
	}

	/** H2 and PostgreSQL answer {@code timestamptz} as {@link OffsetDateTime}. */
	private static Instant instant(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof OffsetDateTime offset) {
			return offset.toInstant();
		}
		if (value instanceof Instant instant) {
			return instant;
		}
		return OffsetDateTime.parse(value.toString()).toInstant();
	}

	/** The platform as the API names it ({@code x}), not as the database stores it. */
	private static String platformId(String stored) {
		return (stored != null) ? Platform.valueOf(stored).id() : null;
	}

	private static Object orEmpty(Object value) {
		return (value != null) ? value : "";
	}

	private record Flat(UUID postId, String title, String text, String link, String slug, String createdBy,
			Instant createdAt, UUID publicationId, Instant dueAt, String zone, UUID deliveryId, UUID channelId,
			String channel, String platform, String state, String remoteId, String remoteUrl, String error) {

	}

}
