package org.hubben.web;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.hubben.HubbenIntegrationTest;
import org.hubben.connector.AccountLinking;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.Connectors;
import org.hubben.connector.LinkedAccount;
import org.hubben.connector.MediaRules;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.organisation.Channel;
import org.hubben.organisation.ChannelConnected;
import org.hubben.organisation.ChannelCredentials;
import org.hubben.organisation.ChannelLinker;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Channels;
import org.hubben.organisation.Role;
import org.hubben.organisation.TokenRefresher;
import org.hubben.publishing.PublishingFlow;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Connecting accounts from the channels page, through the real endpoints as a browser
 * drives them: Hubben's pages with a session and CSRF, each platform emulator's consent
 * page, the callback and the confirmation. The generic flows run once for every
 * {@link AccountLinking} bean in the context, so each platform that gets one is covered.
 *
 * <p>
 * Every test works in an organisation of its own, so the channels it connects stay out of
 * the other tests' way.
 */
@HubbenIntegrationTest
class ChannelLinkingIntegrationTests {

	private static final String PASSWORD = "linking-test-password";

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	List<AccountLinking> linkings;

	@Autowired
	List<Emulator> emulators;

	@Autowired
	Connectors connectors;

	@Autowired
	Channels channels;

	@Autowired
	ChannelRegistrar registrar;

	@Autowired
	TokenRefresher refresher;

	@Autowired
	ChannelLinker linker;

	@Autowired
	PlatformEndpoints endpoints;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	private Team team;

	@BeforeEach
	void team() {
		this.team = newTeam();
	}

	@TestFactory
	Stream<DynamicTest> connectsEveryPlatformThroughItsConsentPageWithTokensThatWork() {
		assertThat(this.linkings).extracting(AccountLinking::platform).contains(Platform.X, Platform.FACEBOOK);
		return this.linkings.stream().map((linking) -> dynamicTest(linking.platform().displayName(), () -> {
			Team team = newTeam();
			Platform platform = linking.platform();
			SignedInBrowser browser = logIn(team.admin());
			Linked linked = connect(browser, platform, ChannelLinkingIntegrationTests::firstAccount);
			assertThat(linked.confirmation().selectFirst("h1").text()).startsWith("Connect ")
				.endsWith(team.name() + "?");
			assertThat(linked.connected()).hasSize(1);
			assertThat(linked.reconnected()).isEmpty();
			Channel channel = this.channels.findById(linked.channelId()).block();
			assertThat(channel.organisationId()).isEqualTo(team.organisationId());
			assertThat(channel.platform()).isEqualTo(platform);
			assertThat(channel.status()).isEqualTo(ChannelStatus.CONNECTED);
			assertThat(channel.verified()).as("confirmed by the member who saw the account's name").isTrue();
			assertThat(channel.verifiedBy()).isEqualTo(team.admin());
			assertThat(channel.verifiedAccountName()).isEqualTo(channel.name());
			ChannelCredentials credentials = this.registrar.credentialsOf(channel).block();
			assertThat(credentials.accessToken()).isNotBlank();
			assertThat(channel.credentials()).doesNotContain(credentials.accessToken());
			if (credentials.expiresAt() != null) {
				assertThat(channel.tokenExpiresAt()).isCloseTo(credentials.expiresAt(), within(1, ChronoUnit.MILLIS));
			}
			Element row = linked.channelsPage().getElementById("channel-" + channel.id());
			assertThat(row.text()).contains(channel.name(), "connected");
			assertThat(row.select(".verification").text()).startsWith("Verified by " + team.admin() + " on ")
				.endsWith(" as " + channel.name());
			assertThat(linked.channelsPage().select("[role=status]").text()).contains("Connected the "
					+ platform.displayName() + " " + ChannelsPage.noun(platform) + " «" + channel.name() + "»");
			assertThat(linked.channelsPage().html()).doesNotContain(credentials.accessToken());
			assertTokensWork(channel, credentials);
			Connector connector = this.connectors.forPlatform(platform).orElseThrow();
			if (connector.capabilities().media().required() == MediaRules.Required.NOTHING) {
				publishThrough(team, channel);
			}
		}));
	}

	@TestFactory
	Stream<DynamicTest> declinedConsentConnectsNothingAndSaysSo() {
		return this.linkings.stream().map((linking) -> dynamicTest(linking.platform().displayName(), () -> {
			Team team = newTeam();
			SignedInBrowser browser = logIn(team.admin());
			URI consent = startConnecting(browser, linking.platform(), connectButton(linking.platform()));
			URI callback = browser.decideOnPlatform(consent, "deny");
			Document page = browser.page(callback.toString());
			assertThat(page.select("h1").text()).isEqualTo("Channels");
			assertThat(page.select("[role=alert]").text()).startsWith("Nothing was connected: ")
				.doesNotContain("Exception");
			assertThat(channelsOf(team)).isEmpty();
		}));
	}

	@Test
	void refusesACallbackWhoseStateNoConnectionStarted() {
		SignedInBrowser browser = logIn(this.team.admin());
		Document forged = browser.open("/channels/callback/x?code=abc&state=forged", HttpStatus.BAD_REQUEST);
		assertThat(forged.select("[role=alert]").text())
			.contains("This answer from X belongs to no connection you started in the last 15 minutes");
		Document missing = browser.open("/channels/callback/facebook?code=abc", HttpStatus.BAD_REQUEST);
		assertThat(missing.select("[role=alert]").text()).startsWith("Nothing was connected");
		assertThat(channelsOf(this.team)).isEmpty();
	}

	@Test
	void refusesACallbackOfAConnectionSomeoneElseStartedAndLetsItsOwnerFinish() {
		SignedInBrowser owner = logIn(this.team.admin());
		URI callback = owner.decideOnPlatform(startConnecting(owner, Platform.X, connectButton(Platform.X)), "allow");
		SignedInBrowser colleague = logIn(this.team.otherAdmin());
		Document refused = colleague.open(callback.toString(), HttpStatus.BAD_REQUEST);
		assertThat(refused.select("[role=alert]").text()).contains("belongs to no connection you started");
		Document confirmation = owner.page(callback.toString());
		assertThat(confirmation.selectFirst("h1").text())
			.isEqualTo("Connect the X account «@hubben_demo» to " + this.team.name() + "?");
		Document again = owner.open(callback.toString(), HttpStatus.BAD_REQUEST);
		assertThat(again.select("[role=alert]").text()).contains("already used");
	}

	@Test
	void refusesAConnectionStartedMoreThanFifteenMinutesAgo() {
		SignedInBrowser browser = logIn(this.team.admin());
		URI callback = browser.decideOnPlatform(startConnecting(browser, Platform.X, connectButton(Platform.X)),
				"allow");
		this.linker.cleanUp(Instant.now().plus(ChannelLinker.VALID_FOR).plusSeconds(60)).block();
		Document stale = browser.open(callback.toString(), HttpStatus.BAD_REQUEST);
		assertThat(stale.select("[role=alert]").text()).contains("in the last 15 minutes");
	}

	@Test
	void sendsTheBrowserToTheEmulatorWhereItReachedHubben() {
		SignedInBrowser browser = SignedInBrowser.logIn("http://localhost:" + this.port, this.team.admin(), PASSWORD);
		Element connect = browser.page("/channels").selectFirst(connectButton(Platform.X));
		URI consent = browser.submitAndFollow(connect, new LinkedMultiValueMap<>(), HttpStatus.FOUND);
		assertThat(consent.toString()).startsWith("http://localhost:" + this.port + "/emulator/x/i/oauth2/authorize?");
		assertThat(java.net.URLDecoder.decode(
				UriComponentsBuilder.fromUri(consent).build().getQueryParams().getFirst("redirect_uri"),
				java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("http://localhost:" + this.port + "/channels/callback/x");
		URI callback = browser.decideOnPlatform(consent, "allow");
		assertThat(callback.toString()).startsWith("http://localhost:" + this.port + "/channels/callback/x?");
		assertThat(browser.page(callback.toString()).selectFirst("h1").text()).startsWith("Connect the X account");
	}

	@Test
	void letsOnlyAdministratorsConnect() {
		SignedInBrowser editor = logIn(this.team.editor());
		Document page = editor.page("/channels");
		assertThat(page.select("form.connect")).isEmpty();
		assertThat(page.text()).contains("Only an administrator of your organisation can connect channels");
		Element logout = page.selectFirst("form[action=/logout]");
		logout.attr("action", "/channels/connect/x");
		editor.submit(logout, new LinkedMultiValueMap<>()).expectStatus().isForbidden();
	}

	@Test
	void letsThePersonChooseWhichFacebookPagesToConnect() {
		SignedInBrowser browser = logIn(this.team.admin());
		URI callback = browser
			.decideOnPlatform(startConnecting(browser, Platform.FACEBOOK, connectButton(Platform.FACEBOOK)), "allow");
		Document confirmation = browser.page(callback.toString());
		assertThat(confirmation.selectFirst("h1").text())
			.isEqualTo("Connect Facebook Pages to " + this.team.name() + "?");
		assertThat(confirmation.select("fieldset label").eachText()).containsExactly("Hubben Demo", "Hubben Demo Nord");
		assertThat(confirmation.select("input[name=accountIds][checked]")).isEmpty();
		Element form = confirmation.selectFirst("form[action=/channels/confirm]");
		MultiValueMap<String, String> nothing = new LinkedMultiValueMap<>();
		nothing.add("offer", form.select("input[name=offer]").val());
		Document refused = org.jsoup.Jsoup.parse(browser.submit(form, nothing)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(refused.select("[role=alert]").text()).isEqualTo("Choose at least one account to connect");
		Element again = refused.selectFirst("form[action=/channels/confirm]");
		MultiValueMap<String, String> both = new LinkedMultiValueMap<>();
		both.add("offer", again.select("input[name=offer]").val());
		again.select("input[name=accountIds]").forEach((box) -> both.add("accountIds", box.val()));
		URI done = browser.submitAndFollow(again, both, HttpStatus.SEE_OTHER);
		Document channelsPage = browser.page(done.toString());
		assertThat(channelsPage.select("[role=status] p").eachText()).containsExactly(
				"Connected the Facebook Page «Hubben Demo»", "Connected the Facebook Page «Hubben Demo Nord»");
		assertThat(channelsOf(this.team)).extracting(Channel::accountId)
			.containsExactlyInAnyOrder("104857600000001", "104857600000002");
	}

	@Test
	void reconnectingKeepsTheStoredRefreshTokenWhenThePlatformSendsNone() {
		SignedInBrowser browser = logIn(this.team.admin());
		Linked linked = connect(browser, Platform.X, ChannelLinkingIntegrationTests::firstAccount);
		Channel channel = this.channels.findById(linked.channelId()).block();
		ChannelCredentials first = this.registrar.credentialsOf(channel).block();
		assertThat(first.refreshToken()).isNotBlank();
		Instant expiresAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
		ChannelConnected reconnected = this.registrar
			.connect(this.team.organisationId(),
					new LinkedAccount(Platform.X, channel.accountId(), "@hubben_demo", "access-without-refresh", null,
							null, expiresAt))
			.block();
		assertThat(reconnected.reconnected()).isTrue();
		assertThat(reconnected.channelId()).isEqualTo(channel.id());
		ChannelCredentials kept = this.registrar.credentialsOf(this.channels.findById(channel.id()).block()).block();
		assertThat(kept.accessToken()).isEqualTo("access-without-refresh");
		assertThat(kept.refreshToken()).isEqualTo(first.refreshToken());
		assertThat(kept.expiresAt()).isEqualTo(expiresAt);

		Linked again = connect(browser, Platform.X, ChannelLinkingIntegrationTests::firstAccount);
		assertThat(again.confirmation().selectFirst("h1").text())
			.isEqualTo("Reconnect the X account «@hubben_demo» to " + this.team.name() + "?");
		assertThat(again.channelId()).isEqualTo(channel.id());
		assertThat(again.reconnected()).containsExactly(channel.id());
		assertThat(again.channelsPage().select("[role=status]").text())
			.contains("Reconnected the X account «@hubben_demo»");
		assertThat(channelsOf(this.team)).hasSize(1);
		ChannelCredentials fresh = this.registrar.credentialsOf(this.channels.findById(channel.id()).block()).block();
		assertThat(fresh.refreshToken()).isNotBlank().isNotEqualTo(first.refreshToken());
		assertThat(fresh.accessToken()).isNotEqualTo("access-without-refresh");
	}

	@Test
	void refreshesAnXTokenNearItsExpiryAndTheOldRefreshTokenStopsWorking() {
		SignedInBrowser browser = logIn(this.team.admin());
		Channel channel = this.channels
			.findById(connect(browser, Platform.X, ChannelLinkingIntegrationTests::firstAccount).channelId())
			.block();
		ChannelCredentials before = this.registrar.credentialsOf(channel).block();
		assertThat(this.refresher.refreshExpiring(Instant.now()).block().refreshed()).as("nothing due yet").isZero();
		TokenRefresher.RefreshRound round = this.refresher.refreshExpiring(Instant.now().plus(Duration.ofHours(2)))
			.block();
		assertThat(round.refreshed()).isPositive();
		assertThat(round.expired()).isZero();
		Channel refreshed = this.channels.findById(channel.id()).block();
		ChannelCredentials after = this.registrar.credentialsOf(refreshed).block();
		assertThat(after.refreshToken()).isNotBlank().isNotEqualTo(before.refreshToken());
		assertThat(refreshed.tokenExpiresAt()).isAfterOrEqualTo(channel.tokenExpiresAt());
		assertThat(refreshed.status()).isEqualTo(ChannelStatus.CONNECTED);
		refreshAtTheEmulator(before.refreshToken()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request");
		assertTokensWork(refreshed, after);
		publishThrough(this.team, refreshed);
	}

	@Test
	void refreshesAChannelOnceWhenTwoNodesRefreshAtTheSameTime() {
		SignedInBrowser browser = logIn(this.team.admin());
		Channel channel = this.channels
			.findById(connect(browser, Platform.X, ChannelLinkingIntegrationTests::firstAccount).channelId())
			.block();
		Instant later = Instant.now().plus(Duration.ofHours(2));
		// Without the claim both would spend the same rotating refresh token, and X would
		// refuse the second: the channel would end up expired.
		List<TokenRefresher.RefreshRound> rounds = Flux
			.merge(this.refresher.refreshExpiring(later).subscribeOn(Schedulers.parallel()),
					this.refresher.refreshExpiring(later).subscribeOn(Schedulers.parallel()))
			.collectList()
			.block();
		assertThat(rounds).hasSize(2).allSatisfy((round) -> assertThat(round.expired()).isZero());
		assertThat(this.channels.findById(channel.id()).block().status()).isEqualTo(ChannelStatus.CONNECTED);
		assertTokensWork(channel, this.registrar.credentialsOf(this.channels.findById(channel.id()).block()).block());
	}

	@Test
	void marksAChannelExpiredWhenThePlatformRefusesToRefreshIt() {
		SignedInBrowser browser = logIn(this.team.admin());
		Channel channel = this.channels
			.findById(connect(browser, Platform.X, ChannelLinkingIntegrationTests::firstAccount).channelId())
			.block();
		ChannelCredentials credentials = this.registrar.credentialsOf(channel).block();
		refreshAtTheEmulator(credentials.refreshToken()).expectStatus().isOk();
		TokenRefresher.RefreshRound round = this.refresher.refreshExpiring(Instant.now().plus(Duration.ofHours(2)))
			.block();
		assertThat(round.expired()).isPositive();
		assertThat(this.channels.findById(channel.id()).block().status()).isEqualTo(ChannelStatus.EXPIRED);
		Document page = browser.page("/channels");
		Element row = page.getElementById("channel-" + channel.id());
		assertThat(row.select(".badge").text()).isEqualTo("expired");
		assertThat(row.select("form.reconnect button").text()).isEqualTo("Reconnect");
	}

	@Test
	@SuppressWarnings("unchecked")
	void refreshesATokenAboutToExpireBeforeSendingThroughIt() {
		SignedInBrowser browser = logIn(this.team.admin());
		Channel channel = this.channels
			.findById(connect(browser, Platform.X, ChannelLinkingIntegrationTests::firstAccount).channelId())
			.block();
		ChannelCredentials before = this.registrar.credentialsOf(channel).block();
		Instant soon = Instant.now().plusSeconds(30);
		this.jdbc.sql("update channel set credentials = ?, token_expires_at = ? where id = ?")
			.params(this.registrar.seal(channel.id(),
					new ChannelCredentials(before.accessToken(), null, before.refreshToken(), soon)),
					Timestamp.from(soon), channel.id())
			.update();
		publishThrough(this.team, channel);
		ChannelCredentials after = this.registrar.credentialsOf(this.channels.findById(channel.id()).block()).block();
		assertThat(after.refreshToken()).isNotEqualTo(before.refreshToken());
		assertThat(after.expiresAt()).isAfter(soon.plus(Duration.ofHours(1)));
	}

	@Test
	@SuppressWarnings("unchecked")
	void deliveriesToAnExpiredChannelWaitAndGoOutOnceItIsReconnected() throws InterruptedException {
		SignedInBrowser browser = logIn(this.team.admin());
		Channel channel = this.channels
			.findById(connect(browser, Platform.X, ChannelLinkingIntegrationTests::firstAccount).channelId())
			.block();
		revokeAtTheEmulator(this.registrar.credentialsOf(channel).block().accessToken());
		PublishingFlow flow = flowOf(this.team);

		String refusedMarker = "Refused token " + UUID.randomUUID();
		Map<String, Object> refused = flow.schedule(flow.compose("Waits", refusedMarker, null).get("id"),
				List.of(channel.id()), null);
		Map<String, Object> refusedDelivery = onlyDelivery(flow.awaitFinished(refused.get("id"), PATIENCE));
		assertThat(refusedDelivery.get("state")).isEqualTo("WAITING");
		assertThat((String) refusedDelivery.get("error"))
			.startsWith("Waiting for the channel to be reconnected: X refused the channel's token");
		assertThat(this.channels.findById(channel.id()).block().status()).isEqualTo(ChannelStatus.EXPIRED);

		String expiredMarker = "Expired channel " + UUID.randomUUID();
		Map<String, Object> expired = flow.schedule(flow.compose("Also waits", expiredMarker, null).get("id"),
				List.of(channel.id()), null);
		Map<String, Object> expiredDelivery = onlyDelivery(flow.awaitFinished(expired.get("id"), PATIENCE));
		assertThat(expiredDelivery.get("state")).isEqualTo("WAITING");
		assertThat((String) expiredDelivery.get("error"))
			.startsWith("Waiting for the channel to be reconnected: X channel @hubben_demo must be reconnected");
		assertThat(flow.received(Platform.X, refusedMarker)).isEmpty();

		Document publication = browser.page("/publications/" + refused.get("id"));
		assertThat(publication.select("table.deliveries tbody td:nth-child(3)").text()).isEqualTo("WAITING");
		assertThat(publication.select("table.deliveries .error").text())
			.startsWith("Waiting for the channel to be reconnected");
		assertThat(publication.select("form[action$=/cancel]")).hasSize(1);
		assertThat(publication.select("meta[http-equiv=refresh]")).isEmpty();

		Document channelsPage = browser.page("/channels");
		Element row = channelsPage.getElementById("channel-" + channel.id());
		assertThat(row.select(".badge.status-expired").text()).isEqualTo("expired");
		assertThat(row.text()).contains("WAITING");
		Linked reconnected = connect(browser, Platform.X, "#channel-" + channel.id() + " form.reconnect",
				ChannelLinkingIntegrationTests::firstAccount);
		assertThat(reconnected.channelId()).isEqualTo(channel.id());
		assertThat(reconnected.reconnected()).containsExactly(channel.id());

		for (Map<String, Object> publicationJson : List.of(refused, expired)) {
			Map<String, Object> delivery = awaitState(flow, publicationJson.get("id"), "SENT");
			assertThat(delivery.get("state")).as("after reconnecting: %s", delivery.get("error")).isEqualTo("SENT");
			assertThat(delivery.get("attempts")).isEqualTo(2);
		}
		assertThat(flow.received(Platform.X, refusedMarker)).singleElement()
			.satisfies((post) -> assertThat(post.accountId()).isEqualTo(channel.accountId()));
		assertThat(flow.received(Platform.X, expiredMarker)).hasSize(1);
		assertThat(this.channels.findById(channel.id()).block().status()).isEqualTo(ChannelStatus.CONNECTED);
	}

	// The flow through the pages

	private Linked connect(SignedInBrowser browser, Platform platform,
			Function<Element, MultiValueMap<String, String>> choose) {
		return connect(browser, platform, connectButton(platform), choose);
	}

	private Linked connect(SignedInBrowser browser, Platform platform, String button,
			Function<Element, MultiValueMap<String, String>> choose) {
		URI consent = startConnecting(browser, platform, button);
		URI callback = browser.decideOnPlatform(consent, "allow");
		assertThat(callback.getPath()).isEqualTo("/channels/callback/" + platform.id());
		Document confirmation = browser.page(callback.toString());
		Element form = confirmation.selectFirst("form[action=/channels/confirm]");
		assertThat(form).as("the confirmation form").isNotNull();
		URI done = browser.submitAndFollow(form, choose.apply(form), HttpStatus.SEE_OTHER);
		Map<String, List<String>> query = UriComponentsBuilder.fromUri(done).build().getQueryParams();
		Linked linked = new Linked(ids(query.get("connected")).toList(), ids(query.get("reconnected")).toList(),
				confirmation, browser.page(done.toString()));
		assertThat(linked.connected().size() + linked.reconnected().size()).as("channels connected by %s", done)
			.isPositive();
		return linked;
	}

	private URI startConnecting(SignedInBrowser browser, Platform platform, String button) {
		Document channelsPage = browser.page("/channels");
		Element form = channelsPage.selectFirst(button);
		assertThat(form).as("%s on the channels page", button).isNotNull();
		URI consent = browser.submitAndFollow(form, new LinkedMultiValueMap<>(), HttpStatus.FOUND);
		assertThat(consent.toString()).startsWith("http://127.0.0.1:" + this.port + "/emulator/" + platform.id() + "/");
		return consent;
	}

	private static String connectButton(Platform platform) {
		return "form.connect[action=/channels/connect/" + platform.id() + "]";
	}

	private static MultiValueMap<String, String> firstAccount(Element form) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("offer", form.select("input[name=offer]").val());
		fields.add("accountIds", form.select("input[name=accountIds]").first().val());
		return fields;
	}

	private static Stream<UUID> ids(List<String> values) {
		return (values == null) ? Stream.empty()
				: values.stream().flatMap((value) -> Arrays.stream(value.split(","))).map(UUID::fromString);
	}

	// What the tokens can do

	private void assertTokensWork(Channel channel, ChannelCredentials credentials) {
		Connector connector = this.connectors.forPlatform(channel.platform()).orElseThrow();
		Throwable failure = connector
			.lookup(new ChannelAccess(channel.accountId(), credentials.accessToken(), credentials.tokenSecret()), "0")
			.then(Mono.<Throwable>empty())
			.onErrorResume(Mono::just)
			.block(PATIENCE);
		if (failure != null) {
			assertThat(failure).as("looking up a post with the channel's token")
				.isNotInstanceOf(AuthorisationFailed.class);
		}
	}

	@SuppressWarnings("unchecked")
	private void publishThrough(Team team, Channel channel) {
		PublishingFlow flow = flowOf(team);
		String marker = "Through " + channel.platform().id() + " " + UUID.randomUUID();
		Map<String, Object> publication = flow.schedule(flow.compose("Through the channel", marker, null).get("id"),
				List.of(channel.id()), null);
		Map<String, Object> delivery = awaitState(flow, publication.get("id"), "SENT");
		assertThat(delivery.get("state")).as("delivery: %s", delivery.get("error")).isEqualTo("SENT");
		List<ReceivedPost> received = flow.received(channel.platform(), marker);
		assertThat(received).singleElement()
			.satisfies((post) -> assertThat(post.accountId()).isEqualTo(channel.accountId()));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> awaitState(PublishingFlow flow, Object publicationId, String state) {
		Instant deadline = Instant.now().plus(PATIENCE);
		Map<String, Object> delivery = onlyDelivery(flow.publication(publicationId));
		while (!state.equals(delivery.get("state")) && Instant.now().isBefore(deadline)) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			delivery = onlyDelivery(flow.publication(publicationId));
		}
		return delivery;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> onlyDelivery(Map<String, Object> publication) {
		List<Map<String, Object>> deliveries = (List<Map<String, Object>>) publication.get("deliveries");
		assertThat(deliveries).hasSize(1);
		return deliveries.get(0);
	}

	private PublishingFlow flowOf(Team team) {
		WebTestClient api = SignedInBrowser.client("http://127.0.0.1:" + this.port)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(team.admin(), PASSWORD))
			.build();
		return new PublishingFlow(api, this.emulators);
	}

	private WebTestClient.ResponseSpec refreshAtTheEmulator(String refreshToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refreshToken);
		return xTokenEndpoint("/2/oauth2/token", form);
	}

	private void revokeAtTheEmulator(String accessToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", accessToken);
		xTokenEndpoint("/2/oauth2/revoke", form).expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec xTokenEndpoint(String path, MultiValueMap<String, String> form) {
		PlatformProperties.App app = this.endpoints.app(Platform.X);
		return SignedInBrowser.client("http://127.0.0.1:" + this.port)
			.post()
			.uri("/emulator/x" + path)
			.headers((headers) -> headers.setBasicAuth(app.clientId(), app.clientSecret()))
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

	// The organisation each test works in

	private List<Channel> channelsOf(Team team) {
		return this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(team.organisationId()).collectList().block();
	}

	private SignedInBrowser logIn(String username) {
		return SignedInBrowser.logIn(this.port, username, PASSWORD);
	}

	private Team newTeam() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		UUID centre = this.jdbc.sql("select id from organisation where parent_id is null order by created_at")
			.query(UUID.class)
			.list()
			.get(0);
		UUID organisation = UUID.randomUUID();
		String name = "Region Linking " + suffix;
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc
			.sql("insert into organisation (id, parent_id, name, slug, home_site_url, zone_id, created_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(organisation, centre, name, "region-linking-" + suffix, "https://home.example.org/linking/",
					"Europe/Stockholm", now)
			.update();
		Team team = new Team(organisation, name, "linker-" + suffix, "colleague-" + suffix, "editor-" + suffix);
		addMember(team, team.admin(), Role.ADMIN);
		addMember(team, team.otherAdmin(), Role.ADMIN);
		addMember(team, team.editor(), Role.EDITOR);
		return team;
	}

	private void addMember(Team team, String username, Role role) {
		this.jdbc
			.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), team.organisationId(), username, this.passwordEncoder.encode(PASSWORD),
					role.name(), Timestamp.from(Instant.now()))
			.update();
	}

	/**
	 * An organisation of one test, with two administrators and an editor.
	 */
	private record Team(UUID organisationId, String name, String admin, String otherAdmin, String editor) {

	}

	/**
	 * What connecting through the pages did.
	 *
	 * @param connected the new channels, as the redirect named them
	 * @param reconnected the channels reconnected, as the redirect named them
	 * @param confirmation the confirmation page
	 * @param channelsPage the channels page after confirming
	 */
	private record Linked(List<UUID> connected, List<UUID> reconnected, Document confirmation, Document channelsPage) {

		UUID channelId() {
			List<UUID> all = Stream.concat(this.connected.stream(), this.reconnected.stream()).toList();
			assertThat(all).hasSize(1);
			return all.get(0);
		}

	}

}
