package org.hubben.web;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.hubben.organisation.Reach;
import org.hubben.organisation.Action;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelConnected;
import org.hubben.organisation.ChannelLinker;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.hubben.organisation.LinkOffer;
import org.hubben.organisation.LinkRefused;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.Organisations;
import org.hubben.organisation.TokenState;
import org.hubben.publishing.ChannelDeliveries;
import org.hubben.publishing.Delivery;
import org.hubben.publishing.DeliveryProblems;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /channels}: the organisation's channels with their state, and connecting them:
 * Connect (or Reconnect) sends the member to the platform, the platform sends them back
 * to {@code /channels/callback/{platform}}, a confirmation page names the accounts the
 * platform offered, and confirming connects them. Failures land on the channels page with
 * their reason.
 */
@Controller
class ChannelsPage {

	private final CurrentMember currentMember;

	private final Organisations organisations;

	private final Channels channels;

	private final ChannelLinker linker;

	private final ChannelDeliveries channelDeliveries;

	private final PlatformEndpoints endpoints;

	private final DeliveryProblems problems;

	private final Clock clock;

	ChannelsPage(CurrentMember currentMember, Organisations organisations, Channels channels, ChannelLinker linker,
			ChannelDeliveries channelDeliveries, PlatformEndpoints endpoints, DeliveryProblems problems, Clock clock) {
		this.problems = problems;
		this.clock = clock;
		this.currentMember = currentMember;
		this.organisations = organisations;
		this.channels = channels;
		this.linker = linker;
		this.channelDeliveries = channelDeliveries;
		this.endpoints = endpoints;
	}

	@GetMapping("/channels")
	Mono<Rendering> channels(Principal principal,
			@RequestParam(name = "connected", required = false) List<UUID> connected,
			@RequestParam(name = "reconnected", required = false) List<UUID> reconnected) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> page(member, null, HttpStatus.OK, orEmpty(connected), orEmpty(reconnected)));
	}

	@PostMapping("/channels/connect/{platform}")
	Mono<Rendering> connect(@PathVariable String platform, Principal principal, ServerHttpRequest request) {
		return this.currentMember.of(principal)
			.flatMap((member) -> platform(platform)
				.flatMap((target) -> this.linker.start(member, target, callback(request, target)))
				.map((authorise) -> Rendering.redirectTo(browserFacing(authorise, request).toString())
					.status(HttpStatus.FOUND)
					.build())
				.onErrorResume(LinkRefused.class, (ex) -> refused(member, ex)));
	}

	@GetMapping("/channels/callback/{platform}")
	Mono<Rendering> callback(@PathVariable String platform, @RequestParam Map<String, String> parameters,
			Principal principal) {
		return this.currentMember.of(principal)
			.flatMap((member) -> platform(platform).flatMap((target) -> this.linker.finish(member, target, parameters))
				.map((offer) -> confirmation(offer, null, HttpStatus.OK))
				.onErrorResume(LinkRefused.class, (ex) -> refused(member, ex)));
	}

	@PostMapping("/channels/confirm")
	Mono<Rendering> confirm(@ModelAttribute ConfirmForm form, Principal principal) {
		return this.currentMember.of(principal).flatMap((member) -> {
			if (form.offer() == null) {
				return refused(member, new LinkRefused(LinkRefused.Reason.STALE, "Nothing was connected: start again"));
			}
			return this.linker.confirm(member, form.offer(), orEmpty(form.accountIds()))
				.map(ChannelsPage::connectedRedirect)
				.onErrorResume(
						LinkRefused.class, (
								ex) -> (ex.reason() == LinkRefused.Reason.NOTHING_CHOSEN)
										? this.linker.offer(member, form.offer())
											.map((offer) -> confirmation(offer, ex.getMessage(),
													HttpStatus.BAD_REQUEST))
											.onErrorResume(LinkRefused.class, (stale) -> refused(member, stale))
										: refused(member, ex));
		});
	}

	private Mono<Rendering> refused(Member member, LinkRefused refusal) {
		HttpStatus status = switch (refusal.reason()) {
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case UNSUPPORTED -> HttpStatus.NOT_FOUND;
			case STALE, NOTHING_CHOSEN -> HttpStatus.BAD_REQUEST;
			case DECLINED -> HttpStatus.OK;
			case UNAVAILABLE -> HttpStatus.BAD_GATEWAY;
		};
		return page(member, refusal.getMessage(), status, List.of(), List.of());
	}

	private Mono<Rendering> page(Member member, String problem, HttpStatus status, List<UUID> connected,
			List<UUID> reconnected) {
		Instant now = this.clock.instant();
		return this.organisations.findById(member.organisationId())
			.flatMap((organisation) -> this.problems.heldChannels(organisation.id(), now)
				.collectMap(DeliveryProblems.Hold::channelId)
				.flatMap((holds) -> this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(organisation.id())
					.concatMap((channel) -> this.channelDeliveries.last(channel.id())
						.map(Optional::of)
						.defaultIfEmpty(Optional.empty())
						.map((last) -> Row.of(channel, last, Optional.ofNullable(holds.get(channel.id())), organisation,
								now)))
					.collectList())
				.map((rows) -> Rendering.view("channels")
					.modelAttribute("organisation", organisation)
					.modelAttribute("rows", rows)
					.modelAttribute("admin", member.role().may(Action.MANAGE_CHANNELS, Reach.OWN))
					.modelAttribute("platforms",
							this.linker.platforms().stream().map((platform) -> new Connect(platform)).toList())
					.modelAttribute("problem", problem)
					.modelAttribute("notices", notices(rows, connected, reconnected))
					.status(status)
					.build()));
	}

	private static List<String> notices(List<Row> rows, List<UUID> connected, List<UUID> reconnected) {
		List<String> notices = new ArrayList<>();
		for (Row row : rows) {
			if (connected.contains(row.id())) {
				notices.add("Connected the " + row.platform() + " " + row.noun() + " «" + row.name() + "»");
			}
			if (reconnected.contains(row.id())) {
				notices.add("Reconnected the " + row.platform() + " " + row.noun() + " «" + row.name() + "»");
			}
		}
		return notices;
	}

	private static Rendering confirmation(LinkOffer offer, String problem, HttpStatus status) {
		String noun = noun(offer.platform());
		Organisation organisation = offer.organisation();
		String heading;
		if (offer.accounts().size() == 1) {
			LinkOffer.Account account = offer.accounts().get(0);
			heading = (account.reconnects() ? "Reconnect" : "Connect") + " the " + offer.platform().displayName() + " "
					+ noun + " «" + account.name() + "» to " + organisation.name() + "?";
		}
		else {
			heading = "Connect " + offer.platform().displayName() + " " + plural(noun) + " to " + organisation.name()
					+ "?";
		}
		return Rendering.view("channel-confirm")
			.modelAttribute("offer", offer)
			.modelAttribute("heading", heading)
			.modelAttribute("noun", noun)
			.modelAttribute("single", offer.accounts().size() == 1)
			.modelAttribute("problem", problem)
			.status(status)
			.build();
	}

	private static Rendering connectedRedirect(List<ChannelConnected> connected) {
		String fresh = connected.stream()
			.filter((event) -> !event.reconnected())
			.map((event) -> event.channelId().toString())
			.collect(Collectors.joining(","));
		String again = connected.stream()
			.filter(ChannelConnected::reconnected)
			.map((event) -> event.channelId().toString())
			.collect(Collectors.joining(","));
		UriComponentsBuilder target = UriComponentsBuilder.fromPath("/channels");
		if (!fresh.isEmpty()) {
			target.queryParam("connected", fresh);
		}
		if (!again.isEmpty()) {
			target.queryParam("reconnected", again);
		}
		return Rendering.redirectTo(target.build().toUriString()).build();
	}

	/**
	 * An emulator in this application is reached from the server itself on the loopback
	 * address; the member's browser reaches it where it reached Hubben.
	 */
	private URI browserFacing(URI authorise, ServerHttpRequest request) {
		var local = request.getLocalAddress();
		boolean ownEmulator = this.endpoints.emulatorsEnabled() && "127.0.0.1".equals(authorise.getHost())
				&& local != null && authorise.getPort() == local.getPort()
				&& authorise.getPath().startsWith(request.getPath().contextPath().value() + "/emulator/");
		if (!ownEmulator) {
			return authorise;
		}
		URI reached = request.getURI();
		return UriComponentsBuilder.fromUri(authorise)
			.scheme(reached.getScheme())
			.host(reached.getHost())
			.port(reached.getPort())
			.build(true)
			.toUri();
	}

	/**
	 * Where the platform sends the member back: this very server as the member reached
	 * it, so the platform's redirect lands where their session is.
	 */
	private static URI callback(ServerHttpRequest request, Platform platform) {
		return UriComponentsBuilder.fromUri(request.getURI())
			.replacePath(request.getPath().contextPath().value() + "/channels/callback/" + platform.id())
			.replaceQuery(null)
			.fragment(null)
			.build()
			.toUri();
	}

	private static Mono<Platform> platform(String id) {
		return Mono.justOrEmpty(Platform.byId(id))
			.switchIfEmpty(Mono.error(() -> new LinkRefused(LinkRefused.Reason.UNSUPPORTED,
					"There is no platform '" + id + "' to connect")));
	}

	private static <T> List<T> orEmpty(List<T> values) {
		return (values != null) ? values : List.of();
	}

	/** What one account is called on a platform, for sentences. */
	static String noun(Platform platform) {
		return switch (platform) {
			case FACEBOOK -> "Page";
			case YOUTUBE -> "channel";
			case X, FLICKR -> "account";
		};
	}

	private static String plural(String noun) {
		return noun + "s";
	}

	/**
	 * The confirmation form.
	 *
	 * @param offer the offer being confirmed
	 * @param accountIds the accounts chosen
	 */
	record ConfirmForm(UUID offer, List<String> accountIds) {

	}

	/**
	 * One platform whose accounts can be connected.
	 *
	 * @param platform the platform
	 */
	record Connect(Platform platform) {

		public String id() {
			return this.platform.id();
		}

		public String label() {
			String article = (this.platform == Platform.X) ? "an " : "a ";
			return "Connect " + article + this.platform.displayName() + " " + noun(this.platform);
		}

	}

	/**
	 * One channel as the page shows it.
	 *
	 * @param id the channel
	 * @param platformId the platform's id, for the Reconnect form
	 * @param platform the platform's name
	 * @param noun what an account is called there
	 * @param name the account's name
	 * @param status {@code connected} or {@code expired}
	 * @param reconnect whether it must be reconnected
	 * @param expires when its token expires, or "does not expire"
	 * @param expiresAt the same as an instant, or {@code null}
	 * @param token {@code valid}, {@code expiring} (within a day) or {@code expired}
	 * @param heldUntil until when a rate limit holds it back, in words; {@code null} when
	 * none does
	 * @param heldUntilAt the same as an instant
	 * @param holdReason what the platform said about the limit
	 * @param lastDelivery the last delivery's state, or {@code null} when none was sent
	 * @param lastDeliveryAt when that was, in words
	 * @param lastPublicationId the publication of that delivery
	 * @param verified whether a member confirmed it as the organisation's own
	 * @param verification who confirmed it, when, and under which account name; or that
	 * it is not verified
	 */
	record Row(UUID id, String platformId, String platform, String noun, String name, String status, boolean reconnect,
			String expires, Instant expiresAt, String token, String heldUntil, Instant heldUntilAt, String holdReason,
			String lastDelivery, String lastDeliveryAt, UUID lastPublicationId, boolean verified, String verification) {

		static Row of(Channel channel, Optional<Delivery> last, Optional<DeliveryProblems.Hold> hold,
				Organisation organisation, Instant now) {
			Instant expiresAt = channel.tokenExpiresAt();
			String expires = (expiresAt != null) ? DueTimeText.of(expiresAt, organisation.zoneId()) : "does not expire";
			Delivery delivery = last.orElse(null);
			Instant lastAt = (delivery == null) ? null
					: (delivery.finishedAt() != null) ? delivery.finishedAt() : delivery.claimedAt();
			Instant heldUntilAt = hold.map(DeliveryProblems.Hold::until).orElse(null);
			return new Row(channel.id(), channel.platform().id(), channel.platform().displayName(),
					ChannelsPage.noun(channel.platform()), channel.name(),
					channel.status().name().toLowerCase(Locale.ROOT), channel.status() != ChannelStatus.CONNECTED,
					expires, expiresAt, TokenState.of(channel, now).name().toLowerCase(Locale.ROOT),
					(heldUntilAt != null) ? DueTimeText.of(heldUntilAt, organisation.zoneId()) : null, heldUntilAt,
					hold.map(DeliveryProblems.Hold::reason).orElse(null),
					(delivery != null) ? delivery.state().name() : null,
					(lastAt != null) ? DueTimeText.of(lastAt, organisation.zoneId()) : null,
					(delivery != null) ? delivery.publicationId() : null, channel.verified(),
					verification(channel, organisation));
		}

		static String verification(Channel channel, Organisation organisation) {
			if (!channel.verified()) {
				return "Not verified — reconnect";
			}
			String name = (channel.verifiedAccountName() != null) ? channel.verifiedAccountName() : channel.name();
			return "Verified by " + channel.verifiedBy() + " on "
					+ channel.verifiedAt().atZone(organisation.zone()).toLocalDate() + " as " + name;
		}

	}

}
