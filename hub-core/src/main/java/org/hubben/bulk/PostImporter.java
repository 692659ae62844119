package org.hubben.bulk;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hubben.approval.ApprovalRules;
import org.hubben.approval.Approvals;
import org.hubben.connector.Platform;
import org.hubben.content.InvalidPost;
import org.hubben.content.PostDraft;
import org.hubben.content.PostEditor;
import org.hubben.content.Variant;
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
 * order; {@code link}, {@code at} and {@code zone} may be left out. Every row is first
 * checked without saving anything (the post's fields by the {@link PostEditor}'s rules,
 * the channels, the time, and what each channel's platform would receive, as a preview);
 * only when every row passes are they composed and scheduled by the {@link PostEditor}
 * and the {@link Publisher} (submitted for approval instead, by {@link Approvals}, where
 * the organisation requires approval), in one transaction that a row refused at that
 * point (the channels changed meanwhile) rolls back. So an import saves everything or
 * nothing. Non-blocking.
 */
@Service
public class PostImporter {

	/** The most rows one import takes. */
	public static final int MAX_ROWS = 1_000;

	static final List<String> COLUMNS = List.of("title", "text", "link", "channels", "at", "zone");

	/** As the publisher's: a time a moment ago is read as now. */
	private static final Duration PAST_TOLERANCE = Duration.ofMinutes(1);

	private static final Set<String> REQUIRED = Set.of("title", "text", "channels");

	private final PostEditor editor;

	private final Publisher publisher;

	private final Channels channels;

	private final TransactionalOperator transactions;

	private final Clock clock;

	private final ApprovalRules approvalRules;

	private final Approvals approvals;

	PostImporter(PostEditor editor, Publisher publisher, Channels channels, TransactionalOperator transactions,
			Clock clock, ApprovalRules approvalRules, Approvals approvals) {
		this.approvalRules = approvalRules;
		this.approvals = approvals;
		this.editor = editor;
		this.publisher = publisher;
		this.channels = channels;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * @param member who imports: the posts are theirs and their organisation's
	 * @param csv the file's text
	 * @param factsChecked whether the person went through the fact checklist of every
	 * post in the file; a post that states facts (figures, dates, quotes, sources) is
	 * refused without it, as the compose form refuses it
	 * @return one entry per row, in file order; an {@link ImportRefused} error listing
	 * every bad row (or the file's problem, as row 0) when anything is wrong, in which
	 * case nothing was saved
	 */
	public Mono<List<ImportedPost>> importCsv(Member member, String csv, boolean factsChecked) {
		return Mono.defer(() -> {
			List<Row> rows = parse(csv);
			return this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(member.organisationId())
				.collectList()
				.flatMap((available) -> Flux.fromIterable(rows)
					.concatMap((row) -> check(member, row, available))
					.collectList()
					.flatMap((checked) -> {
						List<RowProblem> problems = checked.stream()
							.filter((row) -> !row.errors().isEmpty())
							.map((row) -> new RowProblem(row.number(), row.errors()))
							.toList();
						if (!problems.isEmpty()) {
							// Nothing was saved: no post, no timer, no event.
							return Mono.<List<ImportedPost>>error(new ImportRefused(problems));
						}
						return save(member, checked, factsChecked);
					}));
		});
	}

	/**
	 * Checks a row without saving anything: the post's fields, the channels, the time,
	 * and what each chosen channel's platform would receive of it.
	 */
	private Mono<Checked> check(Member member, Row row, List<Channel> available) {
		Map<String, String> errors = new LinkedHashMap<>();
		List<Channel> chosen = channels(row.value("channels"), available, errors);
		Instant at = at(row.value("at"), row.value("zone"), errors);
		String zone = blankToNull(row.value("zone"));
		PostDraft draft = new PostDraft(row.value("title"), row.value("text"), null, blankToNull(row.value("link")),
				null, null, false);
		errors.putAll(columns(this.editor.problems(draft)));
		if (at != null && at.isBefore(this.clock.instant().minus(PAST_TOLERANCE))) {
			errors.putIfAbsent("at",
					"This time has passed; choose a time from now on, or leave it empty to publish now");
		}
		List<UUID> channelIds = chosen.stream().map(Channel::id).collect(Collectors.toCollection(ArrayList::new));
		if (!errors.isEmpty()) {
			return Mono.just(new Checked(row.number(), draft, channelIds, at, zone, errors));
		}
		return this.editor.preview(draft, member.organisationId()).map((preview) -> {
			List<String> refusals = chosen.stream().flatMap((channel) -> {
				Variant variant = preview.variants().get(channel.platform());
				if (variant == null) {
					return Stream
						.of(channel.name() + ": Hubben has no " + channel.platform().displayName() + " connector yet");
				}
				return variant.publishable() ? Stream.empty()
						: Stream.of(channel.name() + ": " + String.join("; ", variant.problems()));
			}).toList();
			if (!refusals.isEmpty()) {
				errors.put("channels", String.join("; ", refusals));
			}
			return new Checked(row.number(), draft, channelIds, at, zone, errors);
		}).onErrorResume(InvalidPost.class, (ex) -> {
			errors.putAll(columns(ex.errors()));
			return Mono.just(new Checked(row.number(), draft, channelIds, at, zone, errors));
		});
	}

	/**
	 * Composes and schedules every checked row in one transaction. A row refused now
	 * (something changed since it was checked) rolls every row back.
	 */
	private Mono<List<ImportedPost>> save(Member member, List<Checked> rows, boolean factsChecked) {
		return this.approvalRules.required(member.organisationId())
			.flatMapMany((approvalRequired) -> Flux.fromIterable(rows)
				.concatMap((row) -> this.editor.compose(row.draft(), member.organisationId(), member.username())
					.flatMap((composed) -> {
						PublicationRequest request = new PublicationRequest(row.channelIds(), row.at(), row.zone(),
								false, factsChecked);
						if (approvalRequired) {
							return this.approvals.submit(member, composed.post().id(), request)
								.map((submission) -> new ImportedPost(row.number(), composed.post().id(), null,
										row.at(), row.channelIds().size(), submission.id()));
						}
						return this.publisher.schedule(composed.post().id(), request, member.username())
							.map((view) -> new ImportedPost(row.number(), composed.post().id(), view.publication().id(),
									view.publication().dueAt(), view.deliveries().size(), null));
					})
					.onErrorMap(InvalidPost.class,
							(ex) -> new ImportRefused(List.of(new RowProblem(row.number(), columns(ex.errors())))))
					.onErrorMap(InvalidPublication.class,
							(ex) -> new ImportRefused(List.of(new RowProblem(row.number(), columns(ex.errors())))))))
			.collectList()
			.as(this.transactions::transactional);
	}

	/** The API's field names mapped to the file's columns. */
	private static Map<String, String> columns(Map<String, String> errors) {
		Map<String, String> columns = new LinkedHashMap<>();
		errors.forEach((field, message) -> columns.merge(field.equals("channelIds") ? "channels" : field, message,
				(first, second) -> first + "; " + second));
		return columns;
	}

	private static List<Channel> channels(String column, List<Channel> available, Map<String, String> errors) {
		if (column == null || column.isBlank()) {
			errors.put("channels", "Name at least one channel: a platform id (x, facebook, youtube, flickr) or a "
					+ "channel's name, separated by ;");
			return List.of();
		}
		Set<Channel> chosen = new LinkedHashSet<>();
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
			chosen.addAll(matching);
		}
		if (!unknown.isEmpty()) {
			errors.put("channels", "Your organisation has no channel or platform named " + String.join(", ", unknown));
		}
		else if (chosen.isEmpty()) {
			errors.put("channels", "Name at least one channel");
		}
		return List.copyOf(chosen);
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

	/**
	 * A row checked; {@code channelIds} is mutable, since the publisher asks whether it
	 * contains {@code null}, which {@link List#of} refuses.
	 */
	private record Checked(int number, PostDraft draft, List<UUID> channelIds, Instant at, String zone,
			Map<String, String> errors) {

	}

}
