package org.hubben.web;

import java.security.Principal;
import java.util.Map;
import java.util.UUID;

import org.hubben.content.PostEditor;
import org.hubben.content.PostNotFound;
import org.hubben.organisation.AccessDenied;
import org.hubben.organisation.Action;
import org.hubben.organisation.Channels;
import org.hubben.organisation.InvalidOrganisation;
import org.hubben.organisation.Member;
import org.hubben.organisation.NewOrganisation;
import org.hubben.organisation.OrganisationDirectory;
import org.hubben.organisation.OrganisationFounder;
import org.hubben.organisation.Reach;
import org.hubben.publishing.Publisher;
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
 * {@code /organisations}: the member's organisation and the ones below it, with a form
 * for administrators to add one; {@code /organisations/{id}}: one of them, read only.
 */
@Controller
class OrganisationsPage {

	static final int LATEST = 20;

	private final OrganisationDirectory directory;

	private final OrganisationFounder founder;

	private final Channels channels;

	private final Publisher publisher;

	private final PostEditor editor;

	private final CurrentMember currentMember;

	OrganisationsPage(OrganisationDirectory directory, OrganisationFounder founder, Channels channels,
			Publisher publisher, PostEditor editor, CurrentMember currentMember) {
		this.directory = directory;
		this.founder = founder;
		this.channels = channels;
		this.publisher = publisher;
		this.editor = editor;
		this.currentMember = currentMember;
	}

	@GetMapping("/organisations")
	Mono<Rendering> tree(@RequestParam(name = "created", required = false) String created, Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> page(member, OrganisationForm.below(member.organisationId()), Map.of(), created,
					HttpStatus.OK));
	}

	@PostMapping("/organisations")
	Mono<Rendering> create(@ModelAttribute("form") OrganisationForm form, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.founder.create(member, form.toRequest())
				.map((organisation) -> Rendering.redirectTo("/organisations?created=" + organisation.slug()).build())
				.onErrorResume(InvalidOrganisation.class,
						(ex) -> page(member, form, ex.errors(), null, HttpStatus.BAD_REQUEST))
				.onErrorResume(AccessDenied.class,
						(ex) -> page(member, form, Map.of("parentId", ex.getMessage()), null, HttpStatus.FORBIDDEN)));
	}

	/**
	 * One organisation the member sees, read only: its channels and latest publications.
	 * One they may not see is not found, as an unknown one is.
	 */
	@GetMapping("/organisations/{id}")
	Mono<Rendering> one(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.directory.one(member, id))
			.flatMap((summary) -> Mono
				.zip(this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(id).collectList(),
						this.publisher.latest(id, LATEST)
							.concatMap((view) -> this.editor.find(view.publication().postId())
								.map((post) -> DashboardPage.Row.of(view, post.title()))
								.onErrorResume(PostNotFound.class,
										(ex) -> Mono.just(DashboardPage.Row.of(view, "(post removed)"))))
							.collectList())
				.map((both) -> Rendering.view("organisation")
					.modelAttribute("summary", summary)
					.modelAttribute("organisation", summary.organisation())
					.modelAttribute("channels", both.getT1())
					.modelAttribute("publications", both.getT2())
					.build()))
			.onErrorResume(AccessDenied.class, (ex) -> Mono
				.just(PageModels.notFound("There is no organisation " + id + " among the ones you see")));
	}

	private Mono<Rendering> page(Member member, OrganisationForm form, Map<String, String> errors, String created,
			HttpStatus status) {
		return this.directory.tree(member)
			.collectList()
			.map((rows) -> Rendering.view("organisations")
				.modelAttribute("rows", rows)
				.modelAttribute("ownId", member.organisationId())
				.modelAttribute("mayCreate", member.role().may(Action.MANAGE_SETTINGS, Reach.OWN))
				.modelAttribute("form", form)
				.modelAttribute("errors", errors)
				.modelAttribute("created", created)
				.status(status)
				.build());
	}

	/** The form to add an organisation, as typed. */
	record OrganisationForm(UUID parentId, String name, String slug, String zoneId, String homeSiteUrl) {

		static OrganisationForm below(UUID parentId) {
			return new OrganisationForm(parentId, "", "", "", "");
		}

		NewOrganisation toRequest() {
			return new NewOrganisation(this.parentId, this.name, this.slug, this.zoneId, this.homeSiteUrl);
		}

	}

}
