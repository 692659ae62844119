package org.hubben.content;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Link previews: the card each platform will show for a link, read from the page it leads
 * to (see {@link CardReader}), fetched safely by the {@link PageFetcher}. Cards are kept
 * for {@link #CARD_LIFETIME} ({@link #UNREACHABLE_LIFETIME} when the page could not be
 * read), {@link #CARDS_KEPT} at most, so that typing a post does not fetch a page again
 * and again; requests for a page already being fetched wait for that fetch. Non-blocking
 * and thread-safe.
 */
public class LinkCards {

	static final Duration CARD_LIFETIME = Duration.ofMinutes(10);

	static final Duration UNREACHABLE_LIFETIME = Duration.ofMinutes(1);

	static final int CARDS_KEPT = 1_000;

	private final PageFetcher fetcher;

	private final AsyncCache<String, Fetched> cards = Caffeine.newBuilder()
		.maximumSize(CARDS_KEPT)
		.expireAfter(Expiry
			.<String, Fetched>creating((link, fetched) -> fetched.reached() ? CARD_LIFETIME : UNREACHABLE_LIFETIME))
		.buildAsync();

	LinkCards(PageFetcher fetcher) {
		this.fetcher = fetcher;
	}

	/**
	 * @param link an absolute http(s) URL as a person typed it
	 * @return the card of the page the link leads to; a page that cannot be read gives a
	 * card with only the link and a warning that says why, since the link may still be
	 * posted. An {@link InvalidLink} error when the link is malformed or one Hubben does
	 * not fetch (another scheme or port, an address on a private network, or a host that
	 * resolves to one); that error is not kept, every other answer is.
	 */
	public Mono<LinkCard> card(String link) {
		FetchTarget target;
		try {
			target = this.fetcher.target(link);
		}
		catch (InvalidLink ex) {
			return Mono.error(ex);
		}
		String given = link.strip();
		// Not cancelled with the caller: the fetch goes on into the cache for the next
		// keystroke, and other callers may be waiting for it.
		return Mono
			.fromFuture(() -> this.cards.get(target.uri().toString(), (key, executor) -> fetch(target).toFuture()),
					true)
			.map((fetched) -> fetched.card().withUrl(given));
	}

	private Mono<Fetched> fetch(FetchTarget target) {
		String link = target.uri().toString();
		return this.fetcher.fetch(target)
			// Parsing up to a megabyte of HTML would hold up the connection's event loop.
			.publishOn(Schedulers.parallel())
			.map((page) -> new Fetched(CardReader.read(link, page), true))
			.onErrorResume(PageUnreachable.class,
					(ex) -> Mono.just(new Fetched(
							new LinkCard(link, null, null, null, null, List.of("Hubben could not read the page: "
									+ ex.getMessage() + ". Check the link; it can still be posted")),
							false)));
	}

	private record Fetched(LinkCard card, boolean reached) {

	}

}
