package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.content.ComposedPost;
import org.hubben.content.PostDraft;
import org.hubben.content.PostEditor;
import org.hubben.content.PostNotFound;
import org.hubben.organisation.Action;
import org.hubben.organisation.Organisations;
import org.hubben.policy.FactChecklist;
import org.hubben.content.PostPreview;
import org.hubben.content.Variant;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** {@code /api/posts}: compose a post once and see what each platform will receive. */
@ApiController("/api/posts")
@Tag(name = "Posts", description = "Compose once; see what each platform will receive")
class PostApi {

	private final PostEditor editor;

	private final CurrentMember currentMember;

	private final Organisations organisations;

	PostApi(PostEditor editor, CurrentMember currentMember, Organisations organisations) {
		this.editor = editor;
		this.currentMember = currentMember;
		this.organisations = organisations;
	}

	@PostMapping
	@Operation(operationId = "composePost", summary = "Compose a post",
			description = "Validates the post against every platform's limits and answers each platform's variant: "
					+ "its text with the link back, its length and limit, problems, hashtags and the media it receives.")
	@ApiResponse(responseCode = "201", description = "The post, with a variant per platform")
	Mono<ResponseEntity<PostJson>> compose(@RequestBody ComposeJson body, Principal principal) {
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.flatMap((member) -> this.editor.compose(body.toDraft(), member.organisationId(), member.username()))
			.map((composed) -> ResponseEntity.created(URI.create("/api/posts/" + composed.post().id()))
				.body(PostJson.of(composed)));
	}

	/**
	 * What each platform would receive of the body, saving nothing; the compose page asks
	 * as a person types.
	 */
	@PostMapping("/preview")
	@Operation(operationId = "previewPost", summary = "Preview what each platform would receive, saving nothing",
			description = "Takes the same body as composing a post and answers its plain text, sanitised HTML, "
					+ "media and each platform's variant; the compose page asks as a person types.")
	Mono<PreviewJson> preview(@RequestBody ComposeJson body, Principal principal) {
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.flatMap((member) -> this.editor.preview(body.toDraft(), member.organisationId()))
			.map(PreviewJson::of);
	}

	@PutMapping("/{id}")
	@Operation(operationId = "revisePost", summary = "Change a post that has not gone out",
			description = "Takes the same body as composing a post and replaces the post's title, text or HTML, link, "
					+ "variants, media and sharing, checked by the same rules. Not found (404) for a post of an "
					+ "organisation whose work you do not see, 403 for one you see but may not compose in, and 409 once one of its deliveries has left PENDING (it went out, "
					+ "or is going). Pending deliveries send the post as it is when they go.")
	@ApiResponse(responseCode = "200", description = "The post, with a variant per platform")
	Mono<PostJson> revise(@PathVariable UUID id, @RequestBody ComposeJson body, Principal principal) {
		return postFor(id, Action.COMPOSE, principal)
			.flatMap((member) -> this.editor.revise(id, body.toDraft(), member.organisationId()))
			.map(PostJson::of);
	}

	/**
	 * @return the member, when they may take the action on the post's organisation; not
	 * found when they may not see its work
	 */
	private Mono<org.hubben.organisation.Member> postFor(UUID id, Action action, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.editor.find(id)
				.flatMap((post) -> this.currentMember.allowed(member, action, post.organisationId(),
						() -> new PostNotFound(id))));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getPost", summary = "Get a post with its variants")
	Mono<PostJson> one(@PathVariable UUID id, Principal principal) {
		return postFor(id, Action.VIEW, principal).then(Mono.defer(() -> this.editor.composed(id))).map(PostJson::of);
	}

	@GetMapping("/{id}/checklist")
	@Operation(operationId = "getPostChecklist", summary = "Get the fact checklist of a post",
			description = "What a person checks before the post goes out: each source, each figure, date and quote "
					+ "of its text, and the rules that always hold. `needsChecking` says whether scheduling it "
					+ "takes `factsChecked: true`.")
	Mono<ChecklistJson> checklist(@PathVariable UUID id, Principal principal) {
		return postFor(id, Action.VIEW, principal).then(Mono.defer(() -> this.editor.composed(id)))
			.flatMap((composed) -> this.organisations.findById(composed.post().organisationId())
				.map((organisation) -> ChecklistJson
					.of(FactChecklist.of(composed.post().text(), composed.sources(), organisation.name()))));
	}

	/**
	 * @param needsChecking whether scheduling the post takes {@code factsChecked: true}
	 * @param items what to check, in order
	 */
	record ChecklistJson(boolean needsChecking, List<ChecklistItemJson> items) {

		static ChecklistJson of(FactChecklist checklist) {
			return new ChecklistJson(checklist.needsChecking(),
					checklist.items()
						.stream()
						.map((item) -> new ChecklistItemJson(item.kind().name().toLowerCase(java.util.Locale.ROOT),
								item.text()))
						.toList());
		}

	}

	/**
	 * @param kind {@code source}, {@code figure}, {@code date}, {@code quote},
	 * {@code own_name} or {@code open_first}
	 * @param text what to check
	 */
	record ChecklistItemJson(String kind, String text) {

	}

	/**
	 * @param text the text as plain text; required unless {@code html} is given
	 * @param html the text as simple HTML (paragraphs, line breaks, bold, italic, links,
	 * lists, headings); Hubben keeps it sanitised and derives each platform's plain text
	 * from it
	 * @param mediaIds media stored with {@code POST /api/media}, in the order the post
	 * carries them
	 * @param shared whether the post is offered to the regions and supporters; absent
	 * means not
	 * @param sources links (http or https) to what the post's facts rest on, at most 20
	 */
	record ComposeJson(String title, String text, String html, String link, Map<String, VariantJson> variants,
			List<UUID> mediaIds, Boolean shared, List<String> sources) {

		PostDraft toDraft() {
			Map<Platform, PostDraft.VariantDraft> drafts = new LinkedHashMap<>();
			Map<String, String> errors = new LinkedHashMap<>();
			if (this.variants != null) {
				this.variants.forEach((key, variant) -> Platform.byId(key)
					.ifPresentOrElse(
							(platform) -> drafts.put(platform,
									new PostDraft.VariantDraft((variant != null) ? variant.text() : null,
											(variant != null) ? variant.title() : null)),
							() -> errors.put("variants." + key,
									"'" + key + "' is not a platform; use facebook, youtube, x or flickr")));
			}
			if (!errors.isEmpty()) {
				throw new InvalidRequest(errors);
			}
			return new PostDraft(this.title, this.text, this.html, this.link, drafts, this.mediaIds,
					Boolean.TRUE.equals(this.shared), this.sources);
		}

	}

	record VariantJson(String text, String title) {

	}

	/**
	 * @param text the plain text (derived from {@code html} when the post was composed
	 * from HTML)
	 * @param html the sanitised HTML, or {@code null} for a post written as plain text
	 */
	record PostJson(UUID id, UUID organisationId, String title, String text, String html, String link, String slug,
			boolean shared, Instant createdAt, List<MediaApi.MediaJson> media, Map<String, VariantView> variants,
			List<String> sources) {

		static PostJson of(ComposedPost composed) {
			var post = composed.post();
			return new PostJson(post.id(), post.organisationId(), post.title(), post.text(), post.html(), post.link(),
					post.slug(), post.shared(), post.createdAt(),
					composed.media().stream().map(MediaApi.MediaJson::of).toList(), views(composed.variants()),
					composed.sources());
		}

	}

	static Map<String, VariantView> views(Map<Platform, Variant> variants) {
		Map<String, VariantView> views = new LinkedHashMap<>();
		variants.forEach((platform, variant) -> views.put(platform.id(), VariantView.of(variant)));
		return views;
	}

	/**
	 * A draft's preview: the plain text and sanitised HTML it makes, its media and each
	 * platform's variant.
	 */
	record PreviewJson(String title, String text, String html, List<MediaApi.MediaJson> media,
			Map<String, VariantView> variants) {

		static PreviewJson of(PostPreview preview) {
			var post = preview.post();
			return new PreviewJson(post.title(), post.text(), post.html(),
					preview.media().stream().map(MediaApi.MediaJson::of).toList(), views(preview.variants()));
		}

	}

	/**
	 * @param media the ids of the post's media this platform receives
	 * @param titleLength the title's length in characters; 0 without a title
	 * @param titleLimit the platform's limit for titles; 0 where it has none
	 * @param shortened whether Hubben shortened the derived text or title to fit
	 * @param senderLine the organisation's sender line when the text carries it (at its
	 * end), else {@code null}
	 * @param senderLineLeftOut whether the sender line was left out because it would not
	 * fit (X)
	 */
	record VariantView(String text, String title, URI link, int length, int limit, boolean edited,
			List<String> problems, List<String> tags, List<UUID> media, int titleLength, int titleLimit,
			boolean shortened, String senderLine, boolean senderLineLeftOut) {

		static VariantView of(Variant variant) {
			return new VariantView(variant.text(), variant.title(), variant.link(), variant.length(), variant.limit(),
					variant.edited(), variant.problems(), variant.tags(), variant.media(), variant.titleLength(),
					variant.titleLimit(), variant.shortened(), variant.senderLine(), variant.senderLineLeftOut());
		}

	}

}
