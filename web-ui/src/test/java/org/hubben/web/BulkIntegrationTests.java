package org.hubben.web;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV import of scheduled posts (all or nothing, with a report of every bad row) and the
 * CSV and JSON export, over real HTTP.
 */
@HubbenIntegrationTest
class BulkIntegrationTests {

	private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

	@LocalServerPort
	int port;

	private WebTestClient api;

	@BeforeEach
	void client() {
		this.api = TestClients.admin(this.port);
	}

	@Test
	void importsEveryRowWithTheSameRulesAsTheApiAndKeepsQuotedTextIntact() {
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		String tricky = "Commas, \"quotes\"\nand a second line " + marker + " å ä ö";
		LocalDateTime local = LocalDateTime.now(STOCKHOLM)
			.plusDays(3)
			.truncatedTo(ChronoUnit.MINUTES)
			.withHour(10)
			.withMinute(0);
		Instant instant = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		String csv = "title,text,link,channels,at,zone\r\n" + "Quoted " + marker + "," + quoted(tricky)
				+ ",https://example.org/a?x=1&y=2,x;facebook," + local + ",Europe/Stockholm\r\n" + "Plain " + marker
				+ ",Just text,," + channelName("x") + "," + instant + ",\r\n";

		Map<String, Object> answer = importing(csv).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer).containsEntry("imported", 2);
		List<Map<String, Object>> posts = (List<Map<String, Object>>) answer.get("posts");
		assertThat(posts).extracting((post) -> post.get("row")).containsExactly(1, 2);
		assertThat(posts).extracting((post) -> post.get("channels")).containsExactly(2, 1);
		assertThat(Instant.parse((String) posts.get(0).get("dueAt"))).isEqualTo(local.atZone(STOCKHOLM).toInstant());
		assertThat(Instant.parse((String) posts.get(1).get("dueAt"))).isEqualTo(instant);
		Map<String, Object> first = this.api.get()
			.uri("/api/posts/{id}", posts.get(0).get("postId"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(first).containsEntry("text", tricky).containsEntry("link", "https://example.org/a?x=1&y=2");
		Map<String, Object> publication = this.api.get()
			.uri("/api/publications/{id}", posts.get(0).get("publicationId"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(publication).containsEntry("zone", "Europe/Stockholm");
		assertThat((List<Map<String, Object>>) publication.get("deliveries")).extracting((d) -> d.get("state"))
			.containsOnly("PENDING");
	}

	@Test
	void refusesTheWholeFileWithEveryBadRowAndImportsNothing() {
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
		String csv = String.join("\n", "title,text,link,channels,at,zone",
				"Good " + marker + ",A fine post,,x," + future + ",", "," + "No title,,x," + future + ",",
				"Bad link " + marker + ",Text,ftp://example.org/file,x," + future + ",",
				"Unknown channel " + marker + ",Text,,x;myspace," + future + ",",
				"Gap " + marker + ",Text,,x,2030-03-31T02:30,Europe/Stockholm",
				"Zone " + marker + ",Text,,x,2030-05-01T10:00,Mars/Olympus",
				"Past " + marker + ",Text,,x,2020-01-01T10:00:00Z,",
				"Needs a video " + marker + ",Text,,youtube," + future + ",", "");

		Map<String, Object> problem = importing(csv).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();

		List<Map<String, Object>> rows = (List<Map<String, Object>>) problem.get("rows");
		assertThat(rows).extracting((row) -> row.get("row")).containsExactly(2, 3, 4, 5, 6, 7, 8);
		assertThat(errorsOf(rows, 2)).containsOnlyKeys("title");
		assertThat(errorsOf(rows, 3).get("link")).contains("http://");
		assertThat(errorsOf(rows, 4).get("channels")).contains("myspace");
		assertThat(errorsOf(rows, 5).get("at")).contains("does not exist").contains("clocks go forward");
		assertThat(errorsOf(rows, 6).get("zone")).contains("Mars/Olympus");
		assertThat(errorsOf(rows, 7).get("at")).contains("passed");
		assertThat(errorsOf(rows, 8).get("channels")).contains("video");
		String exported = this.api.get()
			.uri("/api/export/posts.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(exported).doesNotContain(marker);
	}

	@Test
	void importsAPostThatStatesFactsOnlyOnceThePersonCheckedThem() {
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
		String csv = String.join("\n", "title,text,link,channels,at,zone",
				"Facts " + marker + ",Medlemmarna blev 40 % fler under 2025 (" + marker + "),,x," + future + ",", "");

		Map<String, Object> problem = importing(csv).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(errorsOf((List<Map<String, Object>>) problem.get("rows"), 1)).containsKey("factsChecked");

		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", file(csv)).contentType(new MediaType("text", "csv"));
		this.api.post()
			.uri("/api/posts/import?factsChecked=true")
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void refusesAFileWithoutTheColumnsAsAWhole() {
		Map<String, Object> problem = importing("name,body\nA,B\n").expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> rows = (List<Map<String, Object>>) problem.get("rows");
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0)).containsEntry("row", 0);
		assertThat(errorsOf(rows, 0).get("file")).contains("missing: title, text, channels")
			.contains("unknown: name, body");
		assertThat(importing("title,text,channels\n").expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()).contains("no rows");
	}

	@Test
	void exportsWhatWasImportedAsCsvAndJsonSoThatTheTextsSurviveTheRoundTrip() throws IOException {
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
		List<String> texts = List.of("Line one\r\nline two, with a comma " + marker, "\"Quoted\" from start " + marker,
				"Semicolons; and tabs\there " + marker);
		StringBuilder csv = new StringBuilder("title,text,channels,at\n");
		for (int i = 0; i < texts.size(); i++) {
			csv.append("Round trip ")
				.append(i)
				.append(' ')
				.append(marker)
				.append(',')
				.append(quoted(texts.get(i)))
				.append(",x;facebook,")
				.append(future)
				.append('\n');
		}
		importing(csv.toString()).expectStatus().isCreated();

		var result = this.api.get()
			.uri("/api/export/posts.csv")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(new MediaType("text", "csv"))
			.expectHeader()
			.valueMatches("Content-Disposition", "attachment; filename=\"?posts.csv\"?")
			.expectBody(byte[].class)
			.returnResult();
		String exported = new String(result.getResponseBody(), StandardCharsets.UTF_8);
		try (CSVParser parser = CSVParser.parse(new StringReader(exported),
				CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
			assertThat(parser.getHeaderNames()).startsWith("post_id", "title", "text", "link");
			List<CSVRecord> mine = parser.getRecords()
				.stream()
				.filter((record) -> record.get("title").endsWith(marker))
				.toList();
			// One row per delivery: three posts on two channels each.
			assertThat(mine).hasSize(6);
			assertThat(mine.stream().map((record) -> record.get("text")).distinct().toList())
				.containsExactlyInAnyOrderElementsOf(texts);
			assertThat(mine).extracting((record) -> record.get("state")).containsOnly("PENDING");
			assertThat(mine).extracting((record) -> record.get("platform")).containsOnly("x", "facebook");
		}

		List<Map<String, Object>> json = this.api.get()
			.uri("/api/export/posts.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> mine = json.stream()
			.filter((post) -> ((String) post.get("title")).endsWith(marker))
			.toList();
		assertThat(mine).extracting((post) -> post.get("text")).containsExactlyInAnyOrderElementsOf(texts);
		Map<String, Object> publication = ((List<Map<String, Object>>) mine.get(0).get("publications")).get(0);
		assertThat((List<Map<String, Object>>) publication.get("deliveries")).hasSize(2)
			.allSatisfy((delivery) -> assertThat(delivery).containsKeys("state", "remoteUrl", "channel"));
	}

	@Test
	void theImportPageShowsTheReportOfABadFileAndThenImportsAGoodOne() {
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		Element form = browser.page("/posts/import").selectFirst("form#import-form");
		assertThat(form).isNotNull();
		String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
		String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

		Document refused = upload(browser, form, "title,text,channels,at\n,No title,x," + future + "\n",
				HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(refused.select("#import-refused").text()).contains("Nothing was imported");
		assertThat(refused.select("table.import-report tbody tr").text()).contains("1")
			.contains("title")
			.contains("A title is required");

		Document done = upload(browser, form, "title,text,channels,at\nPage " + marker + ",Text,x," + future + "\n",
				HttpStatus.CREATED);
		assertThat(done.select("#import-done").text()).contains("1 post(s) imported");
		assertThat(done.select("#import-done a").attr("href")).startsWith("/publications/");
	}

	private Document upload(SignedInBrowser browser, Element form, String csv, HttpStatus status) {
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("_csrf", SignedInBrowser.csrfOf(form));
		body.part("file", file(csv)).contentType(new MediaType("text", "csv"));
		String html = SignedInBrowser.client("http://127.0.0.1:" + this.port)
			.post()
			.uri(form.attr("action"))
			.cookie("SESSION", browser.session())
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return Jsoup.parse(html);
	}

	private WebTestClient.ResponseSpec importing(String csv) {
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", file(csv)).contentType(new MediaType("text", "csv"));
		return this.api.post().uri("/api/posts/import").body(BodyInserters.fromMultipartData(body.build())).exchange();
	}

	private static ByteArrayResource file(String csv) {
		return new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {

			@Override
			public String getFilename() {
				return "posts.csv";
			}

		};
	}

	private String channelName(String platform) {
		List<Map<String, Object>> channels = this.api.get()
			.uri("/api/channels")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
		return (String) channels.stream()
			.filter((channel) -> platform.equals(channel.get("platform")))
			.findFirst()
			.orElseThrow()
			.get("name");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> errorsOf(List<Map<String, Object>> rows, int row) {
		return (Map<String, String>) rows.stream()
			.filter((r) -> Integer.valueOf(row).equals(r.get("row")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No row " + row + " in " + rows))
			.get("errors");
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

}
