package org.hubben.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

import org.hubben.connector.Capabilities;
import org.hubben.connector.Connector;
import org.hubben.connector.Connectors;
import org.hubben.connector.Platform;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.Organisations;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * X refuses the same text from several accounts, so a shared post and its adoptions must
 * each say it differently on X: an adopted post's X text must differ from its origin's
 * and from every other adoption's that is scheduled or sent on X, and an origin's from
 * its adoptions' that are. Texts are compared as X would see them alike: case, runs of
 * whitespace and links aside. Also proposes variations that pass. Every method is
 * non-blocking.
 */
@Component
public class XDuplicates {

	private static final Pattern URL = Pattern.compile("https?://\\S+");

	private static final Pattern SPACE = Pattern.compile("\\s+");

	private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

	/** What a tagged link counts on X, with the blank line before it. */
	private static final int LINK_ROOM = 25;

	private final PostEditor editor;

	private final Library library;

	private final Organisations organisations;

	private final Connectors connectors;

	private final DatabaseClient database;

	private final Channels channels;

	XDuplicates(PostEditor editor, Library library, Organisations organisations, Connectors connectors,
			DatabaseClient database, Channels channels) {
		this.channels = channels;
		this.editor = editor;
		this.library = library;
		this.organisations = organisations;
		this.connectors = connectors;
		this.database = database;
	}

	/**
	 * Why the post may not go to these channels: it goes to X with the same text as a
	 * post it is related to through the library.
	 * @param post the post to schedule
	 * @param channelIds the channels it is to go to; unknown ones are left to other
	 * checks
	 * @return the reason, for the field {@code variants.x.text}; empty when it may
	 */
	public Mono<String> refusal(Post post, List<UUID> channelIds) {
		return Flux.fromIterable(channelIds)
			.filter(Objects::nonNull)
			.concatMap(this.channels::findById)
			.any((channel) -> channel.platform() == Platform.X)
			.filter(Boolean::booleanValue)
			.flatMap((onX) -> this.editor.variantFor(post, Platform.X))
			.flatMap((variant) -> duplicate(post.id(), variant.text()));
	}

	/**
	 * Checks what X would receive of a draft of a saved post, as a person types it.
	 * @param postId the saved post the draft changes
	 * @param draft what it says now
	 * @return whether X would take it, and if not why and variations that pass; a
	 * {@link PostNotFound} error when there is no such post, an {@link InvalidPost} error
	 * for a draft {@link PostEditor#preview} refuses
	 */
	public Mono<XCheck> check(UUID postId, PostDraft draft) {
		return this.editor.find(postId)
			.flatMap((post) -> this.editor.preview(draft, post.organisationId())
				.flatMap((preview) -> Mono.justOrEmpty(preview.variants().get(Platform.X)))
				.flatMap((variant) -> duplicate(postId, variant.text())
					.flatMap((reason) -> variations(post, draftBase(draft))
						.map((suggestions) -> new XCheck(true, reason, suggestions)))
					.defaultIfEmpty(new XCheck(false, null, List.of()))));
	}

	/**
	 * @return three variations of the saved post's X text (fewer when the text is too
	 * short to vary) that differ from every X text it must differ from, each within X's
	 * limit with the link; a {@link PostNotFound} error when there is no such post
	 */
	public Mono<List<String>> variations(UUID postId) {
		return this.editor.find(postId)
			.flatMap((post) -> this.editor.draftOf(postId).flatMap((draft) -> variations(post, draftBase(draft))));
	}

	private Mono<List<String>> variations(Post post, String base) {
		return Mono.zip(this.organisations.findById(post.organisationId()), taken(post.id()).collectList())
			.map((loaded) -> propose(base, loaded.getT1(), loaded.getT2().stream().map(Taken::normalised).toList()));
	}

	/**
	 * The text X is given before its link: the X text the person wrote, or the post's.
	 */
	private static String draftBase(PostDraft draft) {
		PostDraft.VariantDraft x = draft.variants().get(Platform.X);
		if (x != null && x.text() != null && !x.text().isBlank()) {
			return URL.matcher(x.text()).replaceAll("").strip();
		}
		String text = (draft.html() != null && !draft.html().isBlank()) ? RichText.plainText(draft.html())
				: ((draft.text() != null) ? draft.text() : "");
		return URL.matcher(text).replaceAll("").strip();
	}

	private List<String> propose(String base, Organisation organisation, List<String> taken) {
		ToIntFunction<String> measure = (value) -> TextMeasure.lengthOf(value, Capabilities.TextMeasure.X_WEIGHTED);
		int room = this.connectors.forPlatform(Platform.X)
			.map(Connector::capabilities)
			.map(Capabilities::textLimit)
			.orElse(280) - LINK_ROOM;
		String name = organisation.name();
		String tag = "#" + hashtag(name);
		List<String> candidates = new ArrayList<>();
		candidates.add(prefixed(name + ": ", base, measure, room));
		candidates.add(suffixed(base, " " + tag, measure, room));
		String[] sentences = SENTENCE_END.split(base, 2);
		if (sentences.length == 2 && !sentences[1].isBlank()) {
			candidates.add(prefixed("", sentences[1].strip() + " " + sentences[0].strip(), measure, room));
		}
		candidates.add(prefixed("Here in " + name + ": ", base, measure, room));
		candidates.add(suffixed(prefixed("News for " + name + ": ", base, measure, room - measure.applyAsInt(tag) - 1),
				" " + tag, measure, room));
		Set<String> seen = new LinkedHashSet<>(taken);
		seen.add(normalised(base));
		List<String> passing = new ArrayList<>();
		for (String candidate : candidates) {
			if (passing.size() < 3 && !candidate.isBlank() && seen.add(normalised(candidate))) {
				passing.add(candidate);
			}
		}
		return passing;
	}

	private static String prefixed(String prefix, String base, ToIntFunction<String> measure, int room) {
		return prefix + Shortener.fit(base, null, measure, room - measure.applyAsInt(prefix));
	}

	private static String suffixed(String base, String suffix, ToIntFunction<String> measure, int room) {
		return Shortener.fit(base, null, measure, room - measure.applyAsInt(suffix)) + suffix;
	}

	/**
	 * The organisation's name as one hashtag: its words run together, letters and digits.
	 */
	static String hashtag(String name) {
		StringBuilder tag = new StringBuilder();
		for (String word : name.split("[^\\p{L}\\p{N}]+")) {
			if (!word.isEmpty()) {
				tag.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
		}
		return tag.isEmpty() ? "Local" : tag.toString();
	}

	/**
	 * @return the reason when the text is, for X, the same as one the post must differ
	 * from; empty when it differs from all
	 */
	private Mono<String> duplicate(UUID postId, String xText) {
		String mine = normalised(xText);
		return taken(postId).filter((taken) -> taken.normalised().equals(mine))
			.next()
			.map((taken) -> "X refuses the same text from several accounts, and this X text is the same as "
					+ taken.whose() + " (case, spaces and links aside). Write it differently for X, or use one "
					+ "of Hubben's variations");
	}

	/**
	 * @return the X texts the post must differ from: for an adoption its origin's and its
	 * fellow adoptions' that are scheduled or sent on X; for an origin its adoptions'
	 * that are
	 */
	private Flux<Taken> taken(UUID postId) {
		Flux<Taken> asAdoption = this.library.adoptionOf(postId)
			.flatMapMany((adoption) -> this.editor.find(adoption.originId())
				.flatMapMany((origin) -> textOf(origin, "the original post of ")
					.concatWith(this.library.adoptionsOf(origin.id())
						.filter((other) -> !other.equals(postId))
						.concatMap(this::takenAdoption))));
		Flux<Taken> asOrigin = this.library.adoptionsOf(postId).concatMap(this::takenAdoption);
		return asAdoption.concatWith(asOrigin);
	}

	private Flux<Taken> takenAdoption(UUID adoptedId) {
		return onX(adoptedId).filter(Boolean::booleanValue)
			.flatMap((yes) -> this.editor.find(adoptedId))
			.flatMapMany((adopted) -> textOf(adopted, "the adopted post of "));
	}

	private Mono<Taken> textOf(Post post, String whose) {
		return Mono.zip(this.editor.variantFor(post, Platform.X), this.organisations.findById(post.organisationId()))
			.map((both) -> new Taken(normalised(both.getT1().text()),
					whose + both.getT2().name() + " (\"" + post.title() + "\")"));
	}

	/**
	 * @return whether the post is scheduled or sent on X: a delivery there that was
	 * neither cancelled nor failed
	 */
	private Mono<Boolean> onX(UUID postId) {
		return this.database.sql("""
				select count(*) as n from delivery d join publication p on p.id = d.publication_id
				where p.post_id = :post and upper(d.platform) = 'X' and d.state not in ('CANCELLED', 'FAILED')
				""").bind("post", postId).map((row) -> ((Number) row.get("n")).longValue() > 0).one();
	}

	/**
	 * @return the text as X compares it here: lower case, links left out, each run of
	 * whitespace one space, the ends trimmed
	 */
	static String normalised(String text) {
		if (text == null) {
			return "";
		}
		String withoutLinks = URL.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
		return SPACE.matcher(withoutLinks).replaceAll(" ").strip();
	}

	/**
	 * What X would make of a draft.
	 *
	 * @param duplicate whether X would refuse it as the same as a related post's
	 * @param reason why, or {@code null}
	 * @param suggestions variations that pass; empty when it is not a duplicate
	 */
	public record XCheck(boolean duplicate, String reason, List<String> suggestions) {

		public XCheck {
			suggestions = List.copyOf(suggestions);
		}

	}

	private record Taken(String normalised, String whose) {

	}

}
