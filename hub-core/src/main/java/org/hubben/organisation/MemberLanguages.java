package org.hubben.organisation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * The language each member chose for Hubben's pages: Swedish or English, or none, which
 * means the browser's language decides. Kept beside {@link Member} rather than in it, so
 * that choosing a language touches nothing else about the member. Non-blocking.
 */
@Service
public class MemberLanguages {

	/** The languages a member may choose, by their ISO 639 codes. */
	public static final List<String> SUPPORTED = List.of("sv", "en");

	private final DatabaseClient database;

	MemberLanguages(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * @return the member's chosen language ({@code sv} or {@code en}), an empty
	 * {@link Optional} when they chose none or there is no such member
	 */
	public Mono<Optional<String>> of(String username) {
		return this.database.sql("select language from member where username = :username")
			.bind("username", username)
			.map((row, metadata) -> Optional.ofNullable(row.get("language", String.class)))
			.one()
			.defaultIfEmpty(Optional.empty());
	}

	/**
	 * Saves the member's choice. Choosing the same language twice changes nothing.
	 * @param language {@code sv}, {@code en} (any case, surrounding space ignored), or
	 * {@code null} or blank to follow the browser
	 * @return the language as saved, empty for none; an {@link UnknownLanguage} error for
	 * any other language, a {@link java.util.NoSuchElementException} error when there is
	 * no such member
	 */
	public Mono<Optional<String>> choose(String username, String language) {
		Optional<String> chosen;
		try {
			chosen = normalised(language);
		}
		catch (UnknownLanguage ex) {
			return Mono.error(ex);
		}
		var statement = this.database.sql("update member set language = :language where username = :username")
			.bind("username", username);
		statement = chosen.isPresent() ? statement.bind("language", chosen.get())
				: statement.bindNull("language", String.class);
		return statement.fetch()
			.rowsUpdated()
			.flatMap((rows) -> (rows == 0) ? Mono.error(new java.util.NoSuchElementException("No member " + username))
					: Mono.just(chosen));
	}

	/**
	 * @return the language code Hubben keeps, empty for {@code null} or blank
	 * @throws UnknownLanguage for a language Hubben has no pages in
	 */
	public static Optional<String> normalised(String language) {
		if (language == null || language.isBlank()) {
			return Optional.empty();
		}
		String code = language.strip().toLowerCase(Locale.ROOT);
		if (!SUPPORTED.contains(code)) {
			throw new UnknownLanguage(language);
		}
		return Optional.of(code);
	}

	/** A language Hubben has no pages in. */
	public static class UnknownLanguage extends RuntimeException {

		UnknownLanguage(String language) {
			super("Hubben speaks Swedish (sv) and English (en), not " + language);
		}

	}

}
