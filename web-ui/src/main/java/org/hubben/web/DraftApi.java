package org.hubben.web;

import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

import org.hubben.organisation.Action;
import org.hubben.content.Draft;
import org.hubben.content.PostEditor;
import reactor.core.publisher.Flux;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;

/** {@code /api/drafts}: the posts not scheduled yet, the home-site feed's among them. */
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
