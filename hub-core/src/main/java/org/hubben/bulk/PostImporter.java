package org.hubben.bulk;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hubben.connector.Platform;
import org.hubben.content.InvalidPost;
import org.hubben.content.PostDraft;
import org.hubben.content.PostEditor;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.publishing.DueTimes;
import org.hubben.publishing.InvalidPublication;
import org.hubben.publishing.PublicationRequest;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Imports scheduled posts from CSV: a header row naming the columns {@code title},
 * {@code text}, {@code link}, {@code channels} (platform ids or channel names,
 * {@code ;}-separated), {@code at} (an ISO-8601 instant, or a local date-time read in
 * {@code zone}) and {@code zone} (an IANA name; the organisation's when empty), in any
 * order; {@code link}, {@code at} and {@code zone} may be left out. Each row is composed
 * and scheduled by the {@link PostEditor} and the {@link Publisher}, so the rules are
 * those of the API; all rows are saved in one transaction, which is rolled back when any
 * row is refused, so an import saves everything or nothing. Non-blocking.
 */
@Service
public class PostImporter {

	/** The most rows one import takes. */
	public static final int MAX_ROWS = 1_000;

	static final List<String> COLUMNS = List.of("title", "text", "link", "channels", "at", "zone");

	private static final Set<String> REQUIRED = Set.of("title", "text", "channels");

	private final PostEditor editor;

	private final Publisher publisher;

	private final Channels channels;

	private final TransactionalOperator transactions;

	PostImporter(PostEditor editor, Publisher publisher, Channels channels, TransactionalOperator transactions) {
		this.editor = editor;
		this.publisher = publisher;
		this.channels = channels;
		this.transactions = transactions;
	}

	/**
	 * @param member who imports: the posts are theirs and their organisation's
	 * @param csv the file's text
	 * @return one entry per row, in file order; an {@link ImportRefused} error listing
	 * every bad row (or the file's problem, as row 0) when anything is wrong, in which
	 * case nothing was saved
	 */
	public Mono<List<ImportedPost>> importCsv(Member member, String csv) {
		return Mono.defer(() -> {
			List<Row> rows = parse(csv);
			return this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(member.organisationId())
				.collectList()
				.flatMap((available) -> Flux.fromIterable(rows)
					.concatMap((row) -> importRow(member, row, available))
					.collectList()
					.flatMap((outcomes) -> {
						List<RowProblem> problems = outcomes.stream()
							.filter((outcome) -> outcome.problem() != null)
							.map(Outcome::problem)
							.toList();
						if (!problems.isEmpty()) {
							// Rolls back the rows that were saved.
							return Mono.<List<ImportedPost>>error(new ImportRefused(problems));
						}
						return Mono.just(outcomes.stream().map(Outcome::imported).toList());
					})
					.as(this.transactions::transactional));
		});
	}

	private Mono<Outcome> importRow(Member member, Row row, List<Channel> available) {
		Map<String, String> errors = new LinkedHashMap<>();
		List<UUID> channelIds = channels(row.value("channels"), available, errors);
		Instant at = at(row.value("at"), row.value("zone"), errors);
		String zone = blankToNull(row.value("zone"));
		PostDraft draft = new PostDraft(row.value("title"), row.value("text"), null, blankToNull(row.value("link")),
				null, null, false);
		// The post's own rules first, without saving, so that a row is reported whole.
		errors.putAll(prefixed(this.editor.problems(draft)));
		if (!errors.isEmpty()) {
			return Mono.just(Outcome.refused(row.number(), errors));
		}
		return this.editor.compose(draft, member.organisationId(), member.username())
			.flatMap((composed) -> this.publisher
				.schedule(composed.post().id(), new PublicationRequest(channelIds, at, zone, false), member.username())
				.map((view) -> Outcome.imported(new ImportedPost(row.number(), composed.post().id(),
						view.publication().id(), view.publication().dueAt(), view.deliveries().size()))))
			.onErrorResume(InvalidPost.class, (ex) -> Mono.just(Outcome.refused(row.number(), prefixed(ex.errors()))))
			.onErrorResume(InvalidPublication.class,
					(ex) -> Mono.just(Outcome.refused(row.number(), prefixed(ex.errors()))));
	}

	/** The API's field names mapped to the file's columns. */
	private static Map<String, String> prefixed(Map<String, String> errors) {
		Map<String, String> columns = new LinkedHashMap<>();
		errors.forEach((field, message) -> columns.merge(field.equals("channelIds") ? "channels" : field, message,
				(first, second) -> first + "; " + second));
		return columns;
	}

	private static List<UUID> channels(String column, List<Channel> available, Map<String, String> errors) {
		if (column == null || column.isBlank()) {
			errors.put("channels", "Name at least one channel: a platform id (x, facebook, youtube, flickr) or a "
					+ "channel's name, separated by ;");
			return List.of();
		}
		Set<UUID> chosen = new LinkedHashSet<>();
		List<String> unknown = new ArrayList<>();
		for (String token : column.split(";")) {
			String wanted = token.strip();
			if (wanted.isEmpty()) {
				continue;
			}
			Optional<Platform> platform = Platform.byId(wanted.toLowerCase(Locale.ROOT));
			List<Channel> matching = available.stream()
				.filter((channel) -> platform.map((p) -> channel.platform() == p).orElse(false)
						|| channel.name().equalsIgnoreCase(wanted))
				.toList();
			if (matching.isEmpty()) {
				unknown.add(wanted);
			}
			matching.forEach((channel) -> chosen.add(channel.id()));
		}
		if (!unknown.isEmpty()) {
			errors.put("channels", "Your organisation has no channel or platform named " + String.join(", ", unknown));
		}
		else if (chosen.isEmpty()) {
			errors.put("channels", "Name at least one channel");
		}
		// Mutable: the publisher asks whether it contains null, which List.of refuses.
		return new ArrayList<>(chosen);
	}

	private static Instant at(String at, String zone, Map<String, String> errors) {
		ZoneId zoneId = null;
		if (zone != null && !zone.isBlank()) {
			try {
				zoneId = DueTimes.zone(zone.strip());
			}
			catch (InvalidPublication ex) {
				errors.putAll(ex.errors());
				return null;
			}
		}
		if (at == null || at.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(at.strip()).toInstant();
		}
		catch (DateTimeParseException notWithOffset) {
			try {
				LocalDateTime local = LocalDateTime.parse(at.strip());
				if (zoneId == null) {
					errors.put("at",
							"A time without an offset needs a zone, e.g. Europe/Stockholm, in the zone column");
					return null;
				}
				return DueTimes.resolve(local, zoneId);
			}
			catch (DateTimeParseException ex) {
				errors.put("at", "'" + at.strip() + "' is not an ISO-8601 time such as 2026-05-01T08:00:00Z or "
						+ "2026-05-01T10:00 with a zone");
			}
			catch (InvalidPublication ex) {
				errors.putAll(ex.errors());
			}
			catch (DateTimeException ex) {
				errors.put("at", ex.getMessage());
			}
			return null;
		}
	}

	private static List<Row> parse(String csv) {
		CSVFormat format = CSVFormat.RFC4180.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.setIgnoreEmptyLines(true)
			.setTrim(false)
			.get();
		String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
		try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
			Map<String, Integer> header = new LinkedHashMap<>();
			parser.getHeaderMap().forEach((name, index) -> header.put(name.strip().toLowerCase(Locale.ROOT), index));
			List<String> missing = COLUMNS.stream()
				.filter(REQUIRED::contains)
				.filter((column) -> !header.containsKey(column))
				.toList();
			List<String> extra = header.keySet().stream().filter((column) -> !COLUMNS.contains(column)).toList();
			if (header.isEmpty() || !missing.isEmpty() || !extra.isEmpty()) {
				throw fileProblem("The first row must name the columns " + String.join(", ", COLUMNS)
						+ (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
						+ (extra.isEmpty() ? "" : "; unknown: " + String.join(", ", extra)));
			}
			List<Row> rows = new ArrayList<>();
			for (CSVRecord record : parser) {
				if (rows.size() == MAX_ROWS) {
					throw fileProblem("An import takes at most " + MAX_ROWS + " rows; split the file");
				}
				Map<String, String> values = new LinkedHashMap<>();
				header
					.forEach((column, index) -> values.put(column, (index < record.size()) ? record.get(index) : null));
				rows.add(new Row(rows.size() + 1, values));
			}
			if (rows.isEmpty()) {
				throw fileProblem("The file has a header but no rows");
			}
			return rows;
		}
		catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException ex) {
			throw fileProblem("The file is not valid CSV: " + ex.getMessage());
		}
	}

	private static ImportRefused fileProblem(String message) {
		return new ImportRefused(List.of(new RowProblem(0, Map.of("file", message))));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private record Row(int number, Map<String, String> values) {

		String value(String column) {
			return this.values.get(column);
		}

	}

	private record Outcome(ImportedPost imported, RowProblem problem) {

		static Outcome imported(ImportedPost imported) {
			return new Outcome(imported, null);
		}

		static Outcome refused(int row, Map<String, String> errors) {
			return new Outcome(null, new RowProblem(row, errors));
		}

	}

}
