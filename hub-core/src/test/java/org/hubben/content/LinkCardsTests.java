package org.hubben.content;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class LinkCardsTests {

	private PageServer server;

	private PageFetcher fetcher;

	private LinkCards cards;

	@BeforeEach
	void start() {
		this.server = new PageServer(Map.of("/bare", "<html><head><title>Bare page</title></head></html>"));
		this.fetcher = new PageFetcher(new AddressGuard(List.of("pages.test:" + this.server.port())),
				PageServer.resolving(Map.of("pages.test", "127.0.0.1")));
		this.cards = new LinkCards(this.fetcher);
	}

	@AfterEach
	void stop() {
		this.fetcher.close();
		this.server.close();
	}

	private String page(String path) {
		return "http://pages.test:" + this.server.port() + path;
	}

	@Test
	void readsThePagesCard() {
		StepVerifier.create(this.cards.card(" " + page("/card") + " ")).assertNext((card) -> {
			assertThat(card.url()).isEqualTo(page("/card"));
			assertThat(card.title()).isEqualTo("Schools open");
			assertThat(card.description()).isEqualTo("What changes on Monday");
			assertThat(card.image()).isEqualTo(page("/images/school.jpg"));
			assertThat(card.canonical()).isEqualTo(page("/card"));
			assertThat(card.warnings()).isEmpty();
		}).verifyComplete();
	}

	@Test
	void fetchesAPageOnceWhileItsCardIsKept() {
		Flux.range(0, 5)
			.flatMap((i) -> this.cards.card(page("/card") + ((i % 2 == 0) ? "" : "#section")))
			.as(StepVerifier::create)
			.expectNextCount(5)
			.verifyComplete();
		StepVerifier.create(this.cards.card(page("/card"))).expectNextCount(1).verifyComplete();
		assertThat(this.server.hits("/card")).isEqualTo(1);
	}

	@Test
	void answersAnUnreachablePageWithAWarningAndNoCard() {
		StepVerifier.create(this.cards.card(page("/missing"))).assertNext((card) -> {
			assertThat(card.url()).isEqualTo(page("/missing"));
			assertThat(card.title()).isNull();
			assertThat(card.description()).isNull();
			assertThat(card.image()).isNull();
			assertThat(card.canonical()).isNull();
			assertThat(card.warnings()).containsExactly(
					"Hubben could not read the page: it answered 404 Not Found. Check the link; it can still be posted");
		}).verifyComplete();
	}

	@Test
	void warnsAboutAPageWithoutCardTags() {
		StepVerifier.create(this.cards.card(page("/bare"))).assertNext((card) -> {
			assertThat(card.title()).isEqualTo("Bare page");
			assertThat(card.warnings()).singleElement().asString().startsWith("The page has no Open Graph");
		}).verifyComplete();
	}

	@Test
	void readsTheCardAtTheTopOfAPageLargerThanAMegabyte() {
		StepVerifier.create(this.cards.card(page("/endless")))
			.assertNext((card) -> assertThat(card.title()).isEqualTo("Endless"))
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void refusesALinkToAPrivateNetwork() {
		StepVerifier.create(this.cards.card("http://[::ffff:127.0.0.1]/"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InvalidLink.class)
				.hasMessage("Hubben does not fetch addresses on private networks: 127.0.0.1 is a loopback address"))
			.verify();
		StepVerifier.create(this.cards.card("gopher://pages.test/")).expectError(InvalidLink.class).verify();
	}

}
