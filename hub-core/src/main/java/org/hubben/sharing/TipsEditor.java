package org.hubben.sharing;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/** Reads and saves the tips each organisation writes for its supporters. */
@Service
public class TipsEditor {

	static final int TEXT_MAX = 20_000;

	private final DatabaseClient database;

	private final Clock clock;

	TipsEditor(DatabaseClient database, Clock clock) {
		this.database = database;
		this.clock = clock;
	}

	/**
	 * @return the organisation's tips; empty when it wrote none, so Hubben's default
	 * applies
	 */
	public Mono<ShareTips> of(UUID organisationId) {
		return this.database
			.sql("select organisation_id, text_sv, text_en, updated_by, updated_at from share_tips "
					+ "where organisation_id = :organisation")
			.bind("organisation", organisationId)
			.map((row, metadata) -> new ShareTips(row.get("organisation_id", UUID.class),
					row.get("text_sv", String.class), row.get("text_en", String.class),
					row.get("updated_by", String.class), row.get("updated_at", Instant.class)))
			.one();
	}

	/**
	 * Saves an organisation's tips; a blank text means Hubben's default in that language.
	 * @return the saved tips; an {@link InvalidTips} error, by field ({@code sv},
	 * {@code en}), when a text is too long
	 */
	public Mono<ShareTips> save(UUID organisationId, String textSv, String textEn, String author) {
		return Mono.defer(() -> {
			String sv = blankToNull(textSv);
			String en = blankToNull(textEn);
			if ((sv != null && sv.length() > TEXT_MAX) || (en != null && en.length() > TEXT_MAX)) {
				return Mono.error(new InvalidTips(Map.of((sv != null && sv.length() > TEXT_MAX) ? "sv" : "en",
						"A tips text has at most " + TEXT_MAX + " characters")));
			}
			ShareTips tips = new ShareTips(organisationId, sv, en, author, this.clock.instant());
			return update(tips).flatMap((updated) -> (updated > 0) ? Mono.just(tips) : insert(tips).thenReturn(tips));
		});
	}

	/**
	 * @return a value that changes whenever any organisation's tips change
	 */
	public Mono<String> changeStamp() {
		return this.database.sql("select count(*) as texts, max(updated_at) as latest from share_tips")
			.map((row, metadata) -> row.get("texts", Number.class) + "@" + row.get("latest", Instant.class))
			.one();
	}

	private Mono<Long> update(ShareTips tips) {
		return bindAll(this.database.sql("update share_tips set text_sv = :sv, text_en = :en, updated_by = :by, "
				+ "updated_at = :at where organisation_id = :organisation"), tips)
			.fetch()
			.rowsUpdated();
	}

	private Mono<Long> insert(ShareTips tips) {
		return bindAll(this.database.sql("insert into share_tips (organisation_id, text_sv, text_en, updated_by, "
				+ "updated_at) values (:organisation, :sv, :en, :by, :at)"), tips)
			.fetch()
			.rowsUpdated();
	}

	private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, ShareTips tips) {
		spec = spec.bind("organisation", tips.organisationId())
			.bind("by", tips.updatedBy())
			.bind("at", tips.updatedAt());
		spec = (tips.textSv() != null) ? spec.bind("sv", tips.textSv()) : spec.bindNull("sv", String.class);
		return (tips.textEn() != null) ? spec.bind("en", tips.textEn()) : spec.bindNull("en", String.class);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
