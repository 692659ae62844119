package org.hubben.web;

import java.security.Principal;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.hubben.organisation.Action;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelNotFound;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.Channels;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** {@code /api/channels}: the caller's organisation's channels on every platform. */
@ApiController("/api/channels")
@Tag(name = "Channels", description = "Your organisation's accounts on each platform")
class ChannelApi {

	private final Channels channels;

	private final ChannelRegistrar registrar;

	private final CurrentMember currentMember;

	ChannelApi(Channels channels, ChannelRegistrar registrar, CurrentMember currentMember) {
		this.channels = channels;
		this.registrar = registrar;
		this.currentMember = currentMember;
	}

	@GetMapping
	@Operation(operationId = "listChannels", summary = "List your organisation's channels",
			description = "Each channel with its platform and whether its token still works (`connected` or `expired`).")
	Flux<ChannelJson> all(Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMapMany(
					(member) -> this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(member.organisationId()))
			.map(ChannelJson::of);
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "removeChannel", summary = "Remove a channel and its credentials",
			description = "Administrators of the channel's organisation only (403 otherwise; 404 for a channel of an "
					+ "organisation whose work you do not see). A channel publications went to stays as their "
					+ "record: 409.")
	@ApiResponse(responseCode = "204", description = "Removed")
	Mono<ResponseEntity<Void>> remove(@PathVariable UUID id, Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> this.channels.findById(id)
				.switchIfEmpty(Mono.error(() -> new ChannelNotFound(id)))
				.flatMap((channel) -> this.currentMember.allowed(member, Action.MANAGE_CHANNELS,
						channel.organisationId(), () -> new ChannelNotFound(id))))
			.then(Mono.defer(() -> this.registrar.remove(id)))
			.thenReturn(ResponseEntity.noContent().build());
	}

	/**
	 * @param tokenExpiresAt when the channel's access token expires (Hubben refreshes it
	 * before), or {@code null} when it does not
	 * @param verified whether a member confirmed it as the organisation's own through the
	 * platform; nothing is published on a channel that is not
	 * @param verifiedBy who confirmed it, or {@code null}
	 * @param verifiedAt when, or {@code null}
	 * @param verifiedAccountName the account name they confirmed, or {@code null}
	 */
	record ChannelJson(UUID id, UUID organisationId, @Schema(allowableValues = {
			"facebook", "youtube", "x", "flickr" }) String platform, String name,
			@Schema(allowableValues = { "connected", "expired" }) String status, Instant tokenExpiresAt,
			boolean verified, String verifiedBy, Instant verifiedAt, String verifiedAccountName){

		static ChannelJson of(Channel channel) {
			return new ChannelJson(channel.id(), channel.organisationId(), channel.platform().id(), channel.name(),
					channel.status().name().toLowerCase(Locale.ROOT), channel.tokenExpiresAt(), channel.verified(),
					channel.verifiedBy(), channel.verifiedAt(), channel.verifiedAccountName());
		}

	}

}
