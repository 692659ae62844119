package org.hubben.web;

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
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calendar page without its script: the filters are a GET form, and the Move form
 * moves a post, or comes back with the reason beside its fields and what was typed.
 */
@HubbenIntegrationTest
class CalendarPageIntegrationTests {

	private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

	@LocalServerPort
	int port;

	@Autowired
	List<Emulator> emulators;

	@Test
	void showsTheWeekFilteredAndMovesAPostWithTheMoveFormAlone() {
		PublishingFlow flow = new PublishingFlow(TestClients.admin(this.port), this.emulators);
		LocalDate day = LocalDate.now(STOCKHOLM).plusDays(60);
		Map<String, Object> post = flow.compose("Calendar page", "Calendar page " + UUID.randomUUID(), null);
		String id = (String) flow
			.schedule(post.get("id"), flow.channelIds(Platform.X), day.atTime(8, 5).atZone(STOCKHOLM).toInstant())
			.get("id");
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);

		Document week = browser.page("/calendar?view=week&date=" + day + "&platform=x");
		assertThat(week.select("form.calendar-filters").attr("method")).isEqualTo("get");
		assertThat(week.select("#filter-platform option[selected]").val()).isEqualTo("x");
		Element chip = week.getElementById("publication-" + id);
		assertThat(chip).isNotNull();
		assertThat(cellOf(chip).attr("data-drop-date")).isEqualTo(day.toString());
		assertThat(cellOf(chip).attr("data-drop-hour")).isEqualTo("8");
		assertThat(chip.select(".chip-link time").text()).isEqualTo("08:05");
		assertThat(chip.select(".chip-link").attr("href")).isEqualTo("/publications/" + id);
		assertThat(browser.page("/calendar?view=week&date=" + day + "&platform=facebook")
			.getElementById("publication-" + id)).isNull();

		Element form = chip.selectFirst("form.move-form");
		MultiValueMap<String, String> past = fields(form);
		past.set("date", "2020-01-01");
		past.set("time", "07:15");
		Document refused = org.jsoup.Jsoup.parse(browser.submit(form, past)
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_REQUEST)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(refused.getElementById("move-error-" + id).text())
			.isEqualTo("This time has passed; choose a time from now on");
		assertThat(refused.getElementById("move-date-" + id).val()).isEqualTo("2020-01-01");
		assertThat(refused.getElementById("move-time-" + id).val()).isEqualTo("07:15");
		assertThat(refused.select("#publication-" + id + " details.move").hasAttr("open")).isTrue();

		MultiValueMap<String, String> later = fields(form);
		later.set("date", day.plusDays(1).toString());
		later.set("time", "18:40");
		String location = browser.submit(form, later)
			.expectStatus()
			.is3xxRedirection()
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
		assertThat(location).isEqualTo("/calendar?view=week&date=" + day.plusDays(1) + "&platform=x");
		assertThat(Instant.parse((String) flow.publication(id).get("dueAt")))
			.isEqualTo(day.plusDays(1).atTime(18, 40).atZone(STOCKHOLM).toInstant());
	}

	private static Element cellOf(Element chip) {
		return chip.parents().stream().filter((parent) -> parent.tagName().equals("td")).findFirst().orElseThrow();
	}

	private static MultiValueMap<String, String> fields(Element form) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		for (Element input : form.select("input")) {
			if (!input.attr("name").equals("_csrf")) {
				fields.add(input.attr("name"), input.val());
			}
		}
		return fields;
	}

}
