package org.hubben.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.hubben.approval.ApprovalRefused;
import org.hubben.approval.ApprovalRules;
import org.hubben.approval.Approvals;
import org.hubben.approval.Submission;
import org.hubben.organisation.Action;
import org.hubben.connector.Platform;
import org.hubben.content.ComposedPost;
import org.hubben.content.HomeSiteFeed;
import org.hubben.content.InvalidPost;
import org.hubben.content.Library;
import org.hubben.content.OriginChanges;
import org.hubben.content.Post;
import org.hubben.content.PostNotFound;
import org.hubben.content.RevisionRefused;
import org.hubben.content.PostEditor;
import org.hubben.media.MediaFile;
import org.hubben.media.MediaNotFound;
import org.hubben.media.MediaRefused;
import org.hubben.media.MediaStore;
import org.hubben.media.Sizes;
import org.hubben.media.SniffedType;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import org.hubben.policy.FactChecklist;
import org.hubben.publishing.InvalidPublication;
import org.hubben.publishing.PublicationRequest;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /posts/new}: compose a post once, with images and videos, and publish it on some
 * of the organisation's channels, now or later, or save it as a draft;
 * {@code /posts/{id}/edit}: the same form for a saved post, to change it and schedule it.
 * Where the organisation requires approval, "Submit for approval" replaces publishing:
 * the post is submitted with the publication asked for, and the edit page shows where its
 * latest submission stands (an approver's comment when it was sent back). Chosen files
 * are stored as soon as the form arrives, so a form refused for another reason comes back
 * with them attached.
 */
@Controller
class ComposePage {

	/** Zones offered besides the organisation's own and whatever was submitted. */
	static final List<String> ZONES = List.of("Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki",
			"Europe/Berlin", "Europe/Brussels", "Europe/London", "UTC", "America/New_York", "America/Los_Angeles",
			"Asia/Tokyo", "Australia/Sydney");

	private final PostEditor editor;

	private final Publisher publisher;

	private final Channels channels;

	private final Organisations organisations;

	private final MediaStore mediaStore;

	private final CurrentMember currentMember;

	private final ApprovalRules approvalRules;

	private final Approvals approvals;

	private final Library library;

	ComposePage(PostEditor editor, Publisher publisher, Channels channels, Organisations organisations,
			MediaStore mediaStore, CurrentMember currentMember, ApprovalRules approvalRules, Approvals approvals,
			Library library) {
		this.library = library;
		this.approvalRules = approvalRules;
		this.approvals = approvals;
		this.editor = editor;
		this.publisher = publisher;
		this.channels = channels;
		this.organisations = organisations;
		this.mediaStore = mediaStore;
		this.currentMember = currentMember;
	}

	@GetMapping("/posts/new")
	Mono<Rendering> form(Principal principal) {
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.flatMap((member) -> this.organisations.findById(member.organisationId())
				.flatMap((organisation) -> page(member, ComposeForm.empty(organisation.zoneId()), Map.of(), Map.of(),
						HttpStatus.OK)));
	}

	/**
	 * The form filled with a saved post of the member's organisation; another's is not
	 * found.
	 */
	@GetMapping("/posts/{id}/edit")
	Mono<Rendering> editForm(@PathVariable UUID id, @RequestParam(name = "saved", required = false) String saved,
			Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> ownPost(id, member).flatMap(
					(post) -> Mono.zip(this.editor.draftOf(id), this.organisations.findById(member.organisationId()))
						.flatMap((both) -> page(member, ComposeForm.of(both.getT1(), both.getT2().zoneId()), Map.of(),
								Map.of(), HttpStatus.OK, new Editing(id, post.createdBy(), saved != null)))));
	}

	/**
	 * Saves the changes to the post; then, unless the person saves it as a draft,
	 * schedules it on the chosen channels.
	 */
	@PostMapping("/posts/{id}")
	Mono<Rendering> revise(@PathVariable UUID id, @ModelAttribute("form") ComposeForm submitted, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> ownPost(id, member).flatMap((post) -> store(submitted, member).flatMap((stored) -> {
				ComposeForm form = submitted.withMedia(stored.ids());
				Editing editing = new Editing(id, post.createdBy(), false);
				if (!stored.refusals().isEmpty()) {
					return refused(member, form, Map.of("files", String.join("; ", stored.refusals())), Map.of(),
							editing);
				}
				Mono<PublicationRequest> request = form.draftOnly() ? Mono.empty() : requested(form, member);
				return request.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.flatMap((scheduling) -> this.editor.revise(id, form.toDraft(), member.organisationId())
						.flatMap((revised) -> this.approvals.revised(member, id).thenReturn(revised))
						.flatMap((revised) -> scheduling
							.map((publication) -> schedule(revised, publication, member, form, editing))
							.orElseGet(() -> Mono
								.just(Rendering.redirectTo("/posts/" + id + "/edit?saved=true").build()))))
					.onErrorResume(InvalidPost.class, (ex) -> refused(member, form, ex.errors(), Map.of(), editing))
					.onErrorResume(InvalidPublication.class,
							(ex) -> refused(member, form, ex.errors(), Map.of(), editing))
					.onErrorResume(RevisionRefused.class,
							(ex) -> refused(member, form, Map.of("post", ex.getMessage()), Map.of(), editing))
					.onErrorResume(ApprovalRefused.class,
							(ex) -> refused(member, form, Map.of("post", ex.getMessage()), Map.of(), editing));
			})));
	}

	/**
	 * The post, when the member may compose in its organisation; not found when they may
	 * not see its work, an {@link org.hubben.organisation.AccessDenied} error when they
	 * see it but may not compose there.
	 */
	private Mono<Post> ownPost(UUID id, Member member) {
		return this.editor.find(id)
			.flatMap((post) -> this.currentMember
				.allowed(member, Action.COMPOSE, post.organisationId(), () -> new PostNotFound(id))
				.thenReturn(post));
	}

	@PostMapping("/posts")
	Mono<Rendering> compose(@ModelAttribute("form") ComposeForm submitted, Principal principal) {
		Action asked = submitted.draftOnly() ? Action.COMPOSE : Action.SCHEDULE;
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.flatMap((member) -> this.currentMember.allowed(member, asked, member.organisationId()))
			.flatMap((member) -> store(submitted, member).flatMap((stored) -> {
				ComposeForm form = submitted.withMedia(stored.ids());
				if (!stored.refusals().isEmpty()) {
					return refused(member, form, Map.of("files", String.join("; ", stored.refusals())), Map.of());
				}
				if (form.draftOnly()) {
					return this.editor.compose(form.toDraft(), member.organisationId(), member.username())
						.map((composed) -> Rendering.redirectTo("/posts/" + composed.post().id() + "/edit?saved=true")
							.build())
						.onErrorResume(InvalidPost.class, (ex) -> refused(member, form, ex.errors(), Map.of()));
				}
				return requested(form, member).flatMap((request) -> composeAndSchedule(form, request, member))
					.onErrorResume(InvalidPost.class, (ex) -> refused(member, form, ex.errors(), Map.of()))
					.onErrorResume(InvalidPublication.class, (ex) -> refused(member, form, ex.errors(), Map.of()));
			}));
	}

	/**
	 * The publication the form asks for; an {@link InvalidPublication} error while the
	 * post states facts and its checklist is not all ticked.
	 */
	private Mono<PublicationRequest> requested(ComposeForm form, Member member) {
		return this.organisations.findById(member.organisationId()).flatMap((organisation) -> {
			FactChecklist checklist = checklistOf(form, organisation.name());
			boolean allTicked = checklist.items().stream().allMatch((item) -> form.facts().contains(item.text()));
			if (checklist.needsChecking() && !allTicked) {
				return Mono.error(new InvalidPublication(Map.of("factsChecked",
						"Tick each item of the checklist once you have checked it: this post states facts")));
			}
			return Mono.fromCallable(() -> form.toRequest(allTicked));
		});
	}

	private static FactChecklist checklistOf(ComposeForm form, String organisationName) {
		return FactChecklist.of(form.plainText(), form.sourceList(), organisationName);
	}

	/** Stores each chosen file; one that is refused does not stop the others. */
	private Mono<Stored> store(ComposeForm form, Member member) {
		return Flux.fromIterable(form.chosenFiles())
			.concatMap((file) -> this.mediaStore
				.store(member.organisationId(), member.username(), file.filename(), file.content())
				.map((media) -> new Stored(List.of(media.id()), List.of()))
				.onErrorResume(MediaRefused.class,
						(ex) -> Mono.just(new Stored(List.of(), List.of(file.filename() + ": " + ex.getMessage())))))
			.reduce(new Stored(List.of(), List.of()), Stored::and);
	}

	/**
	 * Composes the post, then schedules it; when scheduling is refused the page shows
	 * each platform's problems (text, media) beside its channels.
	 */
	private Mono<Rendering> composeAndSchedule(ComposeForm form, PublicationRequest request, Member member) {
		return this.editor.compose(form.toDraft(), member.organisationId(), member.username())
			.flatMap((composed) -> publishOrSubmit(composed.post().id(), request, member).onErrorResume(
					InvalidPublication.class,
					(ex) -> refused(member, form, ex.errors(), problemsByPlatform(composed))));
	}

	/**
	 * Schedules a revised post; when scheduling is refused the edit page shows each
	 * platform's problems beside its channels (the changes are saved).
	 */
	private Mono<Rendering> schedule(ComposedPost revised, PublicationRequest request, Member member, ComposeForm form,
			Editing editing) {
		return publishOrSubmit(revised.post().id(), request, member).onErrorResume(InvalidPublication.class,
				(ex) -> refused(member, form, ex.errors(), problemsByPlatform(revised), editing));
	}

	/**
	 * Schedules the post, or, where the organisation requires approval, submits it; then
	 * shows the publication, or the member's submissions.
	 */
	private Mono<Rendering> publishOrSubmit(UUID postId, PublicationRequest request, Member member) {
		return this.approvalRules.required(member.organisationId())
			.flatMap((required) -> required
					? this.approvals.submit(member, postId, request)
						.map((submission) -> Rendering.redirectTo("/approvals?submitted=" + submission.id()).build())
					: this.publisher.schedule(postId, request, member.username())
						.map((view) -> Rendering.redirectTo("/publications/" + view.publication().id()).build()));
	}

	private static Map<String, List<String>> problemsByPlatform(ComposedPost composed) {
		Map<String, List<String>> problems = new LinkedHashMap<>();
		composed.variants().forEach((platform, variant) -> {
			if (!variant.problems().isEmpty()) {
				problems.put(platform.displayName(), variant.problems());
			}
		});
		return problems;
	}

	private Mono<Rendering> refused(Member member, ComposeForm form, Map<String, String> errors,
			Map<String, List<String>> platformProblems) {
		return refused(member, form, errors, platformProblems, null);
	}

	private Mono<Rendering> refused(Member member, ComposeForm form, Map<String, String> errors,
			Map<String, List<String>> platformProblems, Editing editing) {
		return page(member, form, errors, platformProblems,
				errors.containsKey("post") ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST, editing);
	}

	private Mono<Rendering> page(Member member, ComposeForm form, Map<String, String> errors,
			Map<String, List<String>> platformProblems, HttpStatus status) {
		return page(member, form, errors, platformProblems, status, null);
	}

	/**
	 * @param editing the saved post the form changes, or {@code null} for a new post
	 */
	private Mono<Rendering> page(Member member, ComposeForm form, Map<String, String> errors,
			Map<String, List<String>> platformProblems, HttpStatus status, Editing editing) {
		Mono<Optional<Submission>> submission = (editing != null)
				? this.approvals.latestOf(editing.postId()).map(Optional::of).defaultIfEmpty(Optional.empty())
				: Mono.just(Optional.empty());
		// A new page saves its draft under an id chosen now, so that no save it sends,
		// repeated or not, makes a second draft; a scheduled post is no longer saved as
		// the person types.
		UUID draftId = (editing != null) ? editing.postId() : UUID.randomUUID();
		Mono<Boolean> autosave = (editing != null) ? this.editor.scheduled(editing.postId()).map((s) -> !s)
				: Mono.just(true);
		return Mono
			.zip(this.organisations.findById(member.organisationId()),
					this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(member.organisationId()).collectList(),
					attached(form, member), this.approvalRules.required(member.organisationId()), submission, autosave,
					adoption(editing))
			.map((loaded) -> Rendering.view("compose")
				.modelAttribute("approvalRequired", loaded.getT4())
				.modelAttribute("submission", loaded.getT5())
				.modelAttribute("draftId", draftId)
				.modelAttribute("autosave", loaded.getT6())
				.modelAttribute("origin", loaded.getT7().changes())
				.modelAttribute("xWatch", loaded.getT7().related())
				.modelAttribute("form", form)
				.modelAttribute("errors", errors)
				.modelAttribute("platformProblems", platformProblems)
				.modelAttribute("channelGroups", byPlatform(loaded.getT2()))
				.modelAttribute("organisationName", loaded.getT1().name())
				.modelAttribute("previewAccounts", previewAccounts(loaded.getT1().name(), loaded.getT2()))
				.modelAttribute("zones", zones(loaded.getT1().zoneId(), form.zone()))
				.modelAttribute("attached", loaded.getT3())
				.modelAttribute("editing", Optional.ofNullable(editing))
				.modelAttribute("checklist", checklistOf(form, loaded.getT1().name()))
				.modelAttribute("mediaHint",
						"Hubben takes " + SniffedType.accepted() + ", up to " + Sizes.display(this.mediaStore.maxSize())
								+ " each.")
				.status(status)
				.build());
	}

	/**
	 * Where an edited post came from in the library, and whether X must tell it apart.
	 */
	private Mono<Adopted> adoption(Editing editing) {
		if (editing == null) {
			return Mono.just(new Adopted(Optional.empty(), false));
		}
		return Mono
			.zip(this.library.originChanges(editing.postId()).map(Optional::of).defaultIfEmpty(Optional.empty()),
					this.library.related(editing.postId()))
			.map((both) -> new Adopted(both.getT1(), both.getT2()));
	}

	private record Adopted(Optional<OriginChanges> changes, boolean related) {

	}

	/** The attached media this organisation has, in order; others are left out. */
	private Mono<List<MediaFile>> attached(ComposeForm form, Member member) {
		return Flux.fromIterable(form.attachedMedia())
			.concatMap((id) -> this.mediaStore.find(id, member.organisationId())
				.onErrorResume(MediaNotFound.class, (ex) -> Mono.empty()))
			.collectList();
	}

	/**
	 * The saved post the form changes.
	 *
	 * @param postId the post
	 * @param createdBy who made it: a username, or the home-site feed
	 * @param saved whether the page follows a save without scheduling
	 */
	record Editing(UUID postId, String createdBy, boolean saved) {

		public boolean fromFeed() {
			return HomeSiteFeed.AUTHOR.equals(this.createdBy);
		}

	}

	/**
	 * What storing the chosen files gave: the media stored, and why the others were
	 * refused.
	 */
	private record Stored(List<UUID> ids, List<String> refusals) {

		Stored and(Stored other) {
			List<UUID> allIds = new ArrayList<>(this.ids);
			allIds.addAll(other.ids);
			List<String> allRefusals = new ArrayList<>(this.refusals);
			allRefusals.addAll(other.refusals);
			return new Stored(allIds, allRefusals);
		}

	}

	private static Map<String, List<Channel>> byPlatform(List<Channel> channels) {
		Map<String, List<Channel>> groups = new LinkedHashMap<>();
		for (Channel channel : channels) {
			groups.computeIfAbsent(channel.platform().displayName(), (platform) -> new ArrayList<>()).add(channel);
		}
		return groups;
	}

	/**
	 * The name each platform's preview shows the post under: the organisation's first
	 * channel there, or the organisation's own name.
	 */
	private static Map<String, String> previewAccounts(String organisationName, List<Channel> channels) {
		Map<String, String> accounts = new LinkedHashMap<>();
		for (Platform platform : Platform.values()) {
			accounts.put(platform.id(), organisationName);
		}
		for (int i = channels.size() - 1; i >= 0; i--) {
			accounts.put(channels.get(i).platform().id(), channels.get(i).name());
		}
		return accounts;
	}

	private static List<String> zones(String organisationZone, String submitted) {
		Set<String> zones = new LinkedHashSet<>();
		zones.add(organisationZone);
		zones.addAll(ZONES);
		if (submitted != null && !submitted.isBlank()) {
			zones.add(submitted);
		}
		return List.copyOf(zones);
	}

}
