package org.hubben.web;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.hubben.content.Draft;
import org.hubben.content.PostEditor;
import org.hubben.organisation.Action;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import org.hubben.publishing.PublicationView;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /}: the organisation's drafts, the latest publications and the way to compose
 * the next.
 */
@Controller
class DashboardPage {

	static final int LATEST = 20;

	private final Publisher publisher;

	private final PostEditor editor;

	private final CurrentMember currentMember;

	private final Organisations organisations;

	private final Channels channels;

	DashboardPage(Publisher publisher, PostEditor editor, CurrentMember currentMember, Organisations organisations,
			Channels channels) {
		this.channels = channels;
		this.publisher = publisher;
		this.editor = editor;
		this.currentMember = currentMember;
		this.organisations = organisations;
	}

	@GetMapping("/")
	Mono<Rendering> dashboard(Principal principal, Locale locale) {
		Mono<Member> viewing = this.currentMember.allowed(principal, Action.VIEW).cache();
		Mono<List<Row>> publications = viewing
			.flatMapMany((viewer) -> this.publisher.latest(viewer.organisationId(), LATEST))
			.concatMap((view) -> this.editor.find(view.publication().postId())
				.map((post) -> Row.of(view, post.title(), locale))
				.onErrorResume(org.hubben.content.PostNotFound.class,
						(ex) -> Mono.just(Row.of(view, "(post removed)", locale))))
			.collectList();
		Mono<List<DraftRow>> drafts = viewing.flatMap((member) -> this.organisations.findById(member.organisationId())
			.flatMap((organisation) -> this.editor.drafts(member.organisationId(), LATEST)
				.map((draft) -> DraftRow.of(draft, organisation.zoneId()))
				.collectList()));
		// A newcomer's organisation has no channel yet: the page says where to start.
		Mono<Boolean> hasChannels = viewing
			.flatMap((member) -> this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(member.organisationId())
				.hasElements());
		return Mono.zip(publications, drafts, hasChannels)
			.map((all) -> Rendering.view("dashboard")
				.modelAttribute("publications", all.getT1())
				.modelAttribute("drafts", all.getT2())
				.modelAttribute("hasChannels", all.getT3())
				.build());
	}

	record Row(UUID id, String title, Instant dueAt, String due, List<Badge> badges) {

		static Row of(PublicationView view, String title, Locale locale) {
			var publication = view.publication();
			return new Row(publication.id(), title, publication.dueAt(),
					DueTimeText.of(publication.dueAt(), publication.zoneId(), locale),
					view.deliveries()
						.stream()
						.map((delivery) -> new Badge(delivery.platform().displayName(), delivery.state().name()))
						.toList());
		}

	}

	record Badge(String platform, String state) {

	}

	/**
	 * A draft as the dashboard lists it.
	 *
	 * @param source where it came from, e.g. "From the home-site feed, published Sat 21
	 * Nov 2026, 10:00" or "By admin"
	 * @param at when it was saved, or when the home site published its article
	 */
	record DraftRow(UUID id, String title, boolean fromFeed, String source, Instant at) {

		static DraftRow of(Draft draft, String zoneId) {
			var post = draft.post();
			if (draft.fromFeed()) {
				Instant published = draft.articlePublishedAt();
				return new DraftRow(post.id(), post.title(), true,
						"From the home-site feed"
								+ ((published != null) ? ", published " + DueTimeText.of(published, zoneId) : ""),
						(published != null) ? published : post.createdAt());
			}
			// A draft saved as its author typed may have no title yet.
			return new DraftRow(post.id(), post.title().isBlank() ? "Untitled draft" : post.title(), false,
					"By " + post.createdBy() + ", saved " + DueTimeText.of(post.createdAt(), zoneId), post.createdAt());
		}

	}

}
