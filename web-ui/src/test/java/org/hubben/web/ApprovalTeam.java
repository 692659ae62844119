package org.hubben.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.organisation.ChannelCredentials;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.ChannelStatus;
import org.hubben.organisation.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A region of its own that requires approval, written straight to the database: an
 * administrator, an editor, two approvers, and an X channel on the emulator with a token
 * the emulator issued, verified as the region's own.
 *
 * @param region the region and its administrator
 * @param editor the editor's username
 * @param approver an approver's username
 * @param secondApprover another approver's username
 * @param xChannel the X channel
 */
record ApprovalTeam(RegionTeam region, String editor, String approver, String secondApprover, UUID xChannel) {

	static final String PASSWORD = "approval-test-password";

	static ApprovalTeam create(JdbcClient jdbc, PasswordEncoder passwordEncoder, ChannelRegistrar registrar,
			EmulatorTokens tokens, String name) {
		RegionTeam region = RegionTeam.create(jdbc, passwordEncoder, name, PASSWORD);
		String suffix = region.admin().substring(region.admin().lastIndexOf('-') + 1);
		String editor = member(jdbc, passwordEncoder, region, "editor-" + suffix, Role.EDITOR);
		String approver = member(jdbc, passwordEncoder, region, "approver-" + suffix, Role.APPROVER);
		String second = member(jdbc, passwordEncoder, region, "approver2-" + suffix, Role.APPROVER);
		UUID channel = UUID.randomUUID();
		String account = "approval-" + suffix;
		String token = tokens.issue(Platform.X, account, null);
		Timestamp now = Timestamp.from(Instant.now());
		jdbc.sql("insert into channel (id, organisation_id, platform, name, account_id, credentials, status, "
				+ "created_at, verified_by, verified_at, verified_account_name) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(channel, region.organisationId(), Platform.X.name(), "@approval_" + suffix, account,
					registrar.seal(channel, ChannelCredentials.accessToken(token)), ChannelStatus.CONNECTED.name(), now,
					region.admin(), now, "@approval_" + suffix)
			.update();
		jdbc.sql("insert into approval_rule (organisation_id, required, changed_by, changed_at) values (?, ?, ?, ?)")
			.params(region.organisationId(), true, region.admin(), now)
			.update();
		return new ApprovalTeam(region, editor, approver, second, channel);
	}

	private static String member(JdbcClient jdbc, PasswordEncoder passwordEncoder, RegionTeam region, String username,
			Role role) {
		jdbc.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
				+ "values (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), region.organisationId(), username, passwordEncoder.encode(PASSWORD), role.name(),
					Timestamp.from(Instant.now()))
			.update();
		return username;
	}

	String admin() {
		return this.region.admin();
	}

	UUID organisationId() {
		return this.region.organisationId();
	}

	/** An API client with HTTP Basic as one of the team. */
	static WebTestClient api(int port, String username) {
		return TestClients.anonymous(port)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(username, PASSWORD))
			.build();
	}

}
