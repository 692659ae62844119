package org.hubben.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.hubben.organisation.Organisation;
import org.hubben.organisation.Organisations;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Watches each organisation's own site for new articles: its RSS or Atom feed (the one a
 * person set, or the one the home page names in {@code <link rel="alternate">}) is read
 * through the guarded {@link PageFetcher}, and each article it shows for the first time
 * becomes a draft post with the article's title, summary and link, by {@link #AUTHOR}. An
 * organisation whose home site Hubben serves is not watched: its articles are Hubben
 * posts already.
 * <p>
 * Each article is remembered ({@code feed_entry}) before its draft is made, under a
 * unique key, so that two nodes or two polls never draft it twice. The first poll of a
 * feed drafts only what was published within {@link FeedProperties#firstPollWindow()}.
 * Non-blocking.
 */
@Service
@EnableConfigurationProperties(FeedProperties.class)
public class HomeSiteFeed {

	/** The author of the drafts the feed makes. */
	public static final String AUTHOR = "home-site feed";

	private static final Logger logger = LoggerFactory.getLogger(HomeSiteFeed.class);

	private static final String DEFAULT_TITLE = "New on the home site";

	private final PageFetcher fetcher;

	private final PostEditor editor;

	private final LinkCards linkCards;

	private final Organisations organisations;

	private final DatabaseClient database;

	private final FeedProperties properties;

	private final Clock clock;

	HomeSiteFeed(PageFetcher fetcher, PostEditor editor, LinkCards linkCards, Organisations organisations,
			DatabaseClient database, FeedProperties properties, Clock clock) {
		this.fetcher = fetcher;
		this.editor = editor;
		this.linkCards = linkCards;
		this.organisations = organisations;
		this.database = database;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Polls the feed of every organisation with a site of its own, one after the other;
	 * nothing when {@link FeedProperties#enabled()} is off.
	 * @return each poll's outcome; a feed that cannot be read is an outcome with its
	 * reason, not an error
	 */
	public Flux<FeedPoll> pollAll() {
		if (!this.properties.enabled()) {
			return Flux.empty();
		}
		return this.organisations.findWithOwnSite().concatMap(this::poll);
	}

	/**
	 * Polls one organisation's feed now, and remembers how it went.
	 * @return the outcome; an organisation whose home site Hubben serves gets an outcome
	 * that says there is nothing to watch. Empty when there is no such organisation
	 */
	public Mono<FeedPoll> poll(UUID organisationId) {
		return this.organisations.findById(organisationId).flatMap(this::poll);
	}

	private Mono<FeedPoll> poll(Organisation organisation) {
		Instant now = this.clock.instant();
		if (organisation.homeSiteUrl() == null) {
			return record(new FeedPoll(organisation.id(), null, now, 0, 0,
					"Hubben serves your home site, so its articles are Hubben posts already: there is no feed to watch"),
					null);
		}
		Mono<String> feedUrl = (organisation.feedUrl() != null) ? Mono.just(organisation.feedUrl())
				: discover(organisation.homeSiteUrl());
		return feedUrl
			.flatMap((url) -> read(url)
				.flatMap((entries) -> lastReadFeed(organisation.id()).map((last) -> !last.equals(url))
					.defaultIfEmpty(true)
					.flatMap((first) -> draft(organisation, entries, first, now))
					.flatMap((drafted) -> record(
							new FeedPoll(organisation.id(), url, now, entries.size(), drafted, null), url)))
				.onErrorResume(FeedUnreadable.class,
						(ex) -> record(new FeedPoll(organisation.id(), url, now, 0, 0, ex.getMessage()), null)))
			.onErrorResume(FeedUnreadable.class,
					(ex) -> record(new FeedPoll(organisation.id(), null, now, 0, 0, ex.getMessage()), null));
	}

	/**
	 * @return the feed the home page names in {@code <link rel="alternate">}, or the home
	 * site's address when it is itself a feed; a {@link FeedUnreadable} error when it
	 * names none or cannot be read
	 */
	private Mono<String> discover(String homeSiteUrl) {
		return fetch(homeSiteUrl, "Your home site " + homeSiteUrl).flatMap((page) -> {
			if (page.feed()) {
				return Mono.just(homeSiteUrl);
			}
			if (!page.html()) {
				return Mono.error(
						new FeedUnreadable("Your home site " + homeSiteUrl + " is served as " + kind(page.contentType())
								+ ", not as a web page that names its feed; give the feed's address"));
			}
			return Mono.fromCallable(() -> alternateFeed(page))
				.subscribeOn(Schedulers.parallel())
				.flatMap((found) -> found.map(Mono::just)
					.orElseGet(() -> Mono.error(new FeedUnreadable("Your home site " + homeSiteUrl
							+ " names no RSS or Atom feed (<link rel=\"alternate\" type=\"application/rss+xml\">); "
							+ "give the feed's address"))));
		});
	}

	static java.util.Optional<String> alternateFeed(FetchedPage page) {
		Document document;
		try {
			document = Jsoup.parse(new ByteArrayInputStream(page.body()), null, page.url().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (Element link : document.select("link[rel][type][href]")) {
			List<String> rel = List.of(link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+"));
			String type = link.attr("type").strip().toLowerCase(Locale.ROOT);
			if (rel.contains("alternate")
					&& (type.equals("application/rss+xml") || type.equals("application/atom+xml"))) {
				String href = link.absUrl("href");
				if (href.startsWith("http://") || href.startsWith("https://")) {
					return java.util.Optional.of(href);
				}
			}
		}
		return java.util.Optional.empty();
	}

	private Mono<List<FeedEntry>> read(String feedUrl) {
		String what = "The feed " + feedUrl;
		return fetch(feedUrl, what).flatMap((page) -> {
			if (!page.feed()) {
				return Mono.error(new FeedUnreadable(what + " is served as " + kind(page.contentType())
						+ ", not as RSS or Atom; check the feed's address"));
			}
			return Mono.fromCallable(() -> FeedEntries.read(page.body(), page.url()))
				// Parsing up to a megabyte of XML would hold up the connection's event
				// loop.
				.subscribeOn(Schedulers.parallel())
				.onErrorMap(FeedEntries.NotAFeed.class, (ex) -> new FeedUnreadable(what
						+ " cannot be read as RSS or Atom: " + ex.getMessage()
						+ (page.truncated()
								? " (it is longer than " + PageFetcher.SIZE_LIMIT / 1024 + " KB, the most Hubben reads)"
								: "")));
		});
	}

	private Mono<FetchedPage> fetch(String url, String what) {
		FetchTarget target;
		try {
			target = this.fetcher.target(url);
		}
		catch (InvalidLink ex) {
			return Mono.error(new FeedUnreadable(what + " cannot be read: " + ex.getMessage()));
		}
		return this.fetcher.fetch(target)
			.onErrorMap(PageUnreachable.class,
					(ex) -> new FeedUnreadable(what + " could not be read: " + ex.getMessage()))
			.onErrorMap(InvalidLink.class, (ex) -> new FeedUnreadable(what + " cannot be read: " + ex.getMessage()));
	}

	private static String kind(String contentType) {
		return (contentType != null) ? contentType.split(";", 2)[0].strip() : "something without a content type";
	}

	/**
	 * Remembers each entry and drafts those that are new, oldest first, so that the
	 * newest article is the newest draft.
	 * @return how many drafts were made
	 */
	private Mono<Integer> draft(Organisation organisation, List<FeedEntry> entries, boolean firstPoll, Instant now) {
		Instant windowStart = now.minus(this.properties.firstPollWindow());
		List<FeedEntry> oldestFirst = new ArrayList<>(entries);
		Collections.reverse(oldestFirst);
		return Flux.fromIterable(oldestFirst)
			.concatMap((entry) -> remember(organisation.id(), entry, now).flatMap((isNew) -> {
				if (!isNew) {
					return Mono.just(0);
				}
				if (firstPoll && (entry.publishedAt() == null || entry.publishedAt().isBefore(windowStart))) {
					return Mono.just(0);
				}
				return draftOf(organisation, entry);
			}))
			.reduce(0, Integer::sum);
	}

	/**
	 * @return whether the entry is new: this call remembered it; {@code false} when
	 * another poll or node did first
	 */
	private Mono<Boolean> remember(UUID organisationId, FeedEntry entry, Instant now) {
		DatabaseClient.GenericExecuteSpec insert = this.database
			.sql("insert into feed_entry (organisation_id, guid, published_at, seen_at) "
					+ "values (:organisation, :guid, :publishedAt, :seenAt)")
			.bind("organisation", organisationId)
			.bind("guid", entry.guid())
			.bind("seenAt", now);
		insert = (entry.publishedAt() != null) ? insert.bind("publishedAt", entry.publishedAt())
				: insert.bindNull("publishedAt", Instant.class);
		return insert.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0)
			.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.just(false));
	}

	/**
	 * @return 1 when the entry became a draft; 0 when its draft could not be made (the
	 * entry stays remembered, so it is not tried again every poll)
	 */
	private Mono<Integer> draftOf(Organisation organisation, FeedEntry entry) {
		PostDraft draft = draftFor(entry);
		return this.editor.compose(draft, organisation.id(), AUTHOR)
			.flatMap((composed) -> this.database
				.sql("update feed_entry set post_id = :post where organisation_id = :organisation and guid = :guid")
				.bind("post", composed.post().id())
				.bind("organisation", organisation.id())
				.bind("guid", entry.guid())
				.fetch()
				.rowsUpdated()
				.then(warmCard(entry.link()))
				.thenReturn(1))
			.onErrorResume(InvalidPost.class, (ex) -> {
				logger.warn("An article of the home-site feed of organisation {} could not become a draft: {}",
						organisation.id(), ex.errors());
				return Mono.just(0);
			});
	}

	/** Fetches the article's card now, so that the draft's editor shows it at once. */
	private Mono<Void> warmCard(String link) {
		if (link == null) {
			return Mono.empty();
		}
		return this.linkCards.card(link).onErrorResume((ex) -> Mono.empty()).then();
	}

	static PostDraft draftFor(FeedEntry entry) {
		String title = entry.title().isBlank() ? DEFAULT_TITLE : entry.title();
		if (title.length() > PostEditor.TITLE_MAX) {
			int space = title.lastIndexOf(' ', PostEditor.TITLE_MAX - 1);
			title = title.substring(0, (space > PostEditor.TITLE_MAX / 2) ? space : PostEditor.TITLE_MAX - 1).strip()
					+ "…";
		}
		String text = entry.summary().isBlank() ? title : entry.summary();
		return new PostDraft(title, text, null, entry.link(), null, null, false);
	}

	private Mono<String> lastReadFeed(UUID organisationId) {
		return this.database.sql("select read_feed_url from feed_poll where organisation_id = :organisation")
			.bind("organisation", organisationId)
			.map((row) -> java.util.Optional.ofNullable(row.get("read_feed_url", String.class)))
			.one()
			.flatMap(Mono::justOrEmpty);
	}

	/**
	 * Keeps the poll's outcome as the organisation's last.
	 * @param readFeedUrl the feed read successfully, or {@code null} to keep the one
	 * before
	 */
	private Mono<FeedPoll> record(FeedPoll poll, String readFeedUrl) {
		Mono<Long> update = bind(this.database.sql("update feed_poll set feed_url = :feedUrl, "
				+ "read_feed_url = coalesce(:readFeedUrl, read_feed_url), polled_at = :polledAt, "
				+ "entries_read = :entriesRead, drafts_made = :draftsMade, error = :error "
				+ "where organisation_id = :organisation"), poll, readFeedUrl)
			.fetch()
			.rowsUpdated();
		Mono<Long> insert = bind(this.database
			.sql("insert into feed_poll (organisation_id, feed_url, read_feed_url, polled_at, entries_read, "
					+ "drafts_made, error) values (:organisation, :feedUrl, :readFeedUrl, :polledAt, :entriesRead, "
					+ ":draftsMade, :error)"),
				poll, readFeedUrl)
			.fetch()
			.rowsUpdated();
		return update
			.flatMap((rows) -> (rows > 0) ? Mono.just(rows)
					: insert.onErrorResume(DataIntegrityViolationException.class, (ex) -> update))
			.thenReturn(poll)
			.doOnNext((done) -> {
				if (done.failed()) {
					logger.info("Home-site feed of organisation {} not read: {}", done.organisationId(), done.error());
				}
				else if (done.draftsMade() > 0) {
					logger.info("Home-site feed of organisation {}: {} new drafts", done.organisationId(),
							done.draftsMade());
				}
			});
	}

	private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, FeedPoll poll,
			String readFeedUrl) {
		spec = spec.bind("organisation", poll.organisationId())
			.bind("polledAt", poll.polledAt())
			.bind("entriesRead", poll.entriesRead())
			.bind("draftsMade", poll.draftsMade());
		spec = (poll.feedUrl() != null) ? spec.bind("feedUrl", poll.feedUrl()) : spec.bindNull("feedUrl", String.class);
		spec = (readFeedUrl != null) ? spec.bind("readFeedUrl", readFeedUrl)
				: spec.bindNull("readFeedUrl", String.class);
		return (poll.error() != null) ? spec.bind("error", truncate(poll.error()))
				: spec.bindNull("error", String.class);
	}

	private static String truncate(String text) {
		return (text.length() > 2000) ? text.substring(0, 1999) + "…" : text;
	}

	/**
	 * @return the organisation's feed settings and its last poll; empty when there is no
	 * such organisation
	 */
	public Mono<FeedStatus> status(UUID organisationId) {
		return this.organisations.findById(organisationId)
			.flatMap((organisation) -> this.database
				.sql("select * from feed_poll where organisation_id = :organisation")
				.bind("organisation", organisationId)
				.map((row) -> new FeedPoll(organisationId, row.get("feed_url", String.class),
						instant(row.get("polled_at")), row.get("entries_read", Integer.class),
						row.get("drafts_made", Integer.class), row.get("error", String.class)))
				.one()
				.map(java.util.Optional::of)
				.defaultIfEmpty(java.util.Optional.empty())
				.map((last) -> new FeedStatus(organisation.homeSiteUrl(), organisation.feedUrl(), last.orElse(null))));
	}

	/**
	 * Sets the feed to watch.
	 * @param feedUrl an absolute http(s) address; blank or {@code null} to discover the
	 * feed on the home site
	 * @return when it is set; an {@link InvalidLink} error when the address is not one
	 * Hubben fetches
	 */
	public Mono<Void> changeFeedUrl(UUID organisationId, String feedUrl) {
		return Mono.defer(() -> {
			String url = (feedUrl == null || feedUrl.isBlank()) ? null : feedUrl.strip();
			if (url != null) {
				this.fetcher.target(url);
			}
			return this.organisations.changeFeedUrl(organisationId, url).then();
		});
	}

	private static Instant instant(Object value) {
		if (value instanceof java.time.OffsetDateTime offset) {
			return offset.toInstant();
		}
		if (value instanceof java.time.ZonedDateTime zoned) {
			return zoned.toInstant();
		}
		return (value instanceof Instant instant) ? instant : null;
	}

	/** Why a feed could not be read, in words a person can act on. */
	static final class FeedUnreadable extends RuntimeException {

		FeedUnreadable(String message) {
			super(message);
		}

	}

}
