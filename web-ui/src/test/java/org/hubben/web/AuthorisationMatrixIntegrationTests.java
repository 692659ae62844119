package org.hubben.web;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.organisation.Access;
import org.hubben.organisation.Action;
import org.hubben.organisation.ChannelCredentials;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.Member;
import org.hubben.organisation.Members;
import org.hubben.organisation.Reach;
import org.hubben.organisation.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's authorisation matrix, through the real API: a tree centre → region R → branch
 * B, with a sibling region S under the centre; one member of each role in R; and for
 * every role × every action × {R itself, the centre above, B below, S beside}, one HTTP
 * call (HTTP Basic) that takes that action in that organisation, answered allowed (2xx)
 * or refused (403, or 404 for what the member may not even see) exactly as the table
 * below says.
 */
@HubbenIntegrationTest
class AuthorisationMatrixIntegrationTests {

	private static final String PASSWORD = "matrix-test-password";

	/**
	 * Written out by hand, not derived from {@link Role}. One line per role and action;
	 * the columns are the organisation acted in, seen from R: R itself (own), B (below,
	 * child), the centre (above, parent), S (elsewhere, sibling). "x" allowed, "-"
	 * refused.
	 */
	private static final String EXPECTED = """
			                          R B C S
			ADMIN    VIEW             x x - -
			ADMIN    COMPOSE          x - - -
			ADMIN    SCHEDULE         x - - -
			ADMIN    APPROVE          x - - -
			ADMIN    ADOPT            x - x -
			ADMIN    MANAGE_CHANNELS  x - - -
			ADMIN    MANAGE_MEMBERS   x x - -
			ADMIN    MANAGE_SETTINGS  x x - -
			ADMIN    READ_AUDIT       x x - -
			EDITOR   VIEW             x x - -
			EDITOR   COMPOSE          x - - -
			EDITOR   SCHEDULE         x - - -
			EDITOR   APPROVE          - - - -
			EDITOR   ADOPT            x - x -
			EDITOR   MANAGE_CHANNELS  - - - -
			EDITOR   MANAGE_MEMBERS   - - - -
			EDITOR   MANAGE_SETTINGS  - - - -
			EDITOR   READ_AUDIT       - - - -
			APPROVER VIEW             x x - -
			APPROVER COMPOSE          - - - -
			APPROVER SCHEDULE         - - - -
			APPROVER APPROVE          x - - -
			APPROVER ADOPT            - - - -
			APPROVER MANAGE_CHANNELS  - - - -
			APPROVER MANAGE_MEMBERS   - - - -
			APPROVER MANAGE_SETTINGS  - - - -
			APPROVER READ_AUDIT       - - - -
			VIEWER   VIEW             x x - -
			VIEWER   COMPOSE          - - - -
			VIEWER   SCHEDULE         - - - -
			VIEWER   APPROVE          - - - -
			VIEWER   ADOPT            - - - -
			VIEWER   MANAGE_CHANNELS  - - - -
			VIEWER   MANAGE_MEMBERS   - - - -
			VIEWER   MANAGE_SETTINGS  - - - -
			VIEWER   READ_AUDIT       - - - -
			""";

	/** The organisations of the columns, in the table's order. */
	private static final List<String> PLACES = List.of("R", "B", "C", "S");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	ChannelRegistrar registrar;

	@Autowired
	Access access;

	@Autowired
	Members members;

	/**
	 * How one action is taken in one organisation: an HTTP call, answering its status.
	 * One entry per {@link Action}; an action whose endpoint lands later replaces its
	 * service-level entry here.
	 */
	private Map<Action, Probe> probes() {
		Map<Action, Probe> probes = new EnumMap<>(Action.class);
		probes.put(Action.VIEW,
				(member, place) -> api(member).get()
					.uri("/api/posts/{id}", place.post())
					.exchange()
					.returnResult(String.class)
					.getStatus());
		probes.put(Action.COMPOSE, (member, place) -> api(member).put()
			.uri("/api/posts/{id}", place.post())
			.bodyValue(Map.of("title", "Revised by " + member.username(), "text", "Revised in the matrix test."))
			.exchange()
			.returnResult(String.class)
			.getStatus());
		probes.put(Action.SCHEDULE,
				(member, place) -> api(member).post()
					.uri("/api/posts/{id}/publications", place.post())
					.bodyValue(Map.of("channelIds", List.of(place.channel()), "at",
							Instant.now().plus(Duration.ofDays(300)).toString(), "factsChecked", true))
					.exchange()
					.returnResult(String.class)
					.getStatus());
		probes.put(Action.MANAGE_CHANNELS,
				(member, place) -> api(member).delete()
					.uri("/api/channels/{id}", addChannel(place.organisation(), "@matrix_spare"))
					.exchange()
					.returnResult(String.class)
					.getStatus());
		probes.put(Action.MANAGE_SETTINGS,
				(member, place) -> api(member).post()
					.uri("/api/organisations")
					.bodyValue(Map.of("parentId", place.organisation(), "name",
							"Matrix branch " + UUID.randomUUID().toString().substring(0, 8)))
					.exchange()
					.returnResult(String.class)
					.getStatus());
		probes.put(Action.MANAGE_MEMBERS,
				(member, place) -> api(member).post()
					.uri("/api/invitations")
					.bodyValue(Map.of("organisationId", place.organisation(), "role", "viewer"))
					.exchange()
					.returnResult(String.class)
					.getStatus());
		probes.put(Action.APPROVE,
				(member, place) -> api(member).post()
					.uri("/api/submissions/{id}/approve", addSubmission(place))
					.exchange()
					.returnResult(String.class)
					.getStatus());
		probes.put(Action.READ_AUDIT,
				(member, place) -> api(member).get()
					.uri("/api/audit?organisationId={id}", place.organisation())
					.exchange()
					.returnResult(String.class)
					.getStatus());
		// Service-level until the endpoint lands: the shared library (ADOPT).
		probes.put(Action.ADOPT, (member, place) -> serviceLevel(member, Action.ADOPT, place.organisation()));
		return probes;
	}

	@Test
	void everyRoleMayDoExactlyWhatTheTableSaysInItsOwnOrganisationItsParentItsChildAndItsSibling() {
		Map<String, Place> places = tree();
		Map<Role, Member> team = new EnumMap<>(Role.class);
		for (Role role : Role.values()) {
			team.put(role, addMember(places.get("R").organisation(), role));
		}
		assertThat(List.of(reach("R", places), reach("B", places), reach("C", places), reach("S", places)))
			.as("where the columns stand from R")
			.containsExactly(Reach.OWN, Reach.BELOW, Reach.ABOVE, Reach.ELSEWHERE);

		Map<Action, Probe> probes = probes();
		assertThat(probes).as("a probe for every action").containsOnlyKeys(Action.values());
		List<String> mismatches = new ArrayList<>();
		expected().forEach((cell, allowed) -> {
			Member member = team.get(cell.role());
			HttpStatusCode status = probes.get(cell.action()).status(member, places.get(cell.place()));
			boolean refused = status.value() == 403 || status.value() == 404;
			if (!status.is2xxSuccessful() && !refused) {
				mismatches.add(cell + ": unexpected status " + status.value());
			}
			else if (status.is2xxSuccessful() != allowed) {
				mismatches.add(cell + ": expected " + (allowed ? "allowed" : "refused") + ", got " + status.value());
			}
		});
		assertThat(mismatches).as("cells that differ from the table").isEmpty();
	}

	@Test
	void aPostGoesOnlyOnItsOwnOrganisationsChannelsEvenForItsAdministrator() {
		Map<String, Place> places = tree();
		Member admin = addMember(places.get("R").organisation(), Role.ADMIN);
		for (String other : List.of("B", "C", "S")) {
			api(admin).post()
				.uri("/api/posts/{id}/publications", places.get("R").post())
				.bodyValue(Map.of("channelIds", List.of(places.get(other).channel()), "at",
						Instant.now().plus(Duration.ofDays(300)).toString(), "factsChecked", true))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors.channelIds")
				.value((error) -> assertThat(error.toString()).as(other).endsWith("belongs to another organisation"));
		}
	}

	// The table, the tree and its members

	private Map<Cell, Boolean> expected() {
		Map<Cell, Boolean> cells = new LinkedHashMap<>();
		EXPECTED.lines().skip(1).filter((line) -> !line.isBlank()).forEach((line) -> {
			String[] words = line.trim().split("\\s+");
			for (int i = 0; i < PLACES.size(); i++) {
				cells.put(new Cell(Role.valueOf(words[0]), Action.valueOf(words[1]), PLACES.get(i)),
						words[2 + i].equals("x"));
			}
		});
		assertThat(cells).hasSize(Role.values().length * Action.values().length * PLACES.size());
		return cells;
	}

	/**
	 * A centre of the test's own (under the real centre, so that nothing else changes for
	 * other tests), R and S below it, B below R; each with a verified channel and a post.
	 */
	private Map<String, Place> tree() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		UUID top = this.jdbc.sql("select id from organisation where parent_id is null order by created_at")
			.query(UUID.class)
			.list()
			.get(0);
		UUID centre = addOrganisation(top, "Matrix centre " + suffix);
		UUID region = addOrganisation(centre, "Matrix region R " + suffix);
		UUID branch = addOrganisation(region, "Matrix branch B " + suffix);
		UUID sibling = addOrganisation(centre, "Matrix region S " + suffix);
		Map<String, Place> places = new LinkedHashMap<>();
		places.put("R", place(region));
		places.put("B", place(branch));
		places.put("C", place(centre));
		places.put("S", place(sibling));
		return places;
	}

	private Place place(UUID organisation) {
		return new Place(organisation, addChannel(organisation, "@matrix"), addPost(organisation));
	}

	private Reach reach(String place, Map<String, Place> places) {
		return this.access.reach(places.get("R").organisation(), places.get(place).organisation()).block();
	}

	private UUID addOrganisation(UUID parent, String name) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("insert into organisation (id, parent_id, name, slug, home_site_url, zone_id, created_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(id, parent, name, name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), null,
					"Europe/Stockholm", Timestamp.from(Instant.now()))
			.update();
		return id;
	}

	private Member addMember(UUID organisation, Role role) {
		String username = "matrix-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
		this.jdbc
			.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), organisation, username, this.passwordEncoder.encode(PASSWORD), role.name(),
					Timestamp.from(Instant.now()))
			.update();
		return this.members.findByUsername(username).block();
	}

	/** A verified X channel that no delivery of this test ever really reaches. */
	private UUID addChannel(UUID organisation, String name) {
		UUID id = UUID.randomUUID();
		Instant expiresAt = Instant.now().plus(Duration.ofDays(400));
		String credentials = this.registrar.seal(id,
				new ChannelCredentials("matrix-" + UUID.randomUUID(), null, null, expiresAt));
		this.jdbc
			.sql("insert into channel (id, organisation_id, platform, name, account_id, credentials, status, "
					+ "created_at, token_expires_at, verified_by, verified_at, verified_account_name) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, organisation, Platform.X.name(), name, "matrix-" + id, credentials, "CONNECTED",
					Timestamp.from(Instant.now()), Timestamp.from(expiresAt), "matrix-admin",
					Timestamp.from(Instant.now()), name)
			.update();
		return id;
	}

	private UUID addPost(UUID organisation) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.sql("insert into post (id, organisation_id, title, body, link, slug, created_by, created_at) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, organisation, "Matrix post", "A post of the authorisation matrix test.", null, "matrix-" + id,
					"matrix-admin", Timestamp.from(Instant.now()))
			.update();
		return id;
	}

	/**
	 * A submission waiting in the place's organisation, by an editor who is none of the
	 * probing members (so that four eyes never refuse the approval).
	 */
	private UUID addSubmission(Place place) {
		UUID id = UUID.randomUUID();
		Instant now = Instant.now();
		this.jdbc
			.sql("insert into submission (id, organisation_id, post_id, channel_ids, due_at, zone_id, send_late, "
					+ "facts_checked, state, submitted_by, submitted_at, post_digest) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, place.organisation(), place.post(), place.channel().toString(),
					Timestamp.from(now.plus(Duration.ofDays(300))), "Europe/Stockholm", false, true, "SUBMITTED",
					"matrix-submitter", Timestamp.from(now), "matrix")
			.update();
		return id;
	}

	private WebTestClient api(Member member) {
		return TestClients.anonymous(this.port)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(member.username(), PASSWORD))
			.build();
	}

	private HttpStatusCode serviceLevel(Member member, Action action, UUID organisation) {
		return Boolean.TRUE.equals(this.access.may(member, action, organisation).block()) ? HttpStatusCode.valueOf(200)
				: HttpStatusCode.valueOf(403);
	}

	/** Takes one action in one organisation as one member. */
	@FunctionalInterface
	interface Probe {

		HttpStatusCode status(Member member, Place place);

	}

	/**
	 * An organisation of the tree with the fixtures its probes use.
	 */
	record Place(UUID organisation, UUID channel, UUID post) {

	}

	record Cell(Role role, Action action, String place) {

		@Override
		public String toString() {
			return this.role + " × " + this.action + " in " + this.place;
		}

	}

}
