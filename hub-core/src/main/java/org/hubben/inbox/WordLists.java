package org.hubben.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.organisation.Member;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Each organisation's word lists, Swedish and English, that flag offensive comments. An
 * organisation that never edited a list uses Hubben's default (see
 * {@link WordLanguage#defaultWords()}); a list saved as the default stays the default, so
 * later improvements to it reach the organisation. Administrators edit them; saving flags
 * the comments already in the inbox again. Non-blocking.
 */
public class WordLists {

	/** Lines in one list. */
	static final int MAX_ENTRIES = 2000;

	/** Characters in one entry. */
	static final int MAX_ENTRY_LENGTH = 100;

	private final DatabaseClient database;

	private final InboxStore store;

	private final Clock clock;

	WordLists(DatabaseClient database, InboxStore store, Clock clock) {
		this.database = database;
		this.store = store;
		this.clock = clock;
	}

	/**
	 * @return each language's list as the organisation uses it, one entry a line
	 */
	public Mono<Map<WordLanguage, String>> of(UUID organisationId) {
		return this.database.sql("select language, words from inbox_word_list where organisation_id = :organisation")
			.bind("organisation", organisationId)
			.map((row, metadata) -> Map.entry(row.get("language", String.class), row.get("words", String.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.map((stored) -> {
				Map<WordLanguage, String> lists = new EnumMap<>(WordLanguage.class);
				for (WordLanguage language : WordLanguage.values()) {
					lists.put(language, stored.getOrDefault(language.code(), language.defaultWords()));
				}
				return lists;
			});
	}

	/**
	 * @return the words that flag the organisation's comments
	 */
	public Mono<OffensiveWords> matcher(UUID organisationId) {
		return of(organisationId).map(OffensiveWords::of);
	}

	/**
	 * Saves the organisation's lists and flags its stored comments again by them.
	 * @param member who saves them: an administrator
	 * @param lists each language's list, one entry a line; a language left out keeps its
	 * list
	 * @return how many stored comments are flagged now; an {@link InboxRefused} error
	 * when the member is no administrator, an {@link InvalidWords} error when a list is
	 * too long
	 */
	public Mono<Long> save(Member member, Map<WordLanguage, String> lists) {
		if (!member.role().may(Action.MANAGE_SETTINGS, Reach.OWN)) {
			return Mono.error(new InboxRefused(InboxRefused.Reason.FORBIDDEN,
					"Only an administrator of your organisation can change the word lists"));
		}
		Map<String, String> errors = new LinkedHashMap<>();
		lists.forEach((language, list) -> {
			List<String> entries = OffensiveWords.entries((list != null) ? list : "");
			if (entries.size() > MAX_ENTRIES) {
				errors.put(language.code(), "At most " + MAX_ENTRIES + " entries in the " + language.displayName()
						+ " list; it has " + entries.size());
			}
			else {
				entries.stream()
					.filter((entry) -> entry.length() > MAX_ENTRY_LENGTH)
					.findFirst()
					.ifPresent((entry) -> errors.put(language.code(), "An entry may be at most " + MAX_ENTRY_LENGTH
							+ " characters: '" + entry.substring(0, 30) + "…' is longer"));
			}
		});
		if (!errors.isEmpty()) {
			return Mono.error(new InvalidWords(errors));
		}
		Instant now = this.clock.instant();
		return Flux.fromIterable(lists.entrySet())
			.concatMap(
					(entry) -> store(member, entry.getKey(), (entry.getValue() != null) ? entry.getValue() : "", now))
			.then(reflag(member.organisationId()));
	}

	private Mono<Void> store(Member member, WordLanguage language, String list, Instant now) {
		List<String> entries = OffensiveWords.entries(list);
		Mono<Long> delete = this.database
			.sql("delete from inbox_word_list where organisation_id = :organisation and language = :language")
			.bind("organisation", member.organisationId())
			.bind("language", language.code())
			.fetch()
			.rowsUpdated();
		if (entries.equals(OffensiveWords.entries(language.defaultWords()))) {
			return delete.then();
		}
		return delete.then(this.database
			.sql("insert into inbox_word_list (organisation_id, language, words, updated_by, updated_at) "
					+ "values (:organisation, :language, :words, :member, :now)")
			.bind("organisation", member.organisationId())
			.bind("language", language.code())
			.bind("words", String.join("\n", entries))
			.bind("member", member.username())
			.bind("now", now)
			.fetch()
			.rowsUpdated()).then();
	}

	/**
	 * Flags the organisation's stored comments again by its lists as they are now.
	 * @return how many are flagged
	 */
	Mono<Long> reflag(UUID organisationId) {
		return matcher(organisationId).flatMap((words) -> this.store.ofOrganisation(organisationId, Integer.MAX_VALUE)
			.filter((comment) -> !comment.byChannel())
			.concatMap((comment) -> {
				List<String> matched = words.matches(comment.text());
				return this.store.reflag(comment.id(), matched).thenReturn(!matched.isEmpty());
			})
			.filter(Boolean::booleanValue)
			.count());
	}

}
