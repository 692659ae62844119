package org.hubben.organisation;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * On an empty database, creates the central organisation and the first administrator,
 * from {@code hubben.organisation.*} and {@code HUBBEN_ADMIN_USERNAME} /
 * {@code HUBBEN_ADMIN_PASSWORD}. Without a configured password one is generated and
 * printed once to the log; only its hash is stored.
 *
 * <p>
 * Runs on the main thread during start-up, before the application reports itself ready,
 * so it uses plain JDBC rather than a reactive pipeline it would have to block on. Safe
 * when several nodes start at once: a unique constraint lets only one of them create each
 * row.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FirstStart implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(FirstStart.class);

	private final JdbcClient jdbc;

	private final OrganisationProperties properties;

	private final PasswordEncoder passwordEncoder;

	private final Clock clock;

	FirstStart(JdbcClient jdbc, OrganisationProperties properties, PasswordEncoder passwordEncoder, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.passwordEncoder = passwordEncoder;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		UUID centre = ensureCentralOrganisation();
		ensureAdministrator(centre);
	}

	private UUID ensureCentralOrganisation() {
		UUID existing = centralOrganisation();
		if (existing != null) {
			return existing;
		}
		OrganisationProperties.Central central = this.properties.organisation();
		try {
			this.jdbc
				.sql("insert into organisation (id, parent_id, name, slug, home_site_url, zone_id, created_at) "
						+ "values (?, null, ?, ?, ?, ?, ?)")
				.params(UUID.randomUUID(), central.name(), Slugs.of(central.name()),
						(central.homeSite() != null) ? central.homeSite().toString() : null, central.zone(),
						Timestamp.from(this.clock.instant()))
				.update();
			logger.info("Created the central organisation '{}' with home site {}", central.name(),
					(central.homeSite() != null) ? central.homeSite() : "served by Hubben");
		}
		catch (DuplicateKeyException ex) {
			logger.debug("Another node created the central organisation first");
		}
		return centralOrganisation();
	}

	private UUID centralOrganisation() {
		return this.jdbc.sql("select id from organisation where parent_id is null order by created_at")
			.query(UUID.class)
			.optional()
			.orElse(null);
	}

	private void ensureAdministrator(UUID organisationId) {
		Integer members = this.jdbc.sql("select count(*) from member").query(Integer.class).single();
		if (members > 0) {
			return;
		}
		OrganisationProperties.Admin admin = this.properties.admin();
		boolean generated = admin.password() == null || admin.password().isBlank();
		String password = generated ? generatePassword() : admin.password();
		try {
			this.jdbc
				.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
						+ "values (?, ?, ?, ?, ?, ?)")
				.params(UUID.randomUUID(), organisationId, admin.username(), this.passwordEncoder.encode(password),
						Role.ADMIN.name(), Timestamp.from(this.clock.instant()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			logger.debug("Another node created the first administrator first");
			return;
		}
		if (generated) {
			logger.warn("Created the first administrator '{}' with the generated password: {}  (shown only this "
					+ "once; set HUBBEN_ADMIN_PASSWORD to choose it instead)", admin.username(), password);
		}
		else {
			logger.info("Created the first administrator '{}' from HUBBEN_ADMIN_PASSWORD", admin.username());
		}
	}

	private static String generatePassword() {
		byte[] bytes = new byte[15];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
