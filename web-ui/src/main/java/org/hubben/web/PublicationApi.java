package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Targeting;
import org.hubben.content.PostEditor;
import org.hubben.content.PostNotFound;
import org.hubben.organisation.Action;
import org.hubben.publishing.Delivery;
import org.hubben.publishing.DeliveryState;
import org.hubben.publishing.DueTimes;
import org.hubben.publishing.PublicationNotFound;
import org.hubben.publishing.PublicationRequest;
import org.hubben.publishing.PublicationView;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** Publications: a post on some channels at a time, and the state of each delivery. */
@ApiController("/api")
@Tag(name = "Publications", description = "A post on some channels at a time, and each delivery's state")
class PublicationApi {

	private final Publisher publisher;

	private final PostEditor editor;

	private final CurrentMember currentMember;

	PublicationApi(Publisher publisher, PostEditor editor, CurrentMember currentMember) {
		this.publisher = publisher;
		this.editor = editor;
		this.currentMember = currentMember;
	}

	@PostMapping("/posts/{postId}/publications")
	@Operation(operationId = "schedulePost", summary = "Schedule a post on channels",
			description = "No `at` sends it now. `at` is an ISO-8601 instant, or a local date-time read in `zone`; "
					+ "a time that daylight saving skips or repeats is refused with the reason.")
	@ApiResponse(responseCode = "201", description = "The publication, with one delivery per channel")
	Mono<ResponseEntity<PublicationJson>> schedule(@PathVariable UUID postId, @RequestBody ScheduleJson body,
			Principal principal) {
		return schedulable(postId, principal).then(Mono.fromCallable(body::toRequest))
			.flatMap((request) -> this.publisher.schedule(postId, request, principal.getName()))
			.map((view) -> ResponseEntity.created(URI.create("/api/publications/" + view.publication().id()))
				.body(PublicationJson.of(view)));
	}

	@GetMapping("/publications/{id}")
	@Operation(operationId = "getPublication", summary = "Get a publication and the state of each delivery")
	Mono<PublicationJson> one(@PathVariable UUID id, Principal principal) {
		return publication(id, Action.VIEW, principal).map(PublicationJson::of);
	}

	@PostMapping("/publications/{id}/retry")
	@Operation(operationId = "retryPublication", summary = "Send the failed deliveries again, now",
			description = "Only deliveries in state FAILED are sent again; the others are left as they are.")
	Mono<PublicationJson> retry(@PathVariable UUID id, Principal principal) {
		return publication(id, Action.SCHEDULE, principal)
			.then(Mono.defer(() -> this.publisher.retryFailed(id, principal.getName())))
			.map(PublicationJson::of);
	}

	@PatchMapping("/publications/{id}")
	@Operation(operationId = "reschedulePublication", summary = "Move a publication to another time",
			description = "`at` is an ISO-8601 instant, or a local date-time read in `zone` (absent: the "
					+ "publication's zone); a time that daylight saving skips or repeats, or that has passed, is "
					+ "refused (400). Only a publication none of whose deliveries has started going out can move: "
					+ "otherwise 409, with the reason.")
	@ApiResponse(responseCode = "200", description = "The publication at its new time")
	@ApiResponse(responseCode = "409", description = "It was already sent, is going out or was cancelled")
	Mono<PublicationJson> reschedule(@PathVariable UUID id, @RequestBody RescheduleJson body, Principal principal) {
		return publication(id, Action.SCHEDULE, principal).flatMap((view) -> {
			if (body.at() == null || body.at().isBlank()) {
				return Mono.error(new InvalidRequest(Map.of("at", "Choose the new time")));
			}
			try {
				return this.publisher.reschedule(id, OffsetDateTime.parse(body.at()).toInstant(), body.zone(),
						principal.getName());
			}
			catch (DateTimeParseException notWithOffset) {
				try {
					return this.publisher.reschedule(id, LocalDateTime.parse(body.at()), body.zone(),
							principal.getName());
				}
				catch (DateTimeParseException ex) {
					return Mono.error(new InvalidRequest(
							Map.of("at", "'" + body.at() + "' is not an ISO-8601 time such as 2026-05-01T08:00")));
				}
			}
		}).map(PublicationJson::of);
	}

	/**
	 * The publication, when the member may take the action on its post's organisation;
	 * one of an organisation whose work they do not see is not found, as an unknown one
	 * is.
	 */
	private Mono<PublicationView> publication(UUID id, Action action, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.publisher.view(id)
				.flatMap((view) -> this.editor.find(view.publication().postId())
					.onErrorMap(PostNotFound.class, (ex) -> new PublicationNotFound(id))
					.flatMap((post) -> this.currentMember.allowed(member, action, post.organisationId(),
							() -> new PublicationNotFound(id)))
					.thenReturn(view)));
	}

	/** Completes when the member may schedule the post; otherwise not found or 403. */
	private Mono<Void> schedulable(UUID postId, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.editor.find(postId)
				.flatMap((post) -> this.currentMember.allowed(member, Action.SCHEDULE, post.organisationId(),
						() -> new PostNotFound(postId))))
			.then();
	}

	/**
	 * @param at an ISO-8601 instant ({@code 2026-05-01T08:00:00Z}, or with an offset), or
	 * a local date-time ({@code 2026-05-01T10:00}) read in {@code zone}
	 * @param zone an IANA zone; absent for the publication's
	 */
	record RescheduleJson(String at, String zone) {

	}

	@DeleteMapping("/publications/{id}")
	@Operation(operationId = "cancelPublication", summary = "Cancel the deliveries not yet claimed",
			description = "Pending, retrying and waiting deliveries become CANCELLED; sent ones stay sent.")
	Mono<PublicationJson> cancel(@PathVariable UUID id, Principal principal) {
		return publication(id, Action.SCHEDULE, principal)
			.then(Mono.defer(() -> this.publisher.cancel(id, principal.getName())))
			.map(PublicationJson::of);
	}

	/**
	 * @param channelIds the channels
	 * @param at an ISO-8601 instant ({@code 2026-05-01T08:00:00Z}, or with an offset), or
	 * a local date-time read in {@code zone}; absent for now
	 * @param zone an IANA zone; absent for the organisation's
	 * @param sendLate {@code true} to send deliveries Hubben could not send within the
	 * late limit of their time anyway; absent or {@code false} to let them fail as having
	 * missed their time
	 * @param factsChecked {@code true} once the person went through the post's fact
	 * checklist ({@code GET /api/posts/{id}/checklist}); a post that states facts
	 * (sources, figures, dates, quotes) is refused without it
	 * @param targeting who alone may see it, for a targeted ("dark") Facebook post;
	 * absent for an open publication
	 */
	record ScheduleJson(List<UUID> channelIds, String at, String zone, Boolean sendLate, Boolean factsChecked,
			@Schema(description = "Makes it a targeted (\"dark\") Facebook post, hidden from the Page and seen only by "
					+ "this audience. Accepted only when the same post is published openly (sent, or scheduled at or "
					+ "before this time); it links to the open post.") TargetingJson targeting) {

		PublicationRequest toRequest() {
			return new PublicationRequest(this.channelIds, instant(), this.zone, Boolean.TRUE.equals(this.sendLate),
					Boolean.TRUE.equals(this.factsChecked),
					(this.targeting != null) ? this.targeting.toTargeting() : null);
		}

		private Instant instant() {
			if (this.at == null || this.at.isBlank()) {
				return null;
			}
			try {
				return OffsetDateTime.parse(this.at).toInstant();
			}
			catch (DateTimeParseException notWithOffset) {
				try {
					LocalDateTime local = LocalDateTime.parse(this.at);
					if (this.zone == null) {
						throw new InvalidRequest(
								Map.of("at", "A time without an offset needs a zone, e.g. \"Europe/Stockholm\""));
					}
					ZoneId zoneId = DueTimes.zone(this.zone);
					return DueTimes.resolve(local, zoneId);
				}
				catch (DateTimeParseException ex) {
					throw new InvalidRequest(
							Map.of("at", "'" + this.at + "' is not an ISO-8601 time such as 2026-05-01T08:00:00Z"));
				}
			}
		}

	}

	/**
	 * @param countries ISO 3166-1 alpha-2 codes, at least one
	 * @param ageMin the youngest age, 13 to 65
	 * @param ageMax the oldest age, 13 to 65
	 * @param locales Facebook's locale numbers; absent for any
	 */
	record TargetingJson(@Schema(example = "[\"SE\"]") List<String> countries, @Schema(example = "18") Integer ageMin,
			@Schema(example = "65") Integer ageMax, List<String> locales) {

		Targeting toTargeting() {
			return new Targeting(this.countries, (this.ageMin != null) ? this.ageMin : 0,
					(this.ageMax != null) ? this.ageMax : 0, this.locales);
		}

	}

	record PublicationJson(UUID id, UUID postId, Instant dueAt, String zone, boolean sendLate,
			@Schema(description = "Whether it is a targeted (\"dark\") post") boolean targeted,
			List<DeliveryJson> deliveries) {

		static PublicationJson of(PublicationView view) {
			var publication = view.publication();
			return new PublicationJson(publication.id(), publication.postId(), publication.dueAt(),
					publication.zoneId(), publication.sendLate(), publication.targeting() != null,
					view.deliveries().stream().map(DeliveryJson::of).toList());
		}

	}

	record DeliveryJson(UUID id, UUID channelId, @Schema(allowableValues = {
			"facebook", "youtube", "x", "flickr" }) String platform,
			@Schema(description = "See the README's \"Never lost, never twice\"",
					allowableValues = { "PENDING", "SENDING", "SENT", "RETRYING", "UNKNOWN", "WAITING", "FAILED",
							"CANCELLED" }) String state,
			String remoteId, String remoteUrl, int attempts,
			@Schema(description = "When a retrying delivery goes again; null in every other state") Instant nextAttemptAt,
			@Schema(description = "Why it failed, waits or retries, in words a person can act on") String error){

		/**
		 * {@code nextAttemptAt} is shown only while it means something: when a retrying
		 * delivery goes again.
		 */
		static DeliveryJson of(Delivery delivery) {
			return new DeliveryJson(delivery.id(), delivery.channelId(), delivery.platform().id(),
					delivery.state().name(), delivery.remoteId(), delivery.remoteUrl(), delivery.attempts(),
					(delivery.state() == DeliveryState.RETRYING) ? delivery.nextAttemptAt() : null, delivery.error());
		}

	}

}
