package org.hubben.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.publishing.PublishingFlow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/calendar} and {@code PATCH /api/publications/{id}}: the organisation's
 * publications by day in its zone, filtered, and moved while nothing has gone out.
 */
@HubbenIntegrationTest
@SuppressWarnings("unchecked")
class CalendarApiIntegrationTests {

	private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	WebTestClient api;

	PublishingFlow flow;

	@BeforeEach
	void clients() {
		this.api = TestClients.admin(this.port);
		this.flow = new PublishingFlow(this.api, this.emulators);
	}

	@Test
	void listsThePublicationsOfTheDaysInTheOrganisationsZoneWithTheirDeliveries() {
		LocalDate day = LocalDate.now(STOCKHOLM).plusDays(45);
		String id = scheduleAt("Calendar listing", day + "T00:15", Platform.X, Platform.FACEBOOK);
		Map<String, Object> calendar = calendar("from=" + day + "&to=" + day.plusDays(1));
		assertThat(calendar.get("zone")).isEqualTo("Europe/Stockholm");
		Map<String, Object> entry = entry(calendar, id);
		assertThat(entry.get("title")).isEqualTo("Calendar listing");
		assertThat(entry.get("localDueAt")).isEqualTo(day + "T00:15:00");
		assertThat(entry.get("state")).isEqualTo("scheduled");
		assertThat(entry.get("movable")).isEqualTo(true);
		assertThat((List<Map<String, Object>>) entry.get("deliveries"))
			.extracting((delivery) -> delivery.get("platform") + ":" + delivery.get("state"))
			.containsExactlyInAnyOrder("x:PENDING", "facebook:PENDING");
		assertThat(ids(calendar("from=" + day.minusDays(1) + "&to=" + day)))
			.as("a quarter past midnight in Stockholm is the evening before in UTC, but not the day before here")
			.doesNotContain(id);
	}

	@Test
	void filtersByPlatformChannelAndState() {
		LocalDate day = LocalDate.now(STOCKHOLM).plusDays(46);
		String both = scheduleAt("Calendar filters", day + "T10:00", Platform.X, Platform.FACEBOOK);
		String range = "from=" + day + "&to=" + day.plusDays(1);
		Map<String, Object> onX = entry(calendar(range + "&platform=x"), both);
		assertThat((List<Map<String, Object>>) onX.get("deliveries")).extracting((delivery) -> delivery.get("platform"))
			.containsExactly("x");
		UUID youtube = this.flow.channelIds(Platform.YOUTUBE).get(0);
		assertThat(ids(calendar(range + "&channel=" + youtube))).doesNotContain(both);
		UUID facebook = this.flow.channelIds(Platform.FACEBOOK).get(0);
		assertThat(ids(calendar(range + "&channel=" + facebook))).contains(both);
		assertThat(ids(calendar(range + "&state=scheduled"))).contains(both);
		assertThat(ids(calendar(range + "&state=sent"))).doesNotContain(both);
		this.api.get()
			.uri("/api/calendar?platform=myspace&state=lost")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.platform")
			.value((message) -> assertThat((String) message).contains("not a platform"))
			.jsonPath("$.errors.state")
			.value((message) -> assertThat((String) message).contains("not a state"));
	}

	@Test
	void movesAPublicationThatHasNotStartedGoingOut() {
		LocalDate day = LocalDate.now(STOCKHOLM).plusDays(47);
		String id = scheduleAt("Calendar move", day + "T09:30", Platform.X, Platform.FACEBOOK);
		Map<String, Object> moved = patch(id, Map.of("at", day.plusDays(2) + "T09:30", "zone", "Europe/Stockholm"))
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Instant expected = day.plusDays(2).atTime(9, 30).atZone(STOCKHOLM).toInstant();
		assertThat(Instant.parse((String) moved.get("dueAt"))).isEqualTo(expected);
		assertThat(Instant.parse((String) this.flow.publication(id).get("dueAt"))).isEqualTo(expected);
		assertThat(ids(calendar("from=" + day + "&to=" + day.plusDays(1)))).doesNotContain(id);
		assertThat(entry(calendar("from=" + day.plusDays(2) + "&to=" + day.plusDays(3)), id).get("localDueAt"))
			.isEqualTo(day.plusDays(2) + "T09:30:00");
		patch(id, Map.of("at", expected.plusSeconds(3600).toString())).expectStatus().isOk();
		assertThat(Instant.parse((String) this.flow.publication(id).get("dueAt")))
			.isEqualTo(expected.plusSeconds(3600));
	}

	@Test
	void goesOutAtItsNewTimeAndNotAtItsOldOne() throws InterruptedException {
		Map<String, Object> late = this.flow.compose("Calendar late", "Moved later " + UUID.randomUUID(), null);
		Instant oldTime = Instant.now().plus(Duration.ofSeconds(20));
		String later = (String) this.flow.schedule(late.get("id"), this.flow.channelIds(Platform.X), oldTime).get("id");
		patch(later, Map.of("at", Instant.now().plus(Duration.ofHours(3)).toString())).expectStatus().isOk();
		Map<String, Object> soon = this.flow.compose("Calendar soon", "Moved earlier " + UUID.randomUUID(), null);
		String earlier = (String) this.flow
			.schedule(soon.get("id"), this.flow.channelIds(Platform.X), Instant.now().plus(Duration.ofHours(3)))
			.get("id");
		patch(earlier, Map.of("at", Instant.now().plus(Duration.ofSeconds(2)).toString())).expectStatus().isOk();
		Map<String, Object> sent = this.flow.awaitFinished(earlier, Duration.ofSeconds(30));
		assertThat((List<Map<String, Object>>) sent.get("deliveries")).extracting((delivery) -> delivery.get("state"))
			.containsExactly("SENT");
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), oldTime.plusSeconds(5)).toMillis()));
		assertThat((List<Map<String, Object>>) this.flow.publication(later).get("deliveries"))
			.as("not sent at its old time")
			.extracting((delivery) -> delivery.get("state"))
			.containsExactly("PENDING");
	}

	@Test
	void refusesTimesThatHavePassedOrThatDaylightSavingSkips() {
		String id = scheduleAt("Calendar refusals", LocalDate.now(STOCKHOLM).plusDays(48) + "T12:00", Platform.X);
		patch(id, Map.of("at", Instant.now().minus(Duration.ofHours(2)).toString())).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.at")
			.isEqualTo("This time has passed; choose a time from now on");
		int year = LocalDate.now(STOCKHOLM).getYear() + 1;
		LocalDate spring = LocalDate.of(year, 3, 31)
			.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.SUNDAY));
		patch(id, Map.of("at", spring + "T02:30", "zone", "Europe/Stockholm")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.at")
			.value((message) -> assertThat((String) message).isEqualTo("02:30 does not exist on " + spring
					+ " in Europe/Stockholm: clocks go forward from " + "02:00 to 03:00. Choose another time."));
		patch(id, Map.of("at", "next tuesday")).expectStatus().isBadRequest();
		patch(UUID.randomUUID().toString(), Map.of("at", spring + "T12:00")).expectStatus().isNotFound();
	}

	@Test
	void refusesToMoveWhatWasSentOrCancelled() throws InterruptedException {
		Map<String, Object> post = this.flow.compose("Calendar sent", "Sent now " + UUID.randomUUID(), null);
		String sent = (String) this.flow.schedule(post.get("id"), this.flow.channelIds(Platform.X), null).get("id");
		this.flow.awaitFinished(sent, Duration.ofSeconds(20));
		String later = LocalDate.now(STOCKHOLM).plusDays(50) + "T12:00";
		patch(sent, Map.of("at", later)).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://hubben.org/problems/reschedule-refused")
			.jsonPath("$.detail")
			.isEqualTo("Already sent on X: a post that went out cannot be moved");

		String cancelled = scheduleAt("Calendar cancelled", LocalDate.now(STOCKHOLM).plusDays(49) + "T12:00",
				Platform.X);
		this.flow.cancel(cancelled);
		patch(cancelled, Map.of("at", later)).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.errors.at")
			.isEqualTo("Cancelled: schedule the post again instead");
		assertThat(entry(calendar("from=" + LocalDate.now(STOCKHOLM).plusDays(49) + "&to="
				+ LocalDate.now(STOCKHOLM).plusDays(50) + "&state=cancelled"), cancelled))
			.containsEntry("movable", false);
	}

	private String scheduleAt(String title, String local, Platform... platforms) {
		Map<String, Object> post = this.flow.compose(title, title + " " + UUID.randomUUID(), null);
		return (String) this.api.post()
			.uri("/api/posts/{id}/publications", post.get("id"))
			.bodyValue(Map.of("channelIds", this.flow.channelIds(platforms), "at", local, "zone", "Europe/Stockholm"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	private WebTestClient.ResponseSpec patch(String id, Map<String, String> body) {
		return this.api.patch().uri("/api/publications/{id}", id).bodyValue(body).exchange();
	}

	private Map<String, Object> calendar(String query) {
		return this.api.get()
			.uri("/api/calendar?" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static List<String> ids(Map<String, Object> calendar) {
		return ((List<Map<String, Object>>) calendar.get("publications")).stream()
			.map((entry) -> (String) entry.get("id"))
			.toList();
	}

	private static Map<String, Object> entry(Map<String, Object> calendar, String id) {
		return ((List<Map<String, Object>>) calendar.get("publications")).stream()
			.filter((entry) -> id.equals(entry.get("id")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("publication " + id + " not in " + calendar));
	}

}
