package org.hubben.web;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hubben.content.InvalidPost;
import org.hubben.content.Library;
import org.hubben.content.LibraryEntry;
import org.hubben.content.OriginChanges;
import org.hubben.content.RevisionRefused;
import org.hubben.organisation.Access;
import org.hubben.organisation.AccessDenied;
import org.hubben.organisation.Action;
import org.hubben.organisation.Member;
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
 * {@code /library}: the posts organisations above share, to adopt one (choosing its
 * link), and the centre's changes to the ones adopted, to take or keep.
 */
@Controller
class LibraryPage {

	private static final int EXCERPT = 240;

	private final Library library;

	private final Access access;

	private final CurrentMember currentMember;

	LibraryPage(Library library, Access access, CurrentMember currentMember) {
		this.library = library;
		this.access = access;
		this.currentMember = currentMember;
	}

	/**
	 * @param origin {@code taken} or {@code kept} after a change was taken or kept
	 */
	@GetMapping("/library")
	Mono<Rendering> library(@RequestParam(name = "origin", required = false) String origin, Principal principal) {
		String outcome = ("taken".equals(origin) || "kept".equals(origin)) ? origin : null;
		return this.currentMember.of(principal)
			.flatMap((member) -> page(member, null, Map.of(), null, HttpStatus.OK, outcome));
	}

	/** Adopts a shared post, then opens the copy in the edit page to localise it. */
	@PostMapping("/library/{postId}/adopt")
	Mono<Rendering> adopt(@PathVariable UUID postId, @ModelAttribute AdoptForm form, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.library.adopt(member, postId, form.choice(), form.link())
				.map((adopted) -> Rendering.redirectTo("/posts/" + adopted.post().id() + "/edit?adopted=true").build())
				.onErrorResume(InvalidPost.class,
						(ex) -> page(member, form.withPost(postId), ex.errors(), null, HttpStatus.BAD_REQUEST))
				.onErrorResume(AccessDenied.class, (ex) -> page(member, form.withPost(postId),
						Map.of("adopt", ex.getMessage()), null, HttpStatus.FORBIDDEN)));
	}

	@PostMapping("/posts/{id}/origin-changes/take")
	Mono<Rendering> take(@PathVariable UUID id, @ModelAttribute BackForm back, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.library.takeChange(member, id)
				.thenReturn(Rendering.redirectTo(back.target(id, "taken")).build())
				.onErrorResume(RevisionRefused.class,
						(ex) -> page(member, null, Map.of(), ex.getMessage(), HttpStatus.CONFLICT))
				.onErrorResume(InvalidPost.class, (ex) -> page(member, null, Map.of(),
						String.join("; ", ex.errors().values()), HttpStatus.CONFLICT)));
	}

	@PostMapping("/posts/{id}/origin-changes/keep")
	Mono<Rendering> keep(@PathVariable UUID id, @ModelAttribute BackForm back, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.library.keepMine(member, id)
				.thenReturn(Rendering.redirectTo(back.target(id, "kept")).build()));
	}

	/**
	 * @param failed the adopt form that was refused, or {@code null}
	 * @param refusal why a change could not be taken, or {@code null}
	 */
	private Mono<Rendering> page(Member member, AdoptForm failed, Map<String, String> errors, String refusal,
			HttpStatus status) {
		return page(member, failed, errors, refusal, status, null);
	}

	private Mono<Rendering> page(Member member, AdoptForm failed, Map<String, String> errors, String refusal,
			HttpStatus status, String outcome) {
		return this.library.shelf(member)
			.concatMap((entry) -> (entry.originChanged()
					? this.library.originChanges(entry.adoptedPostId()).map(Optional::of)
					: Mono.just(Optional.<OriginChanges>empty()))
				.map((changes) -> new Shelved(entry, changes.orElse(null))))
			.collectList()
			.zipWith(this.access.may(member, Action.ADOPT, member.organisationId()))
			.map((loaded) -> Rendering.view("library")
				.modelAttribute("entries", loaded.getT1())
				.modelAttribute("mayAdopt", loaded.getT2())
				.modelAttribute("failed", Optional.ofNullable(failed))
				.modelAttribute("errors", errors)
				.modelAttribute("refusal", Optional.ofNullable(refusal))
				.modelAttribute("outcome", (outcome != null) ? outcome : "")
				.status(status)
				.build());
	}

	/** The start of a text, cut on a word boundary. */
	static String excerpt(String text) {
		if (text == null || text.length() <= EXCERPT) {
			return text;
		}
		int cut = text.lastIndexOf(' ', EXCERPT);
		return text.substring(0, (cut > EXCERPT / 2) ? cut : EXCERPT).strip() + "…";
	}

	/**
	 * A shared post on the library page.
	 *
	 * @param changes how it changed since this organisation adopted it, or {@code null}
	 * when it did not change or was not adopted
	 */
	record Shelved(LibraryEntry entry, OriginChanges changes) {

		public String excerpt() {
			return LibraryPage.excerpt(this.entry.post().text());
		}

		public List<OriginChanges.FieldChange> fields() {
			return (this.changes != null) ? this.changes.fields() : List.of();
		}

	}

	/**
	 * The adopt form.
	 *
	 * @param postId the shared post (set from the path)
	 * @param linkTo {@code centre} or {@code own}
	 * @param link with {@code own}: the adopter's page, or blank for their home site's
	 */
	record AdoptForm(UUID postId, String linkTo, String link) {

		String choice() {
			return (this.linkTo != null) ? this.linkTo : "centre";
		}

		AdoptForm withPost(UUID id) {
			return new AdoptForm(id, this.linkTo, this.link);
		}

		public boolean own() {
			return "own".equals(this.linkTo);
		}

	}

	/**
	 * @param back {@code edit} to go back to the post's edit page, else the library
	 */
	record BackForm(String back) {

		String target(UUID postId, String outcome) {
			return "edit".equals(this.back) ? "/posts/" + postId + "/edit?origin=" + outcome
					: "/library?origin=" + outcome;
		}

	}

}
