package org.hubben.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.hubben.organisation.Action;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Organisations;
import org.hubben.publishing.Delivery;
import org.hubben.publishing.Publisher;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /api/calendar}: the caller's organisation's publications between two days of its
 * zone.
 */
@ApiController("/api/calendar")
@Tag(name = "Calendar", description = "Your organisation's scheduled and published posts by day, in its time zone")
class CalendarApi {

	/** A year and a bit: more than any view shows, little enough to answer quickly. */
	static final int MAX_DAYS = 400;

	private final Publisher publisher;

	private final Channels channels;

	private final Organisations organisations;

	private final CurrentMember currentMember;

	private final Clock clock;

	CalendarApi(Publisher publisher, Channels channels, Organisations organisations, CurrentMember currentMember,
			Clock clock) {
		this.publisher = publisher;
		this.channels = channels;
		this.organisations = organisations;
		this.currentMember = currentMember;
		this.clock = clock;
	}

	@GetMapping
	@Operation(operationId = "getCalendar", summary = "List the publications due between two days",
			description = "Days are read in the organisation's time zone; `to` is exclusive (at most " + MAX_DAYS
					+ " days after `from`). Without `from`, the current month. The filters keep the deliveries to "
					+ "one channel or platform (a publication with none left is left out) and the publications "
					+ "whose kept deliveries add up to one state.")
	Mono<CalendarJson> calendar(
			@Parameter(description = "The first day, e.g. 2026-11-01") @RequestParam(required = false) String from,
			@Parameter(description = "The day after the last, e.g. 2026-12-01") @RequestParam(
					required = false) String to,
			@Parameter(description = "A channel id") @RequestParam(required = false) String channel,
			@Parameter(description = "facebook, youtube, x or flickr") @RequestParam(required = false) String platform,
			@Parameter(description = "scheduled, partly-sent, sent, failed or cancelled") @RequestParam(
					required = false) String state,
			Principal principal) {
		return Mono.fromCallable(() -> CalendarFilter.parse(channel, platform, state))
			.zipWith(this.currentMember.allowed(principal, Action.VIEW))
			.flatMap((both) -> this.organisations.findById(both.getT2().organisationId()).flatMap((organisation) -> {
				ZoneId zone = organisation.zone();
				LocalDate first = day("from", from, LocalDate.now(this.clock.withZone(zone)).withDayOfMonth(1));
				LocalDate end = day("to", to, first.plusMonths(1));
				if (!end.isAfter(first) || ChronoUnit.DAYS.between(first, end) > MAX_DAYS) {
					throw new InvalidRequest(
							Map.of("to", "Choose a day after 'from', at most " + MAX_DAYS + " days after it"));
				}
				return this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(organisation.id())
					.collectMap(Channel::id, Function.identity())
					.zipWith(this.publisher
						.dueBetween(organisation.id(), first.atStartOfDay(zone).toInstant(),
								end.atStartOfDay(zone).toInstant())
						.collectList())
					.map((found) -> {
						Instant now = this.clock.instant();
						List<EntryJson> entries = found.getT2()
							.stream()
							.flatMap((due) -> both.getT1()
								.chips(List.of(due), found.getT1(), zone, now)
								.stream()
								.map((chip) -> EntryJson.of(chip, due.view().publication().postId(), zone,
										due.view()
											.deliveries()
											.stream()
											.filter(both.getT1()::keeps)
											.map(DeliveryJson::of)
											.toList())))
							.toList();
						return new CalendarJson(zone.getId(), first, end, entries);
					});
			}));
	}

	private static LocalDate day(String field, String value, LocalDate otherwise) {
		if (value == null || value.isBlank()) {
			return otherwise;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidRequest(Map.of(field, "'" + value + "' is not a day such as 2026-11-23"));
		}
	}

	record CalendarJson(@Schema(description = "The organisation's IANA time zone") String zone, LocalDate from,
			@Schema(description = "Exclusive") LocalDate to, List<EntryJson> publications) {

	}

	record EntryJson(UUID id, UUID postId, String title, Instant dueAt,
			@Schema(description = "The due time on the organisation's wall clock") LocalDateTime localDueAt,
			String zone, @Schema(allowableValues = {
					"scheduled", "partly-sent", "sent", "failed", "cancelled" }) String state,
			@Schema(description = "Whether it may still be moved (PATCH /api/publications/{id})") boolean movable,
			List<DeliveryJson> deliveries){

		static EntryJson of(CalendarGrid.Chip chip, UUID postId, ZoneId zone, List<DeliveryJson> deliveries) {
			return new EntryJson(chip.id(), postId, chip.title(), chip.dueAt(), chip.local(), zone.getId(),
					chip.state().id(), chip.movable(), deliveries);
		}

	}

	record DeliveryJson(UUID id, UUID channelId, @Schema(allowableValues = {
			"facebook", "youtube", "x", "flickr" }) String platform, String state){

		static DeliveryJson of(Delivery delivery) {
			return new DeliveryJson(delivery.id(), delivery.channelId(), delivery.platform().id(),
					delivery.state().name());
		}

	}

}
