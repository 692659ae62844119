package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

import org.hubben.organisation.Action;
import org.hubben.organisation.NewOrganisation;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.OrganisationDirectory;
import org.hubben.organisation.OrganisationFounder;
import org.hubben.organisation.OrganisationSummary;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** {@code /api/organisations}: the tree of organisations a member sees, and new ones. */
@ApiController("/api/organisations")
@Tag(name = "Organisations", description = "Your organisation and the ones below it")
class OrganisationApi {

	private final OrganisationDirectory directory;

	private final OrganisationFounder founder;

	private final CurrentMember currentMember;

	OrganisationApi(OrganisationDirectory directory, OrganisationFounder founder, CurrentMember currentMember) {
		this.directory = directory;
		this.founder = founder;
		this.currentMember = currentMember;
	}

	@GetMapping
	@Operation(operationId = "listOrganisations", summary = "List your organisation and every one below it",
			description = "Each parent before its children; `depth` is 0 for your own organisation.")
	Flux<OrganisationJson> tree(Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMapMany(this.directory::tree)
			.map(OrganisationJson::of);
	}

	@PostMapping
	@Operation(operationId = "createOrganisation", summary = "Create an organisation below one you administer",
			description = "Takes an administrator of the parent or of an organisation above it (403 otherwise). "
					+ "Without `slug`, it is made from the name; without `zoneId`, the parent's zone.")
	@ApiResponse(responseCode = "201", description = "The new organisation")
	Mono<ResponseEntity<OrganisationJson>> create(@RequestBody NewOrganisationJson body, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.founder.create(member, body.toRequest()))
			.map((created) -> ResponseEntity.created(URI.create("/api/organisations/" + created.id()))
				.body(OrganisationJson.of(new OrganisationSummary(created, -1, 0, 0))));
	}

	/**
	 * @param parentId the organisation it belongs under
	 * @param slug lower-case letters, digits and hyphens; absent to make it from the name
	 * @param zoneId an IANA zone; absent for the parent's
	 * @param homeSiteUrl its own site; absent when Hubben serves its home site
	 */
	record NewOrganisationJson(UUID parentId, @Schema(example = "Region Skåne") String name,
			@Schema(example = "region-skane") String slug, @Schema(example = "Europe/Stockholm") String zoneId,
			String homeSiteUrl) {

		NewOrganisation toRequest() {
			return new NewOrganisation(this.parentId, this.name, this.slug, this.zoneId, this.homeSiteUrl);
		}

	}

	/**
	 * @param depth 0 for your own organisation, 1 for one right below it, and so on; -1
	 * in the answer to creating one
	 * @param members how many members it has
	 * @param channels how many channels it has
	 */
	record OrganisationJson(UUID id, UUID parentId, String name, String slug, String zoneId, String homeSiteUrl,
			Instant createdAt, int depth, long members, long channels) {

		static OrganisationJson of(OrganisationSummary summary) {
			Organisation organisation = summary.organisation();
			return new OrganisationJson(organisation.id(), organisation.parentId(), organisation.name(),
					organisation.slug(), organisation.zoneId(), organisation.homeSiteUrl(), organisation.createdAt(),
					summary.depth(), summary.members(), summary.channels());
		}

	}

}
