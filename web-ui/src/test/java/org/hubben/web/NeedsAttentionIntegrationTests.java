package org.hubben.web;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.connector.Platform;
import org.hubben.organisation.ChannelCredentials;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.ChannelStatus;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What needs a person, on the dashboard's "Needs attention" and on the channels page:
 * failed and unknown deliveries of the last week, an expired channel and one whose token
 * expires within a day, a channel a rate limit holds back. Every test works in an
 * organisation of its own, whose channels no delivery ever really goes to.
 */
@HubbenIntegrationTest
class NeedsAttentionIntegrationTests {

	private static final String PASSWORD = "attention-test-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	ChannelRegistrar registrar;

	private RegionTeam team;

	@BeforeEach
	void team() {
		this.team = RegionTeam.create(this.jdbc, this.passwordEncoder, "attention", PASSWORD);
	}

	/** The rate limit of this test's channel must hold back no other test's. */
	@AfterEach
	void liftRateLimits() {
		this.jdbc.sql("delete from rate_limit where reason like 'Attention test%'").update();
	}

	@Test
	void listsFailedDeliveriesExpiringChannelsAndRateLimitsWithLinksToActOn() {
		Instant now = Instant.now();
		UUID expired = addChannel(Platform.X, "@attention_x", ChannelStatus.EXPIRED, now.minus(Duration.ofHours(1)));
		UUID expiring = addChannel(Platform.FACEBOOK, "Attention Page", ChannelStatus.CONNECTED,
				now.plus(Duration.ofHours(3)));
		UUID held = addChannel(Platform.FLICKR, "attention flickr", ChannelStatus.CONNECTED, null);
		UUID fine = addChannel(Platform.YOUTUBE, "Attention on YouTube", ChannelStatus.CONNECTED,
				now.plus(Duration.ofDays(30)));
		Instant until = now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
		holdBack(Platform.FLICKR, held, until);
		UUID refused = addDelivery("Refused on X", expired, "FAILED", "X refused: duplicate content",
				now.minus(Duration.ofHours(1)));
		UUID unknown = addDelivery("Unanswered on Facebook", expiring, "UNKNOWN",
				"Facebook did not answer: looking the post up", now.minus(Duration.ofMinutes(10)));
		UUID lastWeek = addDelivery("Failed long ago", expired, "FAILED", "X refused: long ago",
				now.minus(Duration.ofDays(8)));
		UUID sent = addDelivery("Went out", fine, "SENT", null, now.minus(Duration.ofMinutes(5)));

		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		Document dashboard = browser.page("/");
		assertThat(dashboard.select("h1").text()).isEqualTo("Dashboard");
		assertThat(dashboard.select("h2").eachText()).contains("Needs attention", "Latest publications");

		Element failures = dashboard.getElementById("attention-failures");
		assertThat(failures.select("li")).hasSize(2);
		Element first = failures.select("li").get(0);
		assertThat(first.select("a").attr("href")).isEqualTo("/publications/" + unknown);
		assertThat(first.text()).contains("Unanswered on Facebook", "Attention Page (Facebook)", "UNKNOWN",
				"Facebook did not answer: looking the post up");
		Element second = failures.select("li").get(1);
		assertThat(second.select("a").attr("href")).isEqualTo("/publications/" + refused);
		assertThat(second.text()).contains("Refused on X", "@attention_x (X)", "FAILED",
				"X refused: duplicate content");
		assertThat(failures.text()).doesNotContain("Failed long ago", "Went out").doesNotContain("Nothing to fix");
		assertThat(failures.select("a[href=/publications/" + lastWeek + "], a[href=/publications/" + sent + "]"))
			.isEmpty();

		Element tokens = dashboard.getElementById("attention-tokens");
		assertThat(tokens.select("li")).hasSize(2);
		assertThat(tokens.select("li").get(0).text()).contains("Attention Page (Facebook)", "expires ")
			.contains("(Europe/Stockholm)");
		assertThat(tokens.select("li").get(0).select("a").attr("href")).isEqualTo("/channels#channel-" + expiring);
		assertThat(tokens.select("li").get(1).text()).contains("@attention_x (X)", "expired", "Reconnect it");
		assertThat(tokens.select("li").get(1).select("a").attr("href")).isEqualTo("/channels#channel-" + expired);

		Element holds = dashboard.getElementById("attention-holds");
		assertThat(holds.select("li")).singleElement().satisfies((hold) -> {
			assertThat(hold.select("a").attr("href")).isEqualTo("/channels#channel-" + held);
			assertThat(hold.select("a").text()).isEqualTo("attention flickr (Flickr)");
			assertThat(hold.select("time").attr("datetime")).isEqualTo(until.toString());
			assertThat(hold.text()).contains("held until", "Attention test: Flickr asked Hubben to wait");
		});

		Document channels = browser.page("/channels");
		Element x = channels.getElementById("channel-" + expired);
		assertThat(x.select("td.token").text()).isEqualTo("expired: reconnect it");
		assertThat(x.select("form.reconnect button").text()).isEqualTo("Reconnect");
		assertThat(x.select("td.limit").text()).isEqualTo("free");
		assertThat(x.select("a[href=/publications/" + refused + "] .badge").text()).isEqualTo("FAILED");
		Element facebook = channels.getElementById("channel-" + expiring);
		assertThat(facebook.select("td.token").text()).startsWith("expiring at ").endsWith("(Europe/Stockholm)");
		assertThat(facebook.select("form.reconnect")).isEmpty();
		Element flickr = channels.getElementById("channel-" + held);
		assertThat(flickr.select("td.token").text()).isEqualTo("valid (does not expire)");
		assertThat(flickr.select("td.limit").text()).startsWith("held until ")
			.endsWith("Attention test: Flickr asked Hubben to wait");
		assertThat(flickr.select("td.limit time").attr("datetime")).isEqualTo(until.toString());
		Element youTube = channels.getElementById("channel-" + fine);
		assertThat(youTube.select("td.token").text()).startsWith("valid until ");
		assertThat(youTube.select("td.limit").text()).isEqualTo("free");
		assertThat(youTube.select("a[href=/publications/" + sent + "] .badge").text()).isEqualTo("SENT");
	}

	@Test
	void aRateLimitThatHasEndedHoldsNothingBack() {
		UUID channel = addChannel(Platform.FLICKR, "attention app-wide", ChannelStatus.CONNECTED, null);
		holdBack(Platform.FLICKR, null, Instant.now().minusSeconds(5));
		SignedInBrowser browser = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD);
		assertThat(browser.page("/").getElementById("attention-holds").text()).contains("Nothing to fix");
		assertThat(browser.page("/channels").getElementById("channel-" + channel).select("td.limit").text())
			.isEqualTo("free");
	}

	@Test
	void saysNothingToFixWhenNothingNeedsAttention() {
		addChannel(Platform.X, "@attention_fine", ChannelStatus.CONNECTED, Instant.now().plus(Duration.ofDays(60)));
		Document dashboard = SignedInBrowser.logIn(this.port, this.team.admin(), PASSWORD).page("/");
		assertThat(dashboard.select("#attention .card")).hasSize(3)
			.allSatisfy((card) -> assertThat(card.select("p.fine").text()).isEqualTo("Nothing to fix."));
		assertThat(dashboard.select("#attention li")).isEmpty();
	}

	// The organisation of one test, its channels, deliveries and rate limits

	private UUID addChannel(Platform platform, String name, ChannelStatus status, Instant expiresAt) {
		UUID id = UUID.randomUUID();
		String credentials = this.registrar.seal(id,
				new ChannelCredentials("attention-" + UUID.randomUUID(), null, null, expiresAt));
		this.jdbc
			.sql("insert into channel (id, organisation_id, platform, name, account_id, credentials, status, "
					+ "created_at, token_expires_at, verified_by, verified_at, verified_account_name) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, this.team.organisationId(), platform.name(), name, "attention-" + id, credentials,
					status.name(), Timestamp.from(Instant.now()),
					(expiresAt != null) ? Timestamp.from(expiresAt) : null, "attention-admin",
					Timestamp.from(Instant.now()), name)
			.update();
		return id;
	}

	/**
	 * A publication of one delivery, recorded as it would be after the fact. An unknown
	 * one has used up its lookups and waits far ahead, so the reconciler leaves it alone.
	 * @return the publication
	 */
	private UUID addDelivery(String title, UUID channelId, String state, String error, Instant finishedAt) {
		UUID post = UUID.randomUUID();
		UUID publication = UUID.randomUUID();
		Timestamp due = Timestamp.from(finishedAt.minusSeconds(1));
		this.jdbc
			.sql("insert into post (id, organisation_id, title, body, link, slug, created_by, created_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(post, this.team.organisationId(), title, title + ": the text.", null, "attention-" + post,
					this.team.admin(), due)
			.update();
		this.jdbc
			.sql("insert into publication (id, post_id, due_at, zone_id, created_by, created_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(publication, post, due, "Europe/Stockholm", this.team.admin(), due)
			.update();
		boolean unknown = state.equals("UNKNOWN");
		String platform = this.jdbc.sql("select platform from channel where id = ?")
			.param(channelId)
			.query(String.class)
			.single();
		this.jdbc
			.sql("insert into delivery (id, publication_id, channel_id, platform, state, due_at, attempts, remote_id, "
					+ "remote_url, error, claimed_at, finished_at, next_attempt_at, claimed_by, lookups) "
					+ "values (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), publication, channelId, platform, state, due,
					state.equals("SENT") ? "attention-remote" : null,
					state.equals("SENT") ? "https://example.org/attention" : null, error, due,
					unknown ? null : Timestamp.from(finishedAt),
					unknown ? Timestamp.from(Instant.now().plus(Duration.ofDays(365))) : due, "attention-node",
					unknown ? 10_000 : 0)
			.update();
		return publication;
	}

	/** A rate limit on one channel, or on the platform's whole app when it is null. */
	private void holdBack(Platform platform, UUID channelId, Instant until) {
		this.jdbc.sql("insert into rate_limit (platform, scope_key, until_at, reason) values (?, ?, ?, ?)")
			.params(platform.name(), (channelId != null) ? channelId.toString() : "app", Timestamp.from(until),
					"Attention test: " + platform.displayName() + " asked Hubben to wait")
			.update();
	}

}
