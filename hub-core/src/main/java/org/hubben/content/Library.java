package org.hubben.content;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.hubben.media.MediaStore;
import org.hubben.organisation.Access;
import org.hubben.organisation.AccessDenied;
import org.hubben.organisation.Action;
import org.hubben.organisation.AuditLog;
import org.hubben.organisation.HomeSites;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.Organisations;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * The shared library (issue 6): the posts organisations above share, adopted into a
 * region as a copy of its own that remembers where it came from, and the centre's
 * corrections offered to each adopter, who takes or keeps them. Every method is
 * non-blocking.
 */
@Service
public class Library {

	/** The most shared posts a library lists. */
	static final int SHELF_MAX = 200;

	private final PostEditor editor;

	private final Posts posts;

	private final Organisations organisations;

	private final Access access;

	private final AuditLog auditLog;

	private final HomeSites homeSites;

	private final MediaStore mediaStore;

	private final DatabaseClient database;

	private final PostSources sources;

	private final Clock clock;

	Library(PostEditor editor, Posts posts, Organisations organisations, Access access, AuditLog auditLog,
			HomeSites homeSites, MediaStore mediaStore, DatabaseClient database, PostSources sources, Clock clock) {
		this.editor = editor;
		this.posts = posts;
		this.organisations = organisations;
		this.access = access;
		this.auditLog = auditLog;
		this.homeSites = homeSites;
		this.mediaStore = mediaStore;
		this.database = database;
		this.sources = sources;
		this.clock = clock;
	}

	/**
	 * @param member who looks
	 * @return the posts shared by every organisation above the member's, newest first, at
	 * most {@value #SHELF_MAX}, each with whether the member's organisation adopted it
	 * and whether it changed since
	 */
	public Flux<LibraryEntry> shelf(Member member) {
		return this.organisations.findById(member.organisationId())
			.flatMapMany(this.access::ancestorsOf)
			.concatMap((above) -> this.posts.findByOrganisationIdOrderByCreatedAtDesc(above.id())
				.filter(Post::shared)
				.map((post) -> Map.entry(post, above.name())))
			.sort(Comparator.comparing((Map.Entry<Post, String> entry) -> entry.getKey().createdAt()).reversed())
			.take(SHELF_MAX)
			.concatMap((entry) -> latestAdoption(entry.getKey().id(), member.organisationId())
				.flatMap(
						(adoption) -> changes(adoption, entry.getKey()).map((fields) -> new LibraryEntry(entry.getKey(),
								entry.getValue(), adoption.postId(), !fields.isEmpty())))
				.defaultIfEmpty(new LibraryEntry(entry.getKey(), entry.getValue(), null, false)));
	}

	/**
	 * Adopts a shared post: a draft of the member's organisation with the origin's title,
	 * text or HTML, edited variants, sources and media (copied into the organisation, as
	 * each organisation uses only its own), which remembers its origin.
	 * @param member who adopts
	 * @param originId the shared post
	 * @param linkTo {@code centre}: the origin's link (its own, or its home-site page);
	 * {@code own}: {@code ownLink}, or the adopter's own home-site page when blank
	 * @param ownLink the adopter's page, an http(s) link, or {@code null}
	 * @return the new post; a {@link PostNotFound} error when there is no such shared
	 * post, an {@link AccessDenied} error unless the member may adopt from the origin's
	 * organisation (it is above theirs) and compose in their own, an {@link InvalidPost}
	 * error ({@code linkTo} or {@code link}) for a bad link choice
	 */
	public Mono<ComposedPost> adopt(Member member, UUID originId, String linkTo, String ownLink) {
		return this.editor.find(originId)
			.filter(Post::shared)
			.switchIfEmpty(Mono.error(() -> new PostNotFound(originId)))
			.flatMap((origin) -> mayAdopt(member, origin)
				.flatMap((centre) -> this.access.check(member, Action.COMPOSE, member.organisationId())
					.then(adoption(member, origin, centre, linkTo, ownLink))));
	}

	private Mono<Organisation> mayAdopt(Member member, Post origin) {
		if (origin.organisationId().equals(member.organisationId())) {
			return Mono.error(new AccessDenied(Action.ADOPT, origin.organisationId(),
					"This post is already your organisation's own; adopt posts shared by an organisation above yours"));
		}
		return this.access.check(member, Action.ADOPT, origin.organisationId());
	}

	private Mono<ComposedPost> adoption(Member member, Post origin, Organisation centre, String linkTo,
			String ownLink) {
		String link;
		if ("centre".equals(linkTo)) {
			link = (origin.link() != null) ? origin.link() : this.homeSites.linkBack(centre, origin.slug()).toString();
		}
		else if ("own".equals(linkTo)) {
			link = (ownLink != null && !ownLink.isBlank()) ? ownLink.strip() : null;
		}
		else {
			return Mono.error(new InvalidPost(Map.of("linkTo",
					"Choose where the post links to: centre (the centre's page) or own (your own home-site page)")));
		}
		return Mono
			.zip(this.editor.draftOf(origin.id()), this.editor.sourcesOf(origin.id()), this.editor.mediaOf(origin.id()))
			.flatMap((loaded) -> {
				PostDraft written = loaded.getT1();
				PostDraft draft = new PostDraft(written.title(), written.text(), written.html(), link,
						written.variants(), List.of(), false, loaded.getT2());
				Map<String, String> problems = this.editor.problems(draft);
				if (!problems.isEmpty()) {
					return Mono.error(new InvalidPost(problems));
				}
				return Flux.fromIterable(loaded.getT3())
					.concatMap((media) -> this.mediaStore.copy(media, member.organisationId(), member.username()))
					.map((copy) -> copy.id())
					.collectList()
					.flatMap(
							(mediaIds) -> this.editor.compose(
									new PostDraft(draft.title(), draft.text(), draft.html(), draft.link(),
											draft.variants(), mediaIds, false, draft.sources()),
									member.organisationId(), member.username()))
					.flatMap((adopted) -> remember(adopted.post().id(), origin, loaded.getT2(), member.username())
						.then(this.auditLog.record(member.organisationId(), member.username(), "post.adopted",
								"post " + adopted.post().id(),
								"Adopted \"" + origin.title() + "\" (" + origin.id() + ") from " + centre.name()))
						.thenReturn(adopted));
			});
	}

	private Mono<Void> remember(UUID postId, Post origin, List<String> originSources, String adoptedBy) {
		Instant now = this.clock.instant();
		return bindSnapshot(this.database.sql("""
				insert into adoption (post_id, origin_post_id, adopted_by, adopted_at, origin_title, origin_body,
				  origin_body_html, origin_link, origin_sources, seen_at)
				values (:post, :origin, :by, :at, :title, :body, :html, :link, :sources, :at)
				"""), origin, originSources).bind("post", postId)
			.bind("origin", origin.id())
			.bind("by", adoptedBy)
			.bind("at", now)
			.fetch()
			.rowsUpdated()
			.then();
	}

	private static DatabaseClient.GenericExecuteSpec bindSnapshot(DatabaseClient.GenericExecuteSpec spec, Post origin,
			List<String> originSources) {
		spec = spec.bind("title", origin.title()).bind("body", origin.text());
		spec = (origin.html() != null) ? spec.bind("html", origin.html()) : spec.bindNull("html", String.class);
		spec = (origin.link() != null) ? spec.bind("link", origin.link()) : spec.bindNull("link", String.class);
		return spec.bind("sources", String.join("\n", originSources));
	}

	/**
	 * @param member who asks
	 * @param postId a post of an organisation the member sees
	 * @return how its origin changed since its adopter last looked; empty when the post
	 * is not an adoption. A {@link PostNotFound} error when there is no such post, an
	 * {@link AccessDenied} error when the member may not see it
	 */
	public Mono<OriginChanges> originChanges(Member member, UUID postId) {
		return this.editor.find(postId)
			.flatMap((post) -> this.access.check(member, Action.VIEW, post.organisationId()))
			.then(adoptionOf(postId))
			.flatMap(this::originChanges);
	}

	/**
	 * @return the adopted post's origin and how it changed; empty when the post is not an
	 * adoption. Checks no access: for pages that already did
	 */
	public Mono<OriginChanges> originChanges(UUID postId) {
		return adoptionOf(postId).flatMap(this::originChanges);
	}

	private Mono<OriginChanges> originChanges(Adoption adoption) {
		return this.editor.find(adoption.originId())
			.flatMap((origin) -> Mono
				.zip(changes(adoption, origin), this.organisations.findById(origin.organisationId()))
				.map((both) -> new OriginChanges(adoption.postId(), origin, both.getT2().name(), adoption.adoptedBy(),
						adoption.adoptedAt(), adoption.seenAt(), both.getT1())));
	}

	/**
	 * Takes the origin's changes into the adopted post: each field the origin changed
	 * since (title, text, link, sources) becomes the origin's, the others stay as the
	 * adopter has them; then what the adopter saw is the origin as it is now.
	 * @return the post as it is now; a {@link PostNotFound} error when there is no such
	 * post or it is not an adoption, an {@link AccessDenied} error unless the member
	 * composes in its organisation, a {@link RevisionRefused} error when it has gone out
	 * or is going (nothing changes then), an {@link InvalidPost} error when the changed
	 * post would not fit a platform it is scheduled on
	 */
	public Mono<ComposedPost> takeChange(Member member, UUID postId) {
		return adoptionFor(member, postId).flatMap((adoption) -> this.editor.find(adoption.originId())
			.flatMap((origin) -> changes(adoption, origin).flatMap((fields) -> {
				if (fields.isEmpty()) {
					return this.editor.composed(postId);
				}
				return this.editor.draftOf(postId)
					.map((mine) -> taken(mine, origin, fields))
					.flatMap((draft) -> this.editor.revise(postId, draft, member.organisationId()))
					.onErrorMap(RevisionRefused.class,
							(ex) -> (ex.reason() == RevisionRefused.Reason.UNDER_WAY) ? new RevisionRefused(postId,
									ex.reason(), "The centre's change cannot be taken: " + ex.getMessage()) : ex)
					.flatMap((revised) -> replacedSources(postId, fields).then(seen(adoption, origin))
						.then(this.auditLog.record(member.organisationId(), member.username(),
								"post.origin-change-taken", "post " + postId,
								"Took the changes of " + names(fields) + " from \"" + origin.title() + "\" ("
										+ origin.id() + ")"))
						.then(this.editor.composed(postId)));
			})));
	}

	/**
	 * Keeps the adopted post as it is: what the adopter saw becomes the origin as it is
	 * now, so its changes are no longer offered.
	 * @return the origin's changes as they are after that (none); the errors of
	 * {@link #takeChange} but the last two
	 */
	public Mono<OriginChanges> keepMine(Member member, UUID postId) {
		return adoptionFor(member, postId).flatMap((adoption) -> this.editor.find(adoption.originId())
			.flatMap((origin) -> changes(adoption, origin).flatMap((fields) -> seen(adoption, origin)
				.then(this.auditLog.record(member.organisationId(), member.username(), "post.origin-change-kept",
						"post " + postId, fields.isEmpty() ? "Nothing had changed" : "Kept their own " + names(fields)
								+ " over \"" + origin.title() + "\" (" + origin.id() + ")"))
				.then(originChanges(postId)))));
	}

	private Mono<Adoption> adoptionFor(Member member, UUID postId) {
		return this.editor.find(postId)
			.flatMap((post) -> this.access.check(member, Action.COMPOSE, post.organisationId()))
			.then(adoptionOf(postId))
			.switchIfEmpty(Mono.error(() -> new PostNotFound(postId)));
	}

	private static PostDraft taken(PostDraft mine, Post origin, List<OriginChanges.FieldChange> fields) {
		List<String> changed = fields.stream().map(OriginChanges.FieldChange::field).toList();
		String title = changed.contains("title") ? origin.title() : mine.title();
		boolean text = changed.contains("text");
		String plain = text ? ((origin.html() != null) ? null : origin.text()) : mine.text();
		String html = text ? origin.html() : mine.html();
		String link = changed.contains("link") ? origin.link() : mine.link();
		return new PostDraft(title, plain, html, link, mine.variants(), mine.mediaIds(), mine.shared());
	}

	private Mono<Void> replacedSources(UUID postId, List<OriginChanges.FieldChange> fields) {
		return Flux.fromIterable(fields)
			.filter((field) -> field.field().equals("sources"))
			.concatMap((field) -> this.database.sql("delete from post_source where post_id = :post")
				.bind("post", postId)
				.fetch()
				.rowsUpdated()
				.then(this.sources.record(postId, lines(field.after()))))
			.then();
	}

	private Mono<Void> seen(Adoption adoption, Post origin) {
		return this.editor.sourcesOf(origin.id())
			.flatMap((originSources) -> bindSnapshot(this.database.sql("""
					update adoption set origin_title = :title, origin_body = :body, origin_body_html = :html,
					  origin_link = :link, origin_sources = :sources, seen_at = :at
					where post_id = :post
					"""), origin, originSources).bind("at", this.clock.instant())
				.bind("post", adoption.postId())
				.fetch()
				.rowsUpdated())
			.then();
	}

	/**
	 * @return the fields of the origin that differ from what the adopter last saw, in the
	 * order title, text, link, sources
	 */
	private Mono<List<OriginChanges.FieldChange>> changes(Adoption adoption, Post origin) {
		return this.editor.sourcesOf(origin.id()).map((originSources) -> {
			List<OriginChanges.FieldChange> fields = new ArrayList<>();
			if (!Objects.equals(adoption.title(), origin.title())) {
				fields.add(new OriginChanges.FieldChange("title", adoption.title(), origin.title(), null));
			}
			if (!Objects.equals(adoption.text(), origin.text()) || !Objects.equals(adoption.html(), origin.html())) {
				fields.add(new OriginChanges.FieldChange("text", adoption.text(), origin.text(),
						WordDiff.html(adoption.text(), origin.text())));
			}
			if (!Objects.equals(adoption.link(), origin.link())) {
				fields.add(new OriginChanges.FieldChange("link", adoption.link(), origin.link(), null));
			}
			String now = String.join("\n", originSources);
			if (!adoption.sources().equals(now)) {
				fields.add(new OriginChanges.FieldChange("sources", emptyToNull(adoption.sources()), emptyToNull(now),
						null));
			}
			return fields;
		});
	}

	private static String names(List<OriginChanges.FieldChange> fields) {
		return String.join(", ", fields.stream().map(OriginChanges.FieldChange::field).toList());
	}

	private static List<String> lines(String value) {
		return (value == null || value.isEmpty()) ? List.of() : List.of(value.split("\n"));
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * @return the organisation's latest adoption of the origin; empty when it has none
	 */
	private Mono<Adoption> latestAdoption(UUID originId, UUID organisationId) {
		return this.database.sql("""
				select a.* from adoption a join post p on p.id = a.post_id
				where a.origin_post_id = :origin and p.organisation_id = :organisation
				order by a.adopted_at desc
				limit 1
				""").bind("origin", originId).bind("organisation", organisationId).map(Library::adoption).one();
	}

	/**
	 * @return what the post was adopted from; empty when it was not adopted
	 */
	Mono<Adoption> adoptionOf(UUID postId) {
		return this.database.sql("select * from adoption where post_id = :post")
			.bind("post", postId)
			.map(Library::adoption)
			.one();
	}

	/**
	 * @return whether the post was adopted from a shared one or has been adopted itself:
	 * whether its X text must differ from related posts' ({@link XDuplicates})
	 */
	public Mono<Boolean> related(UUID postId) {
		return this.database.sql("select count(*) as n from adoption where post_id = :post or origin_post_id = :post")
			.bind("post", postId)
			.map((row) -> ((Number) row.get("n")).longValue() > 0)
			.one();
	}

	/**
	 * @return the adopted posts of an origin
	 */
	Flux<UUID> adoptionsOf(UUID originId) {
		return this.database.sql("select post_id from adoption where origin_post_id = :origin order by adopted_at")
			.bind("origin", originId)
			.map((row) -> row.get("post_id", UUID.class))
			.all();
	}

	private static Adoption adoption(io.r2dbc.spi.Readable row) {
		String sources = row.get("origin_sources", String.class);
		return new Adoption(row.get("post_id", UUID.class), row.get("origin_post_id", UUID.class),
				row.get("adopted_by", String.class), instant(row.get("adopted_at")),
				row.get("origin_title", String.class), row.get("origin_body", String.class),
				row.get("origin_body_html", String.class), row.get("origin_link", String.class),
				(sources != null) ? sources : "", instant(row.get("seen_at")));
	}

	private static Instant instant(Object value) {
		if (value instanceof OffsetDateTime offset) {
			return offset.toInstant();
		}
		if (value instanceof ZonedDateTime zoned) {
			return zoned.toInstant();
		}
		return (value instanceof Instant instant) ? instant : null;
	}

	/**
	 * A post adopted from a shared one, with the origin's fields as its adopter last saw
	 * them.
	 *
	 * @param sources the origin's sources, one a line; empty for none
	 */
	record Adoption(UUID postId, UUID originId, String adoptedBy, Instant adoptedAt, String title, String text,
			String html, String link, String sources, Instant seenAt) {

	}

}
