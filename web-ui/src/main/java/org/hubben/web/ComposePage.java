package org.hubben.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hubben.content.InvalidPost;
import org.hubben.content.PostEditor;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import org.hubben.publishing.InvalidPublication;
import org.hubben.publishing.PublicationRequest;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /posts/new}: compose a post once and publish it on some of the organisation's
 * channels, now or later.
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

	private final CurrentMember currentMember;

	ComposePage(PostEditor editor, Publisher publisher, Channels channels, Organisations organisations,
			CurrentMember currentMember) {
		this.editor = editor;
		this.publisher = publisher;
		this.channels = channels;
		this.organisations = organisations;
		this.currentMember = currentMember;
	}

	@GetMapping("/posts/new")
	Mono<Rendering> form(Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.organisations.findById(member.organisationId())
				.flatMap((organisation) -> page(member, ComposeForm.empty(organisation.zoneId()), Map.of(),
						HttpStatus.OK)));
	}

	@PostMapping("/posts")
	Mono<Rendering> compose(@ModelAttribute("form") ComposeForm form, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> Mono.fromCallable(form::toRequest)
				.flatMap((request) -> composeAndSchedule(form, request, member))
				.map((publicationId) -> Rendering.redirectTo("/publications/" + publicationId).build())
				.onErrorResume(InvalidPost.class, (ex) -> refused(member, form, ex.errors()))
				.onErrorResume(InvalidPublication.class, (ex) -> refused(member, form, ex.errors())));
	}

	private Mono<java.util.UUID> composeAndSchedule(ComposeForm form, PublicationRequest request, Member member) {
		return this.editor.compose(form.toDraft(), member.organisationId(), member.username())
			.flatMap((composed) -> this.publisher.schedule(composed.post().id(), request, member.username()))
			.map((view) -> view.publication().id());
	}

	private Mono<Rendering> refused(Member member, ComposeForm form, Map<String, String> errors) {
		return page(member, form, errors, HttpStatus.BAD_REQUEST);
	}

	private Mono<Rendering> page(Member member, ComposeForm form, Map<String, String> errors, HttpStatus status) {
		return Mono
			.zip(this.organisations.findById(member.organisationId()),
					this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(member.organisationId()).collectList())
			.map((both) -> Rendering.view("compose")
				.modelAttribute("form", form)
				.modelAttribute("errors", errors)
				.modelAttribute("channelGroups", byPlatform(both.getT2()))
				.modelAttribute("zones", zones(both.getT1().zoneId(), form.zone()))
				.status(status)
				.build());
	}

	private static Map<String, List<Channel>> byPlatform(List<Channel> channels) {
		Map<String, List<Channel>> groups = new LinkedHashMap<>();
		for (Channel channel : channels) {
			groups.computeIfAbsent(channel.platform().displayName(), (platform) -> new ArrayList<>()).add(channel);
		}
		return groups;
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
