package org.hubben.connector.youtube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.LinkStart;
import org.hubben.connector.LinkedAccount;
import org.hubben.connector.MediaKind;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.youtube.emulator.YouTubeEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link YouTubeAccountLinking} through Google's whole OAuth 2.0 flow against
 * {@link YouTubeEmulator} over HTTP, the person's browser played by a web client: start,
 * the consent page, Allow, the callback, finish, refresh.
 */
class YouTubeAccountLinkingTests {

	private static final Instant NOW = Instant.parse("2026-11-21T14:04:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final URI CALLBACK = URI.create("https://hubben.example.org/channels/youtube/callback");

	private static final Pattern FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\">");

	private static final Pattern HIDDEN = Pattern
		.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private YouTubeEmulator emulator;

	private EmulatorServer server;

	private YouTubeAccountLinking linking;

	private WebTestClient browser;

	@TempDir
	Path directory;

	@BeforeEach
	void start() {
		this.emulator = new YouTubeEmulator(new EmulatorTokens("test-key", Clock.systemUTC()));
		this.server = EmulatorServer.start(this.emulator);
		this.linking = new YouTubeAccountLinking(WebClient.builder(), this.server.endpoints(Platform.YOUTUBE, TIMEOUT),
				this.server.properties(Platform.YOUTUBE, TIMEOUT), this.clock);
		this.browser = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(5)).build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	/** What the person's browser does: opens the consent page and presses a button. */
	private Map<String, String> consent(LinkStart started, String decision) {
		String page = this.browser.get()
			.uri(started.authoriseUrl())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("Hubben").contains("youtube.upload");
		Matcher form = FORM.matcher(page);
		assertThat(form.find()).isTrue();
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		Matcher hidden = HIDDEN.matcher(page);
		while (hidden.find()) {
			fields.add(hidden.group(1), HtmlUtils.htmlUnescape(hidden.group(2)));
		}
		fields.add("decision", decision);
		URI location = this.browser.post()
			.uri(started.authoriseUrl().resolve(HtmlUtils.htmlUnescape(form.group(1))))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(fields))
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation();
		assertThat(location.toString()).startsWith(CALLBACK + "?");
		Map<String, String> parameters = new LinkedHashMap<>();
		UriComponentsBuilder.fromUri(location)
			.build()
			.getQueryParams()
			.forEach((name, values) -> parameters.put(name, UriUtils.decode(values.get(0), StandardCharsets.UTF_8)));
		return parameters;
	}

	@Test
	void connectsTheChannelThenRefreshesItsTokenKeepingTheRefreshToken() {
		LinkStart started = this.linking.start(CALLBACK, "state-1").block(TIMEOUT);
		assertThat(started.authoriseUrl().toString())
			.startsWith(this.server.baseUrl(Platform.YOUTUBE) + "/o/oauth2/v2/auth?")
			.contains("access_type=offline")
			.contains("prompt=consent")
			.contains("youtube.upload")
			.contains("youtube.readonly")
			.contains("youtube.force-ssl");
		Map<String, String> callback = consent(started, "allow");
		assertThat(callback).containsEntry("state", "state-1").containsKey("code");
		List<LinkedAccount> accounts = this.linking.finish(started, callback, CALLBACK).block(TIMEOUT);
		assertThat(accounts).singleElement().satisfies((account) -> {
			assertThat(account.platform()).isEqualTo(Platform.YOUTUBE);
			assertThat(account.accountId()).isEqualTo(YouTubeEmulator.DEFAULT_CHANNEL_ID);
			assertThat(account.name()).isEqualTo(YouTubeEmulator.DEFAULT_CHANNEL_TITLE);
			assertThat(account.refreshToken()).isNotBlank();
			assertThat(account.tokenSecret()).isNull();
			assertThat(account.expiresAt()).isEqualTo(NOW.plusSeconds(3599));
			assertThat(account.toString()).doesNotContain(account.accessToken()).doesNotContain(account.refreshToken());
		});
		LinkedAccount linked = accounts.get(0);
		assertThatTheTokenUploads(linked);
		LinkedAccount refreshed = this.linking.refresh(linked).block(TIMEOUT);
		assertThat(refreshed.accountId()).isEqualTo(linked.accountId());
		assertThat(refreshed.name()).isEqualTo(linked.name());
		assertThat(refreshed.refreshToken()).as("Google sends no new refresh token; the old one is kept")
			.isEqualTo(linked.refreshToken());
		assertThat(refreshed.expiresAt()).isEqualTo(NOW.plusSeconds(3599));
		assertThatTheTokenUploads(refreshed);
	}

	private void assertThatTheTokenUploads(LinkedAccount account) {
		Path file;
		try {
			file = Files.write(this.directory.resolve(UUID.randomUUID() + ".mp4"), SampleVideos.mp4(1000));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		YouTubeConnector connector = new YouTubeConnector(WebClient.builder(),
				this.server.endpoints(Platform.YOUTUBE, TIMEOUT), this.server.properties(Platform.YOUTUBE, TIMEOUT),
				new YouTubeConnector.Resumption(YouTubeConnector.CHUNK_GRANULARITY, 1, Duration.ZERO), this.clock);
		PublishMedia video = new PublishMedia(UUID.randomUUID(), MediaKind.VIDEO, "video/mp4", 1000, "clip.mp4", file);
		StepVerifier
			.create(connector.publish(new PublishRequest(UUID.randomUUID(), account.access(), "Linked",
					"Linked channel", URI.create("https://home.example.org/"), List.of(video), List.of())))
			.expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void reportsADeclinedConsentAsFailedAuthorisation() {
		LinkStart started = this.linking.start(CALLBACK, "state-2").block(TIMEOUT);
		Map<String, String> callback = consent(started, "deny");
		assertThat(callback).containsEntry("error", "access_denied");
		StepVerifier.create(this.linking.finish(started, callback, CALLBACK))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("declined"))
			.verify();
	}

	@Test
	void refusesACallbackForAnotherAttemptOrACodeUsedTwice() {
		LinkStart started = this.linking.start(CALLBACK, "state-3").block(TIMEOUT);
		Map<String, String> callback = consent(started, "allow");
		Map<String, String> forged = new LinkedHashMap<>(callback);
		forged.put("state", "someone-elses");
		StepVerifier.create(this.linking.finish(started, forged, CALLBACK))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("start again"))
			.verify();
		this.linking.finish(started, callback, CALLBACK).block(TIMEOUT);
		StepVerifier.create(this.linking.finish(started, callback, CALLBACK))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("invalid_grant"))
			.verify();
	}

	@Test
	void asksForReconnectionOnceGoogleRevokedTheRefreshToken() {
		LinkStart started = this.linking.start(CALLBACK, "state-4").block(TIMEOUT);
		LinkedAccount linked = this.linking.finish(started, consent(started, "allow"), CALLBACK).block(TIMEOUT).get(0);
		this.browser.post()
			.uri(this.server.baseUrl(Platform.YOUTUBE) + "/revoke?token=" + linked.refreshToken())
			.exchange()
			.expectStatus()
			.isOk();
		StepVerifier.create(this.linking.refresh(linked))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class)
				.hasMessageContaining("reconnect the channel")
				.satisfies((failure) -> assertThat(failure.getMessage()).doesNotContain(linked.refreshToken())))
			.verify();
	}

	@Test
	void reportsAnUnreachableGoogleAsUnavailable() {
		URI base = this.server.baseUrl(Platform.YOUTUBE);
		LinkStart started = this.linking.start(CALLBACK, "state-5").block(TIMEOUT);
		Map<String, String> callback = consent(started, "allow");
		this.server.close();
		this.server = EmulatorServer.start(this.emulator);
		PlatformProperties properties = new PlatformProperties(false, TIMEOUT, Map.of("youtube", base), "v26.0",
				Map.of());
		YouTubeAccountLinking unreachable = new YouTubeAccountLinking(WebClient.builder(),
				new PlatformEndpoints(properties, new StandardEnvironment()), properties, this.clock);
		StepVerifier.create(unreachable.finish(started, callback, CALLBACK))
			.expectError(PlatformUnavailable.class)
			.verify();
	}

	@Test
	void pointsAtGooglesRealHostsWhenTheEmulatorsAreOff() {
		PlatformProperties properties = new PlatformProperties(false, TIMEOUT, Map.of(), "v26.0",
				Map.of("youtube", new PlatformProperties.App("real-client", "real-secret")));
		YouTubeAccountLinking real = new YouTubeAccountLinking(WebClient.builder(),
				new PlatformEndpoints(properties, new StandardEnvironment()), properties, this.clock);
		LinkStart started = real.start(CALLBACK, "state-6").block(TIMEOUT);
		assertThat(started.authoriseUrl().toString()).startsWith("https://accounts.google.com/o/oauth2/v2/auth?")
			.contains("client_id=real-client")
			.doesNotContain("real-secret");
	}

}
