package org.hubben.demo;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.organisation.ChannelCredentials;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.ChannelStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On the first start of the embedded default (emulators on, no channel yet), adds two
 * regions below the central organisation and connects the centre to every platform
 * emulator, with tokens the emulators issued, verified as the centre's own in the name of
 * its first administrator (the demo stands in for their confirming each account).
 *
 * <p>
 * Runs on the main thread during start-up, after the central organisation exists, with
 * plain JDBC for the same reason as the organisation module's first start.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@ConditionalOnBooleanProperty("hubben.demo.enabled")
class DemoOrganisation implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(DemoOrganisation.class);

	/**
	 * Account ids shaped like each platform's own, so the demo looks like the real thing.
	 */
	private static final Map<Platform, DemoAccount> ACCOUNTS = Map.of(Platform.FACEBOOK,
			new DemoAccount("104857600000001", "Hubben Demo (Facebook Page)"), Platform.X,
			new DemoAccount("1580000000000000001", "@hubben_demo"), Platform.YOUTUBE,
			new DemoAccount("UCHubbenDemo0000000000001", "Hubben Demo (YouTube)"), Platform.FLICKR,
			new DemoAccount("12345678@N01", "Hubben Demo (Flickr)"));

	private final JdbcClient jdbc;

	private final List<Emulator> emulators;

	private final ObjectProvider<EmulatorTokens> tokens;

	private final ChannelRegistrar channelRegistrar;

	private final Clock clock;

	DemoOrganisation(JdbcClient jdbc, List<Emulator> emulators, ObjectProvider<EmulatorTokens> tokens,
			ChannelRegistrar channelRegistrar, Clock clock) {
		this.jdbc = jdbc;
		this.emulators = emulators;
		this.tokens = tokens;
		this.channelRegistrar = channelRegistrar;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		EmulatorTokens emulatorTokens = this.tokens.getIfAvailable();
		if (emulatorTokens == null) {
			logger.info("No demo organisation: the platform emulators are off");
			return;
		}
		UUID centre = this.jdbc.sql("select id from organisation where parent_id is null order by created_at")
			.query(UUID.class)
			.single();
		String admin = this.jdbc
			.sql("select username from member where organisation_id = ? and role = 'ADMIN' order by created_at")
			.param(centre)
			.query(String.class)
			.list()
			.stream()
			.findFirst()
			.orElse(null);
		Integer channels = this.jdbc.sql("select count(*) from channel").query(Integer.class).single();
		if (channels > 0) {
			verifyEmulatorChannels(centre, admin);
			return;
		}
		String zone = this.jdbc.sql("select zone_id from organisation where id = ?")
			.param(centre)
			.query(String.class)
			.single();
		addRegion(centre, "Region Nord", zone);
		addRegion(centre, "Region Syd", zone);
		for (Emulator emulator : this.emulators) {
			connect(centre, emulator.platform(), emulatorTokens, admin);
		}
		sharePost(centre, admin);
		logger.info("Created the demo organisation: two regions and {} emulator channel(s), verified as its own in the "
				+ "name of its first administrator", this.emulators.size());
	}

	/**
	 * Channels from before channels were verified start unverified; the demo's own
	 * emulator accounts are verified in its administrator's name, as if they had
	 * confirmed them, so the demo keeps publishing.
	 */
	private void verifyEmulatorChannels(UUID centre, String admin) {
		if (admin == null) {
			return;
		}
		int verified = 0;
		for (Emulator emulator : this.emulators) {
			DemoAccount account = ACCOUNTS.get(emulator.platform());
			if (account != null) {
				verified += this.jdbc
					.sql("update channel set verified_by = ?, verified_at = ?, verified_account_name = name "
							+ "where organisation_id = ? and platform = ? and account_id = ? and verified_by is null")
					.params(admin, Timestamp.from(this.clock.instant()), centre, emulator.platform().name(),
							account.id())
					.update();
			}
		}
		if (verified > 0) {
			logger.info("Verified {} demo emulator channel(s) from an older version as the demo organisation's own, "
					+ "in the name of its first administrator", verified);
		}
	}

	/** A region uses the home site Hubben serves for it, as the demo centre does. */
	private void addRegion(UUID parent, String name, String zone) {
		Integer existing = this.jdbc.sql("select count(*) from organisation where name = ?")
			.param(name)
			.query(Integer.class)
			.single();
		if (existing > 0) {
			return;
		}
		String slug = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
		this.jdbc
			.sql("insert into organisation (id, parent_id, name, slug, home_site_url, zone_id, created_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), parent, name, slug, null, zone, Timestamp.from(this.clock.instant()))
			.update();
	}

	/** A post the centre shares, so that each region's library has one to adopt. */
	private void sharePost(UUID centre, String admin) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("insert into post (id, organisation_id, title, body, link, slug, created_by, created_at, shared) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, centre, "Welcome to the shared library",
					"The centre shares this post with every region. Adopt it from the library, make it your own "
							+ "with a local line and your own link, and publish it on your own channels. #Hubben",
					null, "welcome-to-the-shared-library-" + id.toString().substring(0, 8),
					(admin != null) ? admin : "hubben", Timestamp.from(this.clock.instant()), true)
			.update();
	}

	private void connect(UUID organisation, Platform platform, EmulatorTokens tokens, String admin) {
		DemoAccount account = ACCOUNTS.get(platform);
		UUID id = UUID.randomUUID();
		String token = tokens.issue(platform, account.id(), null);
		this.jdbc
			.sql("insert into channel (id, organisation_id, platform, name, account_id, credentials, status, "
					+ "created_at, verified_by, verified_at, verified_account_name) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, organisation, platform.name(), account.name(), account.id(),
					this.channelRegistrar.seal(id, ChannelCredentials.accessToken(token)),
					ChannelStatus.CONNECTED.name(), Timestamp.from(this.clock.instant()), admin,
					(admin != null) ? Timestamp.from(this.clock.instant()) : null,
					(admin != null) ? account.name() : null)
			.update();
	}

	private record DemoAccount(String id, String name) {

	}

}
