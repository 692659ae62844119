package org.hubben.web;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrator writes the supporters' tips in the workspace; the public page shows
 * them.
 */
@HubbenIntegrationTest
class TipsPageIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private WebTestClient client;

	private String session;

	@BeforeEach
	void logIn() {
		this.client = TestClients.anonymous(this.port);
		this.session = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD).session();
	}

	@AfterEach
	void backToTheDefault() {
		this.jdbc.sql("delete from share_tips").update();
	}

	@Test
	void showsHubbensDefaultUntilTheAdministratorWritesTheirOwn() {
		Document publicDefault = publicTips("sv");
		assertThat(publicDefault.select("h1").text()).isEqualTo("Så delar du bra");
		assertThat(publicDefault.select(".tips h2").eachText()).contains("I ditt eget namn", "En god ton");
		assertThat(publicDefault.select(".meta").text()).contains("standardtips");

		Document form = page("/settings/tips");
		assertThat(form.select("label[for=tips-sv]").text()).isEqualTo("In Swedish");
		assertThat(form.select("#tips-sv").text()).startsWith("# I ditt eget namn");
		assertThat(form.select("#tips-en").text()).startsWith("# In your own name");
		String marker = "Dela med värme " + UUID.randomUUID();
		MultiValueMap<String, String> edit = new LinkedMultiValueMap<>();
		edit.add("_csrf", form.select("form[action=/settings/tips] input[name=_csrf]").val());
		edit.add("sv", "# Våra tips\n" + marker + "\n\n- Var <b>snäll</b>\n- Länka till källan");
		edit.add("en", form.select("#tips-en").text());
		this.client.post()
			.uri("/settings/tips")
			.cookie("SESSION", this.session)
			.body(BodyInserters.fromFormData(edit))
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.expectHeader()
			.location("/settings/tips?saved");
		assertThat(this.jdbc.sql("select text_en from share_tips")
			.query((row, number) -> java.util.Optional.ofNullable(row.getString(1)))
			.single()).as("an unchanged default stays the default").isEmpty();

		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		Document written = publicTips("sv");
		while (!written.text().contains(marker) && Instant.now().isBefore(deadline)) {
			sleep();
			written = publicTips("sv");
		}
		assertThat(written.select(".tips h2").eachText()).containsExactly("Våra tips");
		assertThat(written.select(".tips p").text()).isEqualTo(marker);
		assertThat(written.select(".tips li").eachText()).containsExactly("Var <b>snäll</b>", "Länka till källan");
		assertThat(written.select(".tips b")).as("what an organisation writes never becomes markup").isEmpty();
		assertThat(written.select(".meta").text()).isEqualTo("Skrivet av Hubben.");
		assertThat(publicTips("en").select(".tips h2").eachText()).contains("In your own name");
	}

	@Test
	void offersTheSharedBoxInTheComposeForm() {
		Document compose = page("/posts/new");
		assertThat(compose.select("input[type=checkbox][name=shared]")).hasSize(1);
		assertThat(compose.select("label[for=shared]").text()).isEqualTo("Share with the regions and supporters");
	}

	private Document publicTips(String language) {
		return Jsoup.parse(TestClients.anonymous(this.port)
			.get()
			.uri("/o/hubben/tips?lang=" + language)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private Document page(String path) {
		return Jsoup.parse(this.client.get()
			.uri(path)
			.cookie("SESSION", this.session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private static void sleep() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
