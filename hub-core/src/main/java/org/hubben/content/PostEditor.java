package org.hubben.content;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hubben.connector.Capabilities;
import org.hubben.connector.Connector;
import org.hubben.connector.Connectors;
import org.hubben.connector.Platform;
import org.hubben.media.MediaFile;
import org.hubben.organisation.HomeSites;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.Organisations;
import org.hubben.organisation.Slugs;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Composes posts and derives what each platform receives. A post is checked against every
 * platform's {@link Capabilities} here, when it is composed, so nothing is refused for a
 * reason known in advance when it fires.
 */
@Service
public class PostEditor {

	static final int TITLE_MAX = 300;

	static final int TEXT_MAX = 20_000;

	static final int LINK_MAX = 2_000;

	static final int MEDIA_MAX = 20;

	static final int HTML_MAX = 60_000;

	static final int SOURCES_MAX = 20;

	private final Posts posts;

	private final PostVariants variants;

	private final Organisations organisations;

	private final Connectors connectors;

	private final PostAttachments attachments;

	private final R2dbcEntityTemplate template;

	private final TransactionalOperator transactions;

	private final Clock clock;

	private final HomeSites homeSites;

	private final ApplicationEventPublisher events;

	private final DatabaseClient database;

	private final PostSources sources;

	PostEditor(Posts posts, PostVariants variants, Organisations organisations, Connectors connectors,
			PostAttachments attachments, R2dbcEntityTemplate template, TransactionalOperator transactions, Clock clock,
			HomeSites homeSites, ApplicationEventPublisher events, DatabaseClient database, PostSources sources) {
		this.sources = sources;
		this.posts = posts;
		this.variants = variants;
		this.organisations = organisations;
		this.connectors = connectors;
		this.attachments = attachments;
		this.template = template;
		this.transactions = transactions;
		this.clock = clock;
		this.homeSites = homeSites;
		this.events = events;
		this.database = database;
	}

	/**
	 * Composes a post for an organisation.
	 * @param draft what the person wrote
	 * @param organisationId the organisation that speaks
	 * @param author the author's username
	 * @return the post with its variants and media; an {@link InvalidPost} error, with a
	 * reason per field, when the draft cannot be saved (among them {@code mediaIds} when
	 * a medium does not exist or belongs to another organisation). Variants that a
	 * platform would refuse, for their text or their media, are saved and reported in
	 * {@link Variant#problems()}.
	 */
	public Mono<ComposedPost> compose(PostDraft draft, UUID organisationId, String author) {
		return Mono.defer(() -> {
			Map<String, String> errors = validate(draft, true);
			return checkedMedia(draft, organisationId, errors)
				.flatMap((found) -> save(draft, organisationId, author, found));
		});
	}

	/**
	 * Changes a post that has not gone out: its title, text or HTML, link, edited
	 * variants, media, sharing and sources, checked as {@link #compose} checks them. Its
	 * author, creation time and slug stay; the variants and media are replaced by the
	 * draft's. Deliveries still pending send the post as it is when they are claimed.
	 * @param postId the post
	 * @param draft what it says from now on
	 * @param organisationId the organisation of whom asks
	 * @return the post with its variants and media; a {@link PostNotFound} error when
	 * there is no such post, an {@link InvalidPost} error (a reason per field) for a
	 * draft that {@link #compose} would refuse, a {@link RevisionRefused} error when the
	 * post is another organisation's or one of its deliveries has left {@code PENDING} (a
	 * cancelled one has not: it never goes out)
	 */
	public Mono<ComposedPost> revise(UUID postId, PostDraft draft, UUID organisationId) {
		return find(postId).flatMap((current) -> {
			if (!current.organisationId().equals(organisationId)) {
				return Mono.error(new RevisionRefused(postId, RevisionRefused.Reason.OTHER_ORGANISATION,
						"The post belongs to another organisation; only its own members can change it"));
			}
			return underWay(postId).flatMap((states) -> {
				if (!states.isEmpty()) {
					return Mono.<ComposedPost>error(new RevisionRefused(postId, RevisionRefused.Reason.UNDER_WAY,
							"The post has gone out, or is going out, on " + String.join(", ", states)
									+ "; it can no longer be changed. Compose a new post instead"));
				}
				Map<String, String> errors = validate(draft, true);
				return checkedMedia(draft, organisationId, errors).flatMap((found) -> replace(current, draft, found));
			});
		});
	}

	/**
	 * Saves a draft as a person writes it, under the id the compose page chose for it:
	 * creates the post when there is none with that id, otherwise replaces it. An
	 * unfinished draft (no title or no text yet) is saved; scheduling refuses it until it
	 * is complete. Repeating a save changes nothing more, so a page that sends it twice
	 * (a retry, a save as the page closes) never makes two drafts.
	 * @param postId the draft's id, chosen by the caller
	 * @param draft what the person has written so far
	 * @param organisationId the organisation of whom writes
	 * @param author their username, recorded when the draft is created
	 * @return the draft, and whether this save created it; an {@link InvalidPost} error
	 * (a reason per field) for input {@link #preview} would refuse, a
	 * {@link RevisionRefused} error when the post is another organisation's
	 * ({@code OTHER_ORGANISATION}) or already scheduled ({@code SCHEDULED}: it is no
	 * longer a draft)
	 */
	public Mono<SavedDraft> saveDraft(UUID postId, PostDraft draft, UUID organisationId, String author) {
		return this.posts.findById(postId).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((current) -> {
			if (current.isPresent() && !current.get().organisationId().equals(organisationId)) {
				return Mono.error(new RevisionRefused(postId, RevisionRefused.Reason.OTHER_ORGANISATION,
						"The post belongs to another organisation; only its own members can change it"));
			}
			Map<String, String> errors = validate(draft, false);
			return checkedMedia(draft, organisationId, errors).flatMap((media) -> current
				.map((post) -> scheduled(postId).flatMap((scheduled) -> scheduled
						? Mono.<SavedDraft>error(new RevisionRefused(postId, RevisionRefused.Reason.SCHEDULED,
								"The post is scheduled, so it is no longer saved as you type; "
										+ "save your changes with the form's buttons"))
						: replace(retitled(post, draft), draft, media).map((saved) -> new SavedDraft(saved, false))))
				.orElseGet(() -> save(postId, draft, organisationId, author, media)
					.map((saved) -> new SavedDraft(saved, true))));
		});
	}

	/**
	 * A draft never scheduled has never been linked to, so its slug follows its title: a
	 * draft first saved before it had one does not keep "post-…".
	 */
	private Post retitled(Post post, PostDraft draft) {
		String slug = postOf(draft, post.id(), post.organisationId(), post.createdBy()).slug();
		return new Post(post.id(), post.organisationId(), post.title(), post.text(), post.link(), slug,
				post.createdBy(), post.createdAt(), post.shared(), post.html());
	}

	/**
	 * @return whether the post has a publication (it is no longer a draft); {@code false}
	 * for no such post
	 */
	public Mono<Boolean> scheduled(UUID postId) {
		return this.database.sql("select count(*) as n from publication where post_id = :post")
			.bind("post", postId)
			.map((row) -> row.get("n", Number.class).longValue() > 0)
			.one()
			.defaultIfEmpty(false);
	}

	/**
	 * @return each delivery of the post that has left {@code PENDING} (and was not
	 * cancelled), as "platform (state)"; empty when there is none
	 */
	private Mono<List<String>> underWay(UUID postId) {
		// Read from the publishing module's tables: publishing depends on content, not
		// the
		// other way round, and whether a post went out is a fact of the database.
		return this.database
			.sql("select d.platform, d.state from delivery d join publication p on p.id = d.publication_id "
					+ "where p.post_id = :post and d.state not in ('PENDING', 'CANCELLED') order by d.platform")
			.bind("post", postId)
			.map((row) -> Platform.byId(row.get("platform", String.class))
				.map(Platform::displayName)
				.orElse(row.get("platform", String.class)) + " ("
					+ row.get("state", String.class).toLowerCase(java.util.Locale.ROOT) + ")")
			.all()
			.distinct()
			.collectList();
	}

	private Mono<ComposedPost> replace(Post current, PostDraft draft, List<MediaFile> media) {
		Post changed = postOf(draft, current.id(), current.organisationId(), current.createdBy());
		Post revised = new Post(current.id(), current.organisationId(), changed.title(), changed.text(), changed.link(),
				current.slug(), current.createdBy(), current.createdAt(), changed.shared(), changed.html());
		List<PostVariant> edited = editedVariants(draft, current.id());
		return variantsOf(revised, edited, media)
			.flatMap((derived) -> pendingPlatforms(current.id()).flatMap((pending) -> {
				// A pending delivery sends the post as revised: it must still fit the
				// platforms it is scheduled on, as scheduling checked.
				Map<String, String> errors = new LinkedHashMap<>();
				for (Platform platform : pending) {
					Variant variant = derived.get(platform);
					if (variant != null && !variant.publishable()) {
						errors.put("variants." + platform.id() + ".text",
								"The post is scheduled on " + platform.displayName() + ", which would refuse it: "
										+ String.join("; ", variant.problems()));
					}
				}
				if (!errors.isEmpty()) {
					return Mono.error(new InvalidPost(errors));
				}
				return replaceRows(revised, draft, edited)
					.thenReturn(new ComposedPost(revised, derived, media, draft.sources()));
			}));
	}

	/**
	 * @return the platforms the post is scheduled on and not sent to yet
	 */
	private Mono<List<Platform>> pendingPlatforms(UUID postId) {
		return this.database
			.sql("select distinct d.platform from delivery d join publication p on p.id = d.publication_id "
					+ "where p.post_id = :post and d.state = 'PENDING'")
			.bind("post", postId)
			.map((row) -> Platform.byId(row.get("platform", String.class)))
			.all()
			.flatMap(Mono::justOrEmpty)
			.collectList();
	}

	private Mono<Void> replaceRows(Post revised, PostDraft draft, List<PostVariant> edited) {
		return this.template.update(revised)
			.then(this.database.sql("delete from post_variant where post_id = :post")
				.bind("post", revised.id())
				.fetch()
				.rowsUpdated())
			.thenMany(Flux.fromIterable(edited).concatMap(this.template::insert))
			.then(this.database.sql("delete from post_media where post_id = :post")
				.bind("post", revised.id())
				.fetch()
				.rowsUpdated())
			.then(this.attachments.attach(revised.id(), draft.mediaIds()))
			.then(this.database.sql("delete from post_source where post_id = :post")
				.bind("post", revised.id())
				.fetch()
				.rowsUpdated())
			.then(this.sources.record(revised.id(), draft.sources()))
			.as(this.transactions::transactional);
	}

	/**
	 * @param organisationId the organisation
	 * @param limit how many at most
	 * @return the organisation's posts that have no publication yet, newest first, with
	 * where each came from
	 */
	public Flux<Draft> drafts(UUID organisationId, int limit) {
		return this.database.sql("""
				select p.*, fe.guid as feed_guid, fe.published_at as article_published_at
				from post p left join feed_entry fe on fe.post_id = p.id
				where p.organisation_id = :organisation
				  and not exists (select 1 from publication pub where pub.post_id = p.id)
				order by p.created_at desc, p.id
				limit :limit
				""")
			.bind("organisation", organisationId)
			.bind("limit", limit)
			.map((row, metadata) -> new Draft(this.template.getConverter().read(Post.class, row, metadata),
					row.get("feed_guid", String.class) != null, instant(row.get("article_published_at"))))
			.all();
	}

	private static java.time.Instant instant(Object value) {
		if (value instanceof java.time.OffsetDateTime offset) {
			return offset.toInstant();
		}
		if (value instanceof java.time.ZonedDateTime zoned) {
			return zoned.toInstant();
		}
		return (value instanceof java.time.Instant instant) ? instant : null;
	}

	/**
	 * @return the post as its author wrote it: title, text or HTML, link, the variants
	 * they wrote themselves, media and sharing; what {@link #revise} takes to leave it as
	 * it is. A {@link PostNotFound} error when there is no such post
	 */
	public Mono<PostDraft> draftOf(UUID postId) {
		return find(postId).flatMap((post) -> Mono
			.zip(this.variants.findByPostId(postId).collectList(), this.attachments.of(postId), this.sources.of(postId))
			.map((all) -> {
				Map<Platform, PostDraft.VariantDraft> written = new LinkedHashMap<>();
				all.getT1()
					.forEach((variant) -> written.put(variant.platform(),
							new PostDraft.VariantDraft(variant.text(), variant.title())));
				return new PostDraft(post.title(), (post.html() != null) ? null : post.text(), post.html(), post.link(),
						written, all.getT2().stream().map(MediaFile::id).toList(), post.shared(), all.getT3());
			}));
	}

	/**
	 * Shows what each platform would receive of a draft, saving nothing: the same
	 * variants as {@link #compose} would give, as a person types. A draft without a title
	 * or a text yet is previewed (its variants say what is missing).
	 * @param draft what the person has written so far
	 * @param organisationId the organisation that speaks
	 * @return the variants and the media; an {@link InvalidPost} error, with a reason per
	 * field, for input that {@link #compose} would refuse for another reason than being
	 * unfinished (a malformed link, an unknown medium, a text over Hubben's own limits)
	 */
	public Mono<PostPreview> preview(PostDraft draft, UUID organisationId) {
		return Mono.defer(() -> {
			Map<String, String> errors = validate(draft, false);
			return checkedMedia(draft, organisationId, errors).flatMap((found) -> {
				Post post = postOf(draft, UUID.randomUUID(), organisationId, "preview");
				List<PostVariant> edited = editedVariants(draft, post.id());
				return variantsOf(post, edited, found).map((variants) -> new PostPreview(post, variants, found));
			});
		});
	}

	/**
	 * @return the draft's media in order; an {@link InvalidPost} error with
	 * {@code errors} and any problem of the media when there is one
	 */
	private Mono<List<MediaFile>> checkedMedia(PostDraft draft, UUID organisationId, Map<String, String> errors) {
		Mono<List<MediaFile>> media = errors.containsKey("mediaIds") ? Mono.just(List.of())
				: this.attachments.inOrder(draft.mediaIds());
		return media.flatMap((found) -> {
			if (!errors.containsKey("mediaIds")) {
				mediaProblem(draft.mediaIds(), found, organisationId)
					.ifPresent((problem) -> errors.put("mediaIds", problem));
			}
			if (!errors.isEmpty()) {
				return Mono.error(new InvalidPost(errors));
			}
			return Mono.just(found);
		});
	}

	/**
	 * The post a draft makes: HTML is sanitised and kept beside its plain text, which
	 * every platform's variant is derived from.
	 */
	private Post postOf(PostDraft draft, UUID id, UUID organisationId, String author) {
		String title = (draft.title() != null) ? draft.title().strip() : "";
		String slug = Slugs.of(title.isEmpty() ? "post" : title) + "-" + id.toString().substring(0, 8);
		String html = isBlank(draft.html()) ? null : RichText.sanitise(draft.html());
		String text = (html != null) ? RichText.plainText(html) : ((draft.text() != null) ? draft.text().strip() : "");
		return new Post(id, organisationId, title, text, blankToNull(draft.link()), slug, author, this.clock.instant(),
				draft.shared(), html);
	}

	private static List<PostVariant> editedVariants(PostDraft draft, UUID postId) {
		return draft.variants()
			.entrySet()
			.stream()
			.filter((entry) -> !isBlank(entry.getValue().text()) || !isBlank(entry.getValue().title()))
			.map((entry) -> new PostVariant(UUID.randomUUID(), postId, entry.getKey(),
					blankToNull(entry.getValue().text()), blankToNull(entry.getValue().title())))
			.toList();
	}

	private Mono<ComposedPost> save(PostDraft draft, UUID organisationId, String author, List<MediaFile> media) {
		return Mono.defer(() -> save(UUID.randomUUID(), draft, organisationId, author, media));
	}

	private Mono<ComposedPost> save(UUID id, PostDraft draft, UUID organisationId, String author,
			List<MediaFile> media) {
		return Mono.defer(() -> {
			Post post = postOf(draft, id, organisationId, author);
			List<PostVariant> edited = editedVariants(draft, id);
			Mono<Post> saved = this.template.insert(post)
				.flatMap((inserted) -> Flux.fromIterable(edited)
					.concatMap(this.template::insert)
					.then(this.attachments.attach(id, draft.mediaIds()))
					.then(this.sources.record(id, draft.sources()))
					.then(Mono.just(inserted)))
				.as(this.transactions::transactional)
				.doOnNext((inserted) -> this.events
					.publishEvent(new PostComposed(inserted.id(), inserted.organisationId(), inserted.title(),
							inserted.link(), inserted.slug(), inserted.createdBy(), inserted.createdAt())));
			return saved.flatMap((inserted) -> variantsOf(inserted, edited, media)
				.map((derived) -> new ComposedPost(inserted, derived, media, draft.sources())));
		});
	}

	/**
	 * Every medium must exist and belong to the post's organisation; an unknown and a
	 * foreign one get the same answer, so nothing is learnt of another organisation.
	 */
	private static Optional<String> mediaProblem(List<UUID> ids, List<MediaFile> found, UUID organisationId) {
		Set<UUID> usable = found.stream()
			.filter((media) -> media.organisationId().equals(organisationId))
			.map(MediaFile::id)
			.collect(Collectors.toSet());
		List<String> unknown = ids.stream().filter((id) -> !usable.contains(id)).map(UUID::toString).toList();
		if (unknown.isEmpty()) {
			return Optional.empty();
		}
		boolean one = unknown.size() == 1;
		return Optional.of((one ? "There is no medium " : "There are no media ") + String.join(", ", unknown)
				+ (one ? "; upload it" : "; upload them") + " first");
	}

	/**
	 * Checks a draft by the rules {@link #compose} applies before it looks at media,
	 * without saving anything.
	 * @return a reason per field; empty when the draft's own fields are valid
	 */
	public Map<String, String> problems(PostDraft draft) {
		return validate(draft, true);
	}

	/**
	 * @return the images and videos the post carries, in the author's order
	 */
	public Mono<List<MediaFile>> mediaOf(UUID postId) {
		return this.attachments.of(postId);
	}

	/**
	 * @return the posts that carry the medium; none when no post does
	 */
	public Flux<UUID> postsCarrying(UUID mediaId) {
		return this.attachments.postsCarrying(mediaId);
	}

	/**
	 * @return the post; a {@link PostNotFound} error when there is none
	 */
	public Mono<Post> find(UUID postId) {
		return this.posts.findById(postId).switchIfEmpty(Mono.error(() -> new PostNotFound(postId)));
	}

	/**
	 * @return the post with its variants; a {@link PostNotFound} error when there is none
	 */
	public Mono<ComposedPost> composed(UUID postId) {
		return find(postId).flatMap((post) -> Mono
			.zip(this.variants.findByPostId(postId).collectList(), this.attachments.of(postId), this.sources.of(postId))
			.flatMap((all) -> variantsOf(post, all.getT1(), all.getT2())
				.map((derived) -> new ComposedPost(post, derived, all.getT2(), all.getT3()))));
	}

	/**
	 * @return the links the post's facts rest on, in the author's order; empty when it
	 * has none
	 */
	public Mono<List<String>> sourcesOf(UUID postId) {
		return this.sources.of(postId);
	}

	/**
	 * @return what {@code platform} receives of the post; empty when Hubben has no
	 * connector for it
	 */
	public Mono<Variant> variantFor(Post post, Platform platform) {
		// Scheduling asks once per channel: only the asked platform's variant is derived.
		return Mono.zip(this.variants.findByPostId(post.id()).collectList(), this.attachments.of(post.id()))
			.flatMap((both) -> variantsOf(post, both.getT1(), both.getT2(), Set.of(platform)))
			.flatMap((derived) -> Mono.justOrEmpty(derived.get(platform)));
	}

	private Mono<Map<Platform, Variant>> variantsOf(Post post, List<PostVariant> edited, List<MediaFile> media) {
		return variantsOf(post, edited, media, null);
	}

	/**
	 * @param only the platforms to derive a variant for; {@code null} for every platform
	 * Hubben has a connector for
	 */
	private Mono<Map<Platform, Variant>> variantsOf(Post post, List<PostVariant> edited, List<MediaFile> media,
			Set<Platform> only) {
		Map<Platform, PostVariant> editedByPlatform = edited.stream()
			.collect(Collectors.toMap(PostVariant::platform, Function.identity()));
		return this.organisations.findById(post.organisationId()).map((organisation) -> {
			Map<Platform, Variant> result = new LinkedHashMap<>();
			for (Connector connector : this.connectors.all()) {
				if (only == null || only.contains(connector.platform())) {
					result.put(connector.platform(), derive(post, organisation, connector,
							Optional.ofNullable(editedByPlatform.get(connector.platform())), media));
				}
			}
			return result;
		});
	}

	private Variant derive(Post post, Organisation organisation, Connector connector, Optional<PostVariant> edited,
			List<MediaFile> media) {
		Platform platform = connector.platform();
		URI home = (post.linkUri() != null) ? post.linkUri() : this.homeSites.linkBack(organisation, post.slug());
		URI link = LinkBack.tag(home, platform, post.slug());
		return PlatformRules.derive(new PlatformRules.Source(platform, connector.capabilities(), post.title(),
				post.text(), edited.map(PostVariant::text).orElse(null), edited.map(PostVariant::title).orElse(null),
				home, link, media, organisation.senderLine()));
	}

	/**
	 * @param complete whether the draft must be ready to save (a title and a text); a
	 * preview shows an unfinished one
	 */
	private static Map<String, String> validate(PostDraft draft, boolean complete) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (isBlank(draft.title())) {
			if (complete) {
				errors.put("title", "A title is required");
			}
		}
		else if (draft.title().strip().length() > TITLE_MAX) {
			errors.put("title", "A title has at most " + TITLE_MAX + " characters");
		}
		if (!isBlank(draft.html())) {
			if (!isBlank(draft.text())) {
				errors.put("text", "Send the text either as text or as html, not both");
			}
			else if (draft.html().length() > HTML_MAX) {
				errors.put("html", "The HTML has at most " + HTML_MAX + " characters");
			}
			else {
				String plain = RichText.plainText(draft.html());
				if (plain.isEmpty() && complete) {
					errors.put("html", "A text is required; this HTML has none");
				}
				else if (plain.length() > TEXT_MAX) {
					errors.put("html",
							"A text has at most " + TEXT_MAX + " characters; this HTML has " + plain.length());
				}
			}
		}
		else if (isBlank(draft.text())) {
			if (complete) {
				errors.put("text", "A text is required");
			}
		}
		else if (draft.text().strip().length() > TEXT_MAX) {
			errors.put("text", "A text has at most " + TEXT_MAX + " characters");
		}
		if (!isBlank(draft.link())) {
			linkProblem(draft.link().strip()).ifPresent((problem) -> errors.put("link", problem));
		}
		if (draft.sources().size() > SOURCES_MAX) {
			errors.put("sources", "A post has at most " + SOURCES_MAX + " sources");
		}
		else {
			for (int i = 0; i < draft.sources().size(); i++) {
				int number = i + 1;
				linkProblem(draft.sources().get(i)).ifPresent((problem) -> errors.merge("sources",
						"Source " + number + ": " + problem, (a, b) -> a + "; " + b));
			}
		}
		if (draft.mediaIds().size() > MEDIA_MAX) {
			errors.put("mediaIds", "A post carries at most " + MEDIA_MAX + " images and videos");
		}
		else if (draft.mediaIds().stream().anyMatch(Objects::isNull)
				|| new HashSet<>(draft.mediaIds()).size() != draft.mediaIds().size()) {
			errors.put("mediaIds", "Each medium may be attached once");
		}
		draft.variants().forEach((platform, variant) -> {
			if (variant.text() != null && variant.text().length() > TEXT_MAX) {
				errors.put("variants." + platform.id() + ".text", "A text has at most " + TEXT_MAX + " characters");
			}
			if (variant.title() != null && variant.title().length() > TITLE_MAX) {
				errors.put("variants." + platform.id() + ".title", "A title has at most " + TITLE_MAX + " characters");
			}
		});
		return errors;
	}

	private static Optional<String> linkProblem(String link) {
		if (link.length() > LINK_MAX) {
			return Optional.of("A link has at most " + LINK_MAX + " characters");
		}
		try {
			URI uri = new URI(link);
			if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
				return Optional.of("A link must start with http:// or https://");
			}
			if (uri.getHost() == null) {
				return Optional.of("A link needs a host name, such as https://example.org/page");
			}
			return Optional.empty();
		}
		catch (URISyntaxException ex) {
			return Optional.of("This is not a valid link: " + ex.getReason());
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private static String blankToNull(String value) {
		return isBlank(value) ? null : value.strip();
	}

}
