package org.hubben.web;

import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

import org.hubben.organisation.Action;
import org.hubben.content.Draft;
import org.hubben.content.PostEditor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code /api/drafts}: the posts not scheduled yet, the home-site feed's among them, and
 * drafts saved as a person types.
 */
@ApiController("/api/drafts")
@Tag(name = "Drafts", description = "Posts not scheduled yet, written by a person or made from the home-site feed")
class DraftApi {

	/** The most drafts listed. */
	static final int LIMIT = 200;

	private final PostEditor editor;

	private final CurrentMember currentMember;

	DraftApi(PostEditor editor, CurrentMember currentMember) {
		this.editor = editor;
		this.currentMember = currentMember;
	}

	@GetMapping
	@Operation(operationId = "listDrafts", summary = "List your organisation's drafts, newest first",
			description = "Posts that have no publication yet (at most " + LIMIT + "), each with where it came from: "
					+ "source is 'feed' for an article of the home-site feed (with the article's date in "
					+ "articlePublishedAt, when the feed gave one) or 'person' for one a person saved. Change one "
					+ "with PUT /api/posts/{id}; schedule it with POST /api/posts/{id}/publications.")
	Flux<DraftJson> drafts(Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMapMany((member) -> this.editor.drafts(member.organisationId(), LIMIT))
			.map(DraftJson::of);
	}

	/**
	 * Saves a draft under the id the caller chose (the compose page picks one when it
	 * opens): 201 when this save created it, 200 when it changed it. Idempotent, so a
	 * save sent twice makes one draft.
	 */
	@PutMapping("/{id}")
	@Operation(operationId = "saveDraft", summary = "Save a draft as it is being written, creating it if need be",
			description = "Takes the same body as composing a post, but an unfinished draft (no title or text yet) "
					+ "is saved: scheduling it refuses it until it has both. Other bad input (a malformed link, an "
					+ "unknown medium) is refused as for POST /api/posts. The id is chosen by the caller, a random "
					+ "UUID, so sending the same save twice never makes two drafts. Refused with 403 for another "
					+ "organisation's post or a member whose role may not compose, and 409 for a post that is scheduled (change it with PUT /api/posts/{id}).")
	@ApiResponse(responseCode = "201", description = "The draft was created, with a variant per platform")
	@ApiResponse(responseCode = "200", description = "The draft was changed")
	Mono<ResponseEntity<PostApi.PostJson>> save(@PathVariable UUID id, @RequestBody PostApi.ComposeJson body,
			Principal principal) {
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.flatMap((member) -> this.editor.saveDraft(id, body.toDraft(), member.organisationId(), member.username()))
			.map((saved) -> ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
				.body(PostApi.PostJson.of(saved.post())));
	}

	/**
	 * @param source {@code feed} or {@code person}
	 * @param articlePublishedAt when the home site published the article, for a draft of
	 * the feed that says so; otherwise {@code null}
	 */
	record DraftJson(UUID id, String title, String text, String link, String createdBy, Instant createdAt,
			String source, Instant articlePublishedAt) {

		static DraftJson of(Draft draft) {
			var post = draft.post();
			return new DraftJson(post.id(), post.title(), post.text(), post.link(), post.createdBy(), post.createdAt(),
					draft.fromFeed() ? "feed" : "person", draft.articlePublishedAt());
		}

	}

}
