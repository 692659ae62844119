package org.hubben.web;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;

import org.hubben.organisation.MemberLanguages;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageLanguageTests {

	private final PageLanguage.Resolver resolver = new PageLanguage.Resolver();

	@Test
	void followsTheBrowsersBestOfSwedishAndEnglish() {
		assertThat(PageLanguage.fromAcceptLanguage("sv-SE,sv;q=0.9,en;q=0.8")).isEqualTo(PageLanguage.SWEDISH);
		assertThat(PageLanguage.fromAcceptLanguage("en-GB,en;q=0.9,sv;q=0.8")).isEqualTo(Locale.ENGLISH);
		assertThat(PageLanguage.fromAcceptLanguage("sv")).isEqualTo(PageLanguage.SWEDISH);
	}

	@Test
	void honoursQualityValuesNotTheOrderOfTheHeader() {
		assertThat(PageLanguage.fromAcceptLanguage("en;q=0.3, de, sv;q=0.7")).isEqualTo(PageLanguage.SWEDISH);
		assertThat(PageLanguage.fromAcceptLanguage("sv;q=0.2, en;q=0.9")).isEqualTo(Locale.ENGLISH);
	}

	@Test
	void speaksEnglishWhenTheBrowserNamesNeitherLanguageOrCannotBeRead() {
		assertThat(PageLanguage.fromAcceptLanguage(null)).isEqualTo(Locale.ENGLISH);
		assertThat(PageLanguage.fromAcceptLanguage("")).isEqualTo(Locale.ENGLISH);
		assertThat(PageLanguage.fromAcceptLanguage("de-DE,fr;q=0.5")).isEqualTo(Locale.ENGLISH);
		assertThat(PageLanguage.fromAcceptLanguage("sv;q=banana")).isEqualTo(Locale.ENGLISH);
	}

	@Test
	void theMembersChoiceLeftOnTheExchangeWinsOverTheBrowser() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/").header("Accept-Language", "sv"));
		assertThat(this.resolver.resolveLocaleContext(exchange).getLocale()).isEqualTo(PageLanguage.SWEDISH);
		exchange.getAttributes().put(PageLanguage.CHOSEN, Locale.ENGLISH);
		assertThat(this.resolver.resolveLocaleContext(exchange).getLocale()).isEqualTo(Locale.ENGLISH);
	}

	@Test
	void writesDueTimesInThePagesLanguage() {
		Instant due = Instant.parse("2027-03-28T01:30:00Z");
		assertThat(DueTimeText.of(due, "Europe/Stockholm", Locale.ENGLISH))
			.isEqualTo("Sun 28 Mar 2027, 03:30 (Europe/Stockholm)");
		assertThat(DueTimeText.of(due, "Europe/Stockholm", PageLanguage.SWEDISH))
			.isEqualTo("sön 28 mars 2027, 03:30 (Europe/Stockholm)");
		assertThat(DueTimeText.of(due, "Europe/Stockholm")).as("English unless told")
			.isEqualTo("Sun 28 Mar 2027, 03:30 (Europe/Stockholm)");
	}

	@Test
	void keepsOnlySwedishEnglishOrNone() {
		assertThat(MemberLanguages.normalised(" SV ")).contains("sv");
		assertThat(MemberLanguages.normalised("en")).contains("en");
		assertThat(MemberLanguages.normalised(null)).isEmpty();
		assertThat(MemberLanguages.normalised(" ")).isEmpty();
		assertThatExceptionOfType(MemberLanguages.UnknownLanguage.class)
			.isThrownBy(() -> MemberLanguages.normalised("de"))
			.withMessageContaining("Swedish (sv) and English (en)");
	}

	@Test
	void theSwitchGoesBackToThePageItWasOnAndNeverToAnotherHost() {
		assertThat(LanguageSwitch.back("http://localhost:8080/calendar?view=week"))
			.isEqualTo(URI.create("/calendar?view=week"));
		assertThat(LanguageSwitch.back("https://evil.example/steal")).isEqualTo(URI.create("/steal"));
		assertThat(LanguageSwitch.back(null)).isEqualTo(URI.create("/"));
		assertThat(LanguageSwitch.back("not a uri")).isEqualTo(URI.create("/"));
		assertThat(LanguageSwitch.back("http://localhost/language")).isEqualTo(URI.create("/"));
		assertThat(LanguageSwitch.back("/inbox?filter=flagged", "http://localhost/calendar"))
			.isEqualTo(URI.create("/inbox?filter=flagged"));
		assertThat(LanguageSwitch.back(null, "http://localhost/calendar")).isEqualTo(URI.create("/calendar"));
		assertThat(LanguageSwitch.back("//evil.example/x", null)).isEqualTo(URI.create("/x"));
	}

}
