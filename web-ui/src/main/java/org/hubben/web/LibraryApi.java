package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hubben.content.Library;
import org.hubben.content.LibraryEntry;
import org.hubben.content.OriginChanges;
import org.hubben.content.PostEditor;
import org.hubben.content.PostNotFound;
import org.hubben.content.XDuplicates;
import org.hubben.organisation.Access;
import org.hubben.organisation.Action;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code /api/library}: the posts organisations above share, adopted into one's own; the
 * centre's changes to an adopted post, taken or kept; X variations of related posts.
 */
@ApiController("/api")
@Tag(name = "Library", description = "Adopt what the centre shares; take or keep its corrections; vary X texts")
class LibraryApi {

	private final Library library;

	private final XDuplicates xDuplicates;

	private final PostEditor editor;

	private final Access access;

	private final CurrentMember currentMember;

	LibraryApi(Library library, XDuplicates xDuplicates, PostEditor editor, Access access,
			CurrentMember currentMember) {
		this.library = library;
		this.xDuplicates = xDuplicates;
		this.editor = editor;
		this.access = access;
		this.currentMember = currentMember;
	}

	@GetMapping("/library")
	@Operation(operationId = "getLibrary", summary = "The posts shared by the organisations above yours",
			description = "Newest first, each with whether your organisation adopted it (`adoptedPostId`) and whether "
					+ "it changed since (`originChanged`).")
	Flux<EntryJson> shelf(Principal principal) {
		return this.currentMember.of(principal).flatMapMany(this.library::shelf).map(EntryJson::of);
	}

	@PostMapping("/library/{postId}/adoptions")
	@Operation(operationId = "adoptPost", summary = "Adopt a shared post into your organisation",
			description = "A draft of your organisation with the shared post's title, text, variants, sources and "
					+ "media (copied), which remembers where it came from. `linkTo`: `centre` (the shared post's "
					+ "link) or `own` (`link`, or your own home-site page when absent). 403 for a viewer, and for a "
					+ "post not shared from above.")
	@ApiResponse(responseCode = "201", description = "The new post, with a variant per platform")
	Mono<ResponseEntity<PostApi.PostJson>> adopt(@PathVariable UUID postId,
			@RequestBody(required = false) AdoptJson body, Principal principal) {
		AdoptJson adopt = (body != null) ? body : new AdoptJson(null, null);
		return this.currentMember.of(principal)
			.flatMap((member) -> this.library.adopt(member, postId,
					(adopt.linkTo() != null) ? adopt.linkTo() : "centre", adopt.link()))
			.map((adopted) -> ResponseEntity.created(URI.create("/api/posts/" + adopted.post().id()))
				.body(PostApi.PostJson.of(adopted)));
	}

	@GetMapping("/posts/{id}/origin-changes")
	@Operation(operationId = "getOriginChanges", summary = "How the shared post an adopted post came from changed",
			description = "Field by field since you adopted it or last took or kept a change: `title`, `text` (with "
					+ "`html`, the new text with insertions in <ins> and deletions in <del>), `link`, `sources`. "
					+ "404 when the post is not an adoption.")
	Mono<ChangesJson> originChanges(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.library.originChanges(member, id))
			.switchIfEmpty(Mono.error(() -> new PostNotFound(id)))
			.map(ChangesJson::of);
	}

	@PostMapping("/posts/{id}/origin-changes/take")
	@Operation(operationId = "takeOriginChanges", summary = "Take the shared post's changes",
			description = "Each field the shared post changed becomes the shared post's; the others stay yours. 409 "
					+ "with the reason once the post has gone out, or is going.")
	Mono<PostApi.PostJson> take(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.library.takeChange(member, id))
			.map(PostApi.PostJson::of);
	}

	@PostMapping("/posts/{id}/origin-changes/dismiss")
	@Operation(operationId = "dismissOriginChanges", summary = "Keep your post as it is",
			description = "The shared post's changes are no longer offered; your post does not change.")
	Mono<ChangesJson> dismiss(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.library.keepMine(member, id))
			.map(ChangesJson::of);
	}

	@GetMapping("/posts/{id}/x-variations")
	@Operation(operationId = "getXVariations", summary = "Variations of the post's X text that X will take",
			description = "X refuses the same text from several accounts: three variations (the organisation's name, "
					+ "a local hashtag, a reworded opening) that differ from the shared post's and every other "
					+ "adoption's X text.")
	Mono<VariationsJson> variations(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.editor.find(id)
				.flatMap((post) -> this.access.check(member, Action.VIEW, post.organisationId())))
			.then(this.xDuplicates.variations(id))
			.map(VariationsJson::new);
	}

	@PostMapping("/posts/{id}/x-check")
	@Operation(operationId = "checkXText", summary = "Would X take this draft of the post?",
			description = "Takes the same body as changing the post. `duplicate` says whether its X text is the same "
					+ "as a related post's (the shared post's or another adoption's), `reason` why, and "
					+ "`suggestions` variations that pass. The edit page asks as a person types.")
	Mono<XDuplicates.XCheck> check(@PathVariable UUID id, @RequestBody PostApi.ComposeJson body, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.editor.find(id)
				.flatMap((post) -> this.access.check(member, Action.VIEW, post.organisationId())))
			.then(Mono.defer(() -> this.xDuplicates.check(id, body.toDraft())));
	}

	/**
	 * @param linkTo {@code centre} (default) or {@code own}
	 * @param link with {@code own}: your page, an http(s) link; absent for your own home
	 * site's page of the post
	 */
	record AdoptJson(String linkTo, String link) {

	}

	/**
	 * @param id the shared post
	 * @param originOrganisation the name of the organisation that shares it
	 * @param adoptedPostId your organisation's latest adoption of it, or {@code null}
	 * @param originChanged whether it changed since that adoption last took or kept a
	 * change
	 */
	record EntryJson(UUID id, String title, String excerpt, UUID organisationId, String originOrganisation,
			Instant createdAt, UUID adoptedPostId, boolean originChanged) {

		static EntryJson of(LibraryEntry entry) {
			return new EntryJson(entry.post().id(), entry.post().title(), LibraryPage.excerpt(entry.post().text()),
					entry.post().organisationId(), entry.originOrganisation(), entry.post().createdAt(),
					entry.adoptedPostId(), entry.originChanged());
		}

	}

	record ChangesJson(UUID postId, UUID originPostId, String originTitle, String originOrganisation, boolean changed,
			List<OriginChanges.FieldChange> fields, Instant seenAt) {

		static ChangesJson of(OriginChanges changes) {
			return new ChangesJson(changes.postId(), changes.origin().id(), changes.origin().title(),
					changes.originOrganisation(), changes.changed(), changes.fields(), changes.seenAt());
		}

	}

	record VariationsJson(List<String> variations) {

	}

}
