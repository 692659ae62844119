package org.hubben.web;

import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.hubben.organisation.Action;
import org.hubben.connector.Platform;
import org.hubben.content.PostEditor;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Member;
import org.hubben.organisation.Organisations;
import org.hubben.publishing.InvalidPublication;
import org.hubben.publishing.PublicationNotFound;
import org.hubben.publishing.Publisher;
import org.hubben.publishing.RescheduleRefused;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /calendar}: the organisation's publications on a month grid or a week of hours,
 * in its zone, filtered by channel, platform and state. A publication not yet going out
 * is moved by dragging it (the page's script calls the API) or with its Move form, which
 * works without the script too.
 */
@Controller
class CalendarPage {

	private final Publisher publisher;

	private final Channels channels;

	private final Organisations organisations;

	private final CurrentMember currentMember;

	private final Clock clock;

	private final PostEditor editor;

	CalendarPage(Publisher publisher, Channels channels, Organisations organisations, CurrentMember currentMember,
			Clock clock, PostEditor editor) {
		this.editor = editor;
		this.publisher = publisher;
		this.channels = channels;
		this.organisations = organisations;
		this.currentMember = currentMember;
		this.clock = clock;
	}

	@GetMapping("/calendar")
	Mono<Rendering> calendar(Principal principal, @RequestParam(required = false) String view,
			@RequestParam(required = false) String date, @RequestParam(required = false) String channel,
			@RequestParam(required = false) String platform, @RequestParam(required = false) String state) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> render(member, new Shown(view, date, channel, platform, state), null, null));
	}

	/** The Move form, for browsers without the page's script. */
	@PostMapping("/calendar/publications/{id}/move")
	Mono<Rendering> move(Principal principal, @PathVariable UUID id, @ModelAttribute MoveForm form) {
		Shown shown = new Shown(form.view(), form.shownDate(), form.channel(), form.platform(), form.state());
		return this.currentMember.of(principal).flatMap((member) -> {
			LocalDateTime at;
			try {
				at = LocalDateTime.of(LocalDate.parse(form.date()), LocalTime.parse(form.time()));
			}
			catch (DateTimeParseException | NullPointerException ex) {
				return render(member, shown, id,
						new Refusal(form, "Give the new date and time, e.g. 2026-11-23 09:30"));
			}
			return ownPublication(member, id).then(this.publisher.reschedule(id, at, null, principal.getName()))
				.map((moved) -> Rendering.redirectTo(shown.withDate(at.toLocalDate()).url()).build())
				.onErrorResume(InvalidPublication.class,
						(ex) -> render(member, shown, id, new Refusal(form, String.join("; ", ex.errors().values()))))
				.onErrorResume(RescheduleRefused.class,
						(ex) -> render(member, shown, id, new Refusal(form, ex.getMessage())));
		});
	}

	/**
	 * Completes when the member may reschedule the publication; not found when they may
	 * not see its organisation's work.
	 */
	private Mono<Void> ownPublication(Member member, UUID id) {
		return this.publisher.view(id)
			.flatMap((view) -> this.editor.find(view.publication().postId()))
			.switchIfEmpty(Mono.error(() -> new PublicationNotFound(id)))
			.flatMap((post) -> this.currentMember.allowed(member, Action.SCHEDULE, post.organisationId(),
					() -> new PublicationNotFound(id)))
			.then();
	}

	private Mono<Rendering> render(Member member, Shown shown, UUID refusedId, Refusal refusal) {
		return this.organisations.findById(member.organisationId()).flatMap((organisation) -> {
			ZoneId zone = organisation.zone();
			LocalDate today = LocalDate.now(this.clock.withZone(zone));
			CalendarGrid grid = new CalendarGrid(CalendarGrid.View.of(shown.view()), shown.day(today), zone);
			CalendarFilter filter;
			Map<String, String> filterErrors = Map.of();
			try {
				filter = CalendarFilter.parse(shown.channel(), shown.platform(), shown.state());
			}
			catch (InvalidRequest ex) {
				filter = CalendarFilter.ANY;
				filterErrors = ex.errors();
			}
			CalendarFilter chosen = filter;
			Map<String, String> errors = filterErrors;
			return this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(organisation.id())
				.collectList()
				.zipWith(this.publisher.dueBetween(organisation.id(), grid.from(), grid.to()).collectList())
				.map((found) -> {
					Map<UUID, Channel> byId = found.getT1()
						.stream()
						.collect(java.util.stream.Collectors.toMap(Channel::id, Function.identity()));
					List<CalendarGrid.Chip> chips = chosen.chips(found.getT2(), byId, zone, this.clock.instant());
					Rendering.Builder<?> page = Rendering.view("calendar")
						.modelAttribute("grid", grid)
						.modelAttribute("zone", zone.getId())
						.modelAttribute("organisation", organisation.name())
						.modelAttribute("today", today)
						.modelAttribute("viewId", shown.viewId())
						.modelAttribute("shownDate", shown.day(today).toString())
						.modelAttribute("shownChannel", (shown.channel() != null) ? shown.channel() : "")
						.modelAttribute("shownPlatform", (shown.platform() != null) ? shown.platform() : "")
						.modelAttribute("shownState", (shown.state() != null) ? shown.state() : "")
						.modelAttribute("previous", shown.withDate(grid.previous()).url())
						.modelAttribute("next", shown.withDate(grid.next()).url())
						.modelAttribute("todayUrl", shown.withDate(today).url())
						.modelAttribute("monthUrl", shown.withView("month").url())
						.modelAttribute("weekUrl", shown.withView("week").url())
						.modelAttribute("channels", found.getT1())
						.modelAttribute("platforms", List.of(Platform.values()))
						.modelAttribute("states", List.of(CalendarState.values()))
						.modelAttribute("filterErrors", errors)
						.modelAttribute("count", chips.size())
						.modelAttribute("refusedId", refusedId)
						.modelAttribute("refusalDate", (refusal != null) ? refusal.date() : null)
						.modelAttribute("refusalTime", (refusal != null) ? refusal.time() : null)
						.modelAttribute("refusalMessage", (refusal != null) ? refusal.message() : null);
					if (grid.view() == CalendarGrid.View.MONTH) {
						page.modelAttribute("weeks", grid.weeks(chips, today));
					}
					else {
						page.modelAttribute("hours", grid.hours(chips, today));
					}
					if (refusal != null) {
						page.status(org.springframework.http.HttpStatus.BAD_REQUEST);
					}
					return page.build();
				});
		});
	}

	/**
	 * The Move form: the new date and time, and what the calendar showed, to come back to
	 * it.
	 */
	record MoveForm(String date, String time, String view, String shownDate, String channel, String platform,
			String state) {

	}

	/**
	 * A move that was refused: what the person typed and why, shown beside the fields.
	 */
	record Refusal(String date, String time, String message) {

		Refusal(MoveForm form, String message) {
			this(form.date(), form.time(), message);
		}

	}

	/**
	 * What the calendar shows: the parameters of its address.
	 */
	record Shown(String view, String date, String channel, String platform, String state) {

		LocalDate day(LocalDate today) {
			if (this.date == null || this.date.isBlank()) {
				return today;
			}
			try {
				return LocalDate.parse(this.date.strip());
			}
			catch (DateTimeParseException ex) {
				return today;
			}
		}

		String viewId() {
			return CalendarGrid.View.of(this.view).id();
		}

		Shown withDate(LocalDate day) {
			return new Shown(viewId(), day.toString(), this.channel, this.platform, this.state);
		}

		Shown withView(String view) {
			return new Shown(view, this.date, this.channel, this.platform, this.state);
		}

		String url() {
			UriComponentsBuilder url = UriComponentsBuilder.fromPath("/calendar");
			if (CalendarGrid.View.of(this.view) == CalendarGrid.View.WEEK) {
				url.queryParam("view", "week");
			}
			if (this.date != null && !this.date.isBlank()) {
				url.queryParam("date", this.date);
			}
			query(url, "channel", this.channel);
			query(url, "platform", this.platform);
			query(url, "state", this.state);
			return url.encode().build().toUriString();
		}

		private static void query(UriComponentsBuilder url, String name, String value) {
			if (value != null && !value.isBlank()) {
				url.queryParam(name, value);
			}
		}

	}

}
