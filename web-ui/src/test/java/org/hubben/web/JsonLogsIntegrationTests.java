package org.hubben.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.hubben.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code json-logs} profile: Hubben, started in a JVM of its own (logging is
 * configured once per JVM), writes one ECS JSON object per line to the console, and
 * nothing it logs while people log in, fail to, and use API tokens carries a password, a
 * token or the credentials key.
 */
class JsonLogsIntegrationTests {

	private static final Duration START_UP = Duration.ofMinutes(3);

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<String> stdout = new CopyOnWriteArrayList<>();

	private final List<String> stderr = new CopyOnWriteArrayList<>();

	private Process hubben;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.hubben != null && this.hubben.isAlive()) {
			this.hubben.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void logsOneJsonObjectALineAndNoSecret() throws Exception {
		String adminPassword = "pw-" + UUID.randomUUID();
		String wrongPassword = "wrong-" + UUID.randomUUID();
		byte[] keyBytes = new byte[32];
		new java.security.SecureRandom().nextBytes(keyBytes);
		String secretsKey = Base64.getEncoder().encodeToString(keyBytes);
		int port = freePort();
		start(port, adminPassword, secretsKey);
		await().atMost(START_UP)
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(this.stdout).as("the log so far: %s", this.stderr)
				.anyMatch((line) -> line.contains("Started Hubben")));

		WebTestClient anonymous = SignedInBrowser.client("http://127.0.0.1:" + port);
		anonymous.get()
			.uri("/api/channels")
			.headers((headers) -> headers.setBasicAuth(TestClients.ADMIN, wrongPassword))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		WebTestClient admin = anonymous.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(TestClients.ADMIN, adminPassword))
			.build();
		String token = (String) admin.post()
			.uri("/api/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "logged?"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("token");
		anonymous.get()
			.uri("/api/channels")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
		String unknownToken = "hbn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(keyBytes);
		anonymous.get()
			.uri("/api/channels")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + unknownToken)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		SignedInBrowser.logIn("http://127.0.0.1:" + port, TestClients.ADMIN, adminPassword).page("/account/tokens");

		this.hubben.destroy();
		assertThat(this.hubben.waitFor(60, TimeUnit.SECONDS)).as("Hubben stopped").isTrue();
		// The readers may still hold the last lines.
		Thread.sleep(500);

		List<String> lines = new ArrayList<>(this.stdout);
		assertThat(lines).as("console lines").hasSizeGreaterThan(10);
		for (String line : lines) {
			JsonNode entry = this.json.readTree(line);
			assertThat(entry.isObject()).as("a JSON object: %s", line).isTrue();
			assertThat(entry.has("@timestamp")).as("@timestamp in %s", line).isTrue();
			assertThat(entry.has("message")).as("message in %s", line).isTrue();
			assertThat(entry.has("ecs") || entry.has("ecs.version")).as("the ECS version in %s", line).isTrue();
		}
		List<String> everything = new ArrayList<>(lines);
		everything.addAll(this.stderr);
		for (String secret : List.of(adminPassword, wrongPassword, token, token.substring(4), unknownToken,
				secretsKey)) {
			assertThat(everything).as("the log").noneMatch((line) -> line.contains(secret));
		}
		java.nio.file.Files.write(Path.of("target", "json-logs.txt"), lines);
		assertThat(lines).as("the refused token, in Spring Security's debug lines")
			.anyMatch((line) -> line.contains("Hubben does not know this API token"));
	}

	private void start(int port, String adminPassword, String secretsKey) throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), "org.hubben.Hubben", "--spring.profiles.active=test,json-logs",
				"--server.port=" + port, "--hubben.admin.password=" + adminPassword,
				"--hubben.secrets.key=" + secretsKey,
				// Its own in-memory database, not the shared test context's (another JVM
				// anyway).
				"--spring.datasource.url=jdbc:h2:mem:json-logs;DB_CLOSE_DELAY=-1;${hubben.h2-options}",
				"--spring.r2dbc.url=r2dbc:h2:mem:///json-logs?options=DB_CLOSE_DELAY=-1;${hubben.h2-options}",
				// The most talkative levels a person would switch on to find a login
				// problem.
				"--logging.level.org.hubben=DEBUG", "--logging.level.org.springframework.security=DEBUG");
		this.hubben = builder.start();
		read(this.hubben.getInputStream(), this.stdout);
		read(this.hubben.getErrorStream(), this.stderr);
	}

	private static void read(InputStream stream, List<String> into) {
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					if (!line.isBlank()) {
						into.add(line);
					}
				}
			}
			catch (IOException ex) {
				// The process ended; what was read is kept.
			}
		}, "json-logs-reader");
		reader.setDaemon(true);
		reader.start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
