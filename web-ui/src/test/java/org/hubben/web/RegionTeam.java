package org.hubben.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.hubben.organisation.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A region of its own under the centre, with one administrator, written straight to the
 * database: for tests that need an organisation no other test uses.
 *
 * @param organisationId the region
 * @param admin its administrator's username
 */
record RegionTeam(UUID organisationId, String admin) {

	/**
	 * @param name a word for the test, used in the region's name and the username
	 * @param password the administrator's password
	 */
	static RegionTeam create(JdbcClient jdbc, PasswordEncoder passwordEncoder, String name, String password) {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		UUID centre = jdbc.sql("select id from organisation where parent_id is null order by created_at")
			.query(UUID.class)
			.list()
			.get(0);
		UUID organisation = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		jdbc.sql("insert into organisation (id, parent_id, name, slug, home_site_url, zone_id, created_at) "
				+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(organisation, centre, "Region " + name + " " + suffix, "region-" + name + "-" + suffix, null,
					"Europe/Stockholm", now)
			.update();
		String admin = name + "-" + suffix;
		jdbc.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
				+ "values (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), organisation, admin, passwordEncoder.encode(password), Role.ADMIN.name(), now)
			.update();
		return new RegionTeam(organisation, admin);
	}

}
