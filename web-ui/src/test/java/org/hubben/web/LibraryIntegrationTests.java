package org.hubben.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.TestClients;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.organisation.ChannelCredentials;
import org.hubben.organisation.ChannelRegistrar;
import org.hubben.organisation.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared library through the API: what a region sees, adopting (origin, link, media),
 * the centre's corrections taken or kept, X duplicates refused and varied, and who may
 * adopt. The centre is the suite's first organisation; each test makes regions of its
 * own.
 */
@HubbenIntegrationTest
@SuppressWarnings("unchecked")
class LibraryIntegrationTests {

	private static final String PASSWORD = "library-test-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	ChannelRegistrar registrar;

	@Autowired
	EmulatorTokens emulatorTokens;

	private WebTestClient centre;

	private RegionTeam region;

	private WebTestClient regionApi;

	@BeforeEach
	void teams() {
		this.centre = TestClients.admin(this.port);
		this.region = RegionTeam.create(this.jdbc, this.passwordEncoder, "library", PASSWORD);
		this.regionApi = as(this.region.admin());
	}

	@Test
	void aRegionSeesItsCentresSharedPostsButNotASiblingsAndTheCentreSeesNoRegions() {
		String marker = UUID.randomUUID().toString();
		String shared = (String) compose(this.centre,
				Map.of("title", "Shared " + marker, "text", "The centre shares this " + marker, "shared", true))
			.get("id");
		String kept = (String) compose(this.centre,
				Map.of("title", "Not shared " + marker, "text", "The centre keeps this " + marker))
			.get("id");
		RegionTeam sibling = RegionTeam.create(this.jdbc, this.passwordEncoder, "sibling", PASSWORD);
		String siblings = (String) compose(as(sibling.admin()),
				Map.of("title", "Sibling " + marker, "text", "A sibling region shares this " + marker, "shared", true))
			.get("id");

		List<Map<String, Object>> library = library(this.regionApi);
		List<Object> ids = library.stream().map((entry) -> entry.get("id")).toList();
		assertThat(ids).contains(shared).doesNotContain(kept, siblings);
		Map<String, Object> entry = library.stream().filter((e) -> shared.equals(e.get("id"))).findFirst().get();
		assertThat(entry).containsEntry("title", "Shared " + marker)
			.containsEntry("excerpt", "The centre shares this " + marker)
			.containsEntry("adoptedPostId", null)
			.containsEntry("originChanged", false);
		assertThat(entry.get("originOrganisation")).isNotNull();
		assertThat(library(this.centre).stream().map((e) -> e.get("id")).toList()).doesNotContain(siblings, shared);
	}

	@Test
	void adoptingMakesADraftOfTheRegionThatRemembersItsOriginWithTheChosenLinkAndCopiedMedia() {
		String marker = UUID.randomUUID().toString();
		String photo = upload(this.centre, SampleUploads.image("jpeg", 7), "torget.jpg");
		Map<String, Object> origin = compose(this.centre,
				Map.of("title", "Torget " + marker, "text", "Come to the square " + marker, "link",
						"https://centre.example/torget", "shared", true, "mediaIds", List.of(photo), "sources",
						List.of("https://centre.example/source")));

		Map<String, Object> own = adopt(this.regionApi, origin.get("id"),
				Map.of("linkTo", "own", "link", "https://region.example/torget"));
		assertThat(own).containsEntry("organisationId", this.region.organisationId().toString())
			.containsEntry("title", "Torget " + marker)
			.containsEntry("text", "Come to the square " + marker)
			.containsEntry("link", "https://region.example/torget")
			.containsEntry("shared", false)
			.containsEntry("sources", List.of("https://centre.example/source"));
		List<Map<String, Object>> media = (List<Map<String, Object>>) own.get("media");
		Map<String, Object> centreMedia = ((List<Map<String, Object>>) origin.get("media")).get(0);
		assertThat(media).singleElement().satisfies((copy) -> {
			assertThat(copy.get("id")).isNotEqualTo(photo);
			assertThat(copy.get("sha256")).isEqualTo(centreMedia.get("sha256"));
		});
		this.regionApi.get().uri("/api/media/{id}/content", media.get(0).get("id")).exchange().expectStatus().isOk();

		Map<String, Object> changes = get(this.regionApi, "/api/posts/" + own.get("id") + "/origin-changes");
		assertThat(changes).containsEntry("originPostId", origin.get("id"))
			.containsEntry("changed", false)
			.containsEntry("fields", List.of());

		Map<String, Object> centreLink = adopt(this.regionApi, origin.get("id"), Map.of("linkTo", "centre"));
		assertThat(centreLink).containsEntry("link", "https://centre.example/torget");
		Map<String, Object> entry = library(this.regionApi).stream()
			.filter((e) -> origin.get("id").equals(e.get("id")))
			.findFirst()
			.get();
		assertThat(entry).containsEntry("adoptedPostId", centreLink.get("id"));

		Map<String, Object> refused = this.regionApi.post()
			.uri("/api/library/{id}/adoptions", origin.get("id"))
			.bodyValue(Map.of("linkTo", "own", "link", "ftp://region.example"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((Map<String, Object>) refused.get("errors")).containsKey("link");
		assertThat(audit(this.region.organisationId(), "post.adopted")).isEqualTo(2);
	}

	@Test
	void theCentresCorrectionIsShownWordByWordAndTakenOrKept() {
		String marker = UUID.randomUUID().toString();
		Map<String, Object> origin = compose(this.centre, Map.of("title", "Meeting " + marker, "text",
				"Meet us on Saturday in the park " + marker, "shared", true));
		Map<String, Object> adopted = adopt(this.regionApi, origin.get("id"),
				Map.of("linkTo", "own", "link", "https://region.example/meeting"));
		String changesUri = "/api/posts/" + adopted.get("id") + "/origin-changes";

		revise(origin.get("id"), Map.of("title", "Meeting " + marker, "text", "Meet us on Sunday in the park " + marker,
				"shared", true));
		Map<String, Object> changes = get(this.regionApi, changesUri);
		assertThat(changes).containsEntry("changed", true);
		assertThat((List<Map<String, Object>>) changes.get("fields")).singleElement().satisfies((field) -> {
			assertThat(field).containsEntry("field", "text");
			assertThat(field.get("html"))
				.isEqualTo("Meet us on <del>Saturday</del><ins>Sunday</ins> in the park " + marker);
		});
		assertThat(library(this.regionApi).stream().filter((e) -> origin.get("id").equals(e.get("id"))).findFirst())
			.hasValueSatisfying((entry) -> assertThat(entry).containsEntry("originChanged", true));

		Map<String, Object> taken = post(this.regionApi, changesUri + "/take");
		assertThat(taken).containsEntry("text", "Meet us on Sunday in the park " + marker)
			.containsEntry("link", "https://region.example/meeting");
		assertThat(get(this.regionApi, changesUri)).containsEntry("changed", false);

		revise(origin.get("id"), Map.of("title", "Meeting moved " + marker, "text",
				"Meet us on Sunday in the park " + marker, "shared", true));
		Map<String, Object> kept = post(this.regionApi, changesUri + "/dismiss");
		assertThat(kept).containsEntry("changed", false);
		assertThat(get(this.regionApi, "/api/posts/" + adopted.get("id"))).containsEntry("title", "Meeting " + marker);
		assertThat(audit(this.region.organisationId(), "post.origin-change-taken")).isEqualTo(1);
		assertThat(audit(this.region.organisationId(), "post.origin-change-kept")).isEqualTo(1);
	}

	@Test
	void takingTheChangeIsRefusedWithTheReasonOnceTheAdoptedPostWentOut() {
		String marker = UUID.randomUUID().toString();
		Map<String, Object> origin = compose(this.centre,
				Map.of("title", "Gone " + marker, "text", "It went out " + marker, "shared", true));
		Map<String, Object> adopted = adopt(this.regionApi, origin.get("id"), Map.of("linkTo", "centre"));
		UUID channel = xChannel(this.region);
		sent(UUID.fromString((String) adopted.get("id")), channel);
		revise(origin.get("id"),
				Map.of("title", "Gone " + marker, "text", "It went out late " + marker, "shared", true));

		Map<String, Object> problem = this.regionApi.post()
			.uri("/api/posts/{id}/origin-changes/take", adopted.get("id"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((String) problem.get("detail")).startsWith("The centre's change cannot be taken: ")
			.contains("X (sent)");
		assertThat(get(this.regionApi, "/api/posts/" + adopted.get("id"))).containsEntry("text",
				"It went out " + marker);
		assertThat(get(this.regionApi, "/api/posts/" + adopted.get("id") + "/origin-changes")).containsEntry("changed",
				true);
	}

	@Test
	void anAdoptionWithTheOriginsXTextIsRefusedOnXAndAVariationIsAccepted() {
		String marker = UUID.randomUUID().toString();
		Map<String, Object> origin = compose(this.centre,
				Map.of("title", "Vote " + marker, "text", "Everyone votes this autumn " + marker, "shared", true));
		Map<String, Object> adopted = adopt(this.regionApi, origin.get("id"), Map.of("linkTo", "own"));
		UUID channel = xChannel(this.region);

		Map<String, Object> refused = this.regionApi.post()
			.uri("/api/posts/{id}/publications", adopted.get("id"))
			.bodyValue(Map.of("channelIds", List.of(channel), "at", Instant.now().plusSeconds(3600).toString()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((String) ((Map<String, Object>) refused.get("errors")).get("variants.x.text"))
			.startsWith("X refuses the same text from several accounts")
			.contains("the original post of");

		List<String> variations = (List<String>) get(this.regionApi,
				"/api/posts/" + adopted.get("id") + "/x-variations")
			.get("variations");
		assertThat(variations).hasSize(3)
			.doesNotHaveDuplicates()
			.allSatisfy((variation) -> assertThat(variation).contains(marker)
				.isNotEqualToIgnoringCase("Everyone votes this autumn " + marker));
		Map<String, Object> check = this.regionApi.post()
			.uri("/api/posts/{id}/x-check", adopted.get("id"))
			.bodyValue(Map.of("title", "Vote " + marker, "text", "Everyone votes this autumn " + marker))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(check).containsEntry("duplicate", true).containsEntry("suggestions", variations);

		this.regionApi.put()
			.uri("/api/posts/{id}", adopted.get("id"))
			.bodyValue(Map.of("title", "Vote " + marker, "text", "Everyone votes this autumn " + marker, "variants",
					Map.of("x", Map.of("text", variations.get(0)))))
			.exchange()
			.expectStatus()
			.isOk();
		this.regionApi.post()
			.uri("/api/posts/{id}/publications", adopted.get("id"))
			.bodyValue(Map.of("channelIds", List.of(channel), "at", Instant.now().plusSeconds(3600).toString()))
			.exchange()
			.expectStatus()
			.isCreated();

		// A second region's adoption must now differ from the first region's scheduled X
		// text too.
		RegionTeam other = RegionTeam.create(this.jdbc, this.passwordEncoder, "library-other", PASSWORD);
		WebTestClient otherApi = as(other.admin());
		Map<String, Object> second = adopt(otherApi, origin.get("id"), Map.of("linkTo", "centre"));
		UUID otherChannel = xChannel(other);
		otherApi.put()
			.uri("/api/posts/{id}", second.get("id"))
			.bodyValue(Map.of("title", "Vote " + marker, "text", "Everyone votes this autumn " + marker, "variants",
					Map.of("x", Map.of("text", variations.get(0).toUpperCase()))))
			.exchange()
			.expectStatus()
			.isOk();
		Map<String, Object> again = otherApi.post()
			.uri("/api/posts/{id}/publications", second.get("id"))
			.bodyValue(Map.of("channelIds", List.of(otherChannel), "at", Instant.now().plusSeconds(3600).toString()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((String) ((Map<String, Object>) again.get("errors")).get("variants.x.text"))
			.contains("the adopted post of " + regionName(this.region));
		List<String> otherVariations = (List<String>) get(otherApi, "/api/posts/" + second.get("id") + "/x-variations")
			.get("variations");
		assertThat(otherVariations).isNotEmpty().doesNotContain(variations.get(0));
	}

	@Test
	void aViewerMayNotAdopt() {
		Map<String, Object> origin = compose(this.centre,
				Map.of("title", "For viewers", "text", "Read only " + UUID.randomUUID(), "shared", true));
		String viewer = "library-viewer-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc
			.sql("insert into member (id, organisation_id, username, password_hash, role, created_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), this.region.organisationId(), viewer, this.passwordEncoder.encode(PASSWORD),
					Role.VIEWER.name(), Timestamp.from(Instant.now()))
			.update();
		WebTestClient viewerApi = as(viewer);
		assertThat(library(viewerApi).stream().map((e) -> e.get("id")).toList()).contains(origin.get("id"));
		viewerApi.post()
			.uri("/api/library/{id}/adoptions", origin.get("id"))
			.bodyValue(Map.of("linkTo", "centre"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.centre.post()
			.uri("/api/library/{id}/adoptions", origin.get("id"))
			.bodyValue(Map.of("linkTo", "centre"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private WebTestClient as(String username) {
		return TestClients.anonymous(this.port)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(username, PASSWORD))
			.build();
	}

	private static Map<String, Object> compose(WebTestClient api, Map<String, Object> body) {
		return api.post()
			.uri("/api/posts")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private void revise(Object postId, Map<String, Object> body) {
		this.centre.put().uri("/api/posts/{id}", postId).bodyValue(body).exchange().expectStatus().isOk();
	}

	private static Map<String, Object> adopt(WebTestClient api, Object originId, Map<String, Object> body) {
		return api.post()
			.uri("/api/library/{id}/adoptions", originId)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static List<Map<String, Object>> library(WebTestClient api) {
		return api.get()
			.uri("/api/library")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
	}

	private static Map<String, Object> get(WebTestClient api, String uri) {
		return api.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static Map<String, Object> post(WebTestClient api, String uri) {
		return api.post()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static String upload(WebTestClient api, byte[] bytes, String filename) {
		Map<?, ?> media = api.post()
			.uri("/api/media")
			.body(BodyInserters
				.fromMultipartData(SampleUploads.filePart("file", bytes, filename, MediaType.IMAGE_JPEG)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) media.get("id");
	}

	private int audit(UUID organisationId, String action) {
		return this.jdbc.sql("select count(*) from audit_entry where organisation_id = ? and action = ?")
			.params(organisationId, action)
			.query(Integer.class)
			.single();
	}

	private String regionName(RegionTeam team) {
		return this.jdbc.sql("select name from organisation where id = ?")
			.param(team.organisationId())
			.query(String.class)
			.single();
	}

	/** An X channel of the region on the X emulator, verified as its own. */
	static UUID xChannel(JdbcClient jdbc, ChannelRegistrar registrar, EmulatorTokens tokens, RegionTeam team) {
		UUID id = UUID.randomUUID();
		String account = "159" + Math.abs(id.getMostSignificantBits() % 1_000_000_000_000_000L);
		String token = tokens.issue(Platform.X, account, null);
		Timestamp now = Timestamp.from(Instant.now());
		jdbc.sql("insert into channel (id, organisation_id, platform, name, account_id, credentials, status, "
				+ "created_at, verified_by, verified_at, verified_account_name) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, team.organisationId(), Platform.X.name(), "@" + team.admin().replace('-', '_'), account,
					registrar.seal(id, ChannelCredentials.accessToken(token)), "CONNECTED", now, team.admin(), now,
					"@" + team.admin().replace('-', '_'))
			.update();
		return id;
	}

	private UUID xChannel(RegionTeam team) {
		return xChannel(this.jdbc, this.registrar, this.emulatorTokens, team);
	}

	/**
	 * Records the post as sent on the channel, as a publication that went out would be.
	 */
	private void sent(UUID postId, UUID channelId) {
		UUID publication = UUID.randomUUID();
		Timestamp due = Timestamp.from(Instant.now().minusSeconds(60));
		this.jdbc
			.sql("insert into publication (id, post_id, due_at, zone_id, created_by, created_at) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(publication, postId, due, "Europe/Stockholm", this.region.admin(), due)
			.update();
		this.jdbc
			.sql("insert into delivery (id, publication_id, channel_id, platform, state, due_at, attempts, remote_id, "
					+ "remote_url, error, claimed_at, finished_at, next_attempt_at, claimed_by, lookups) "
					+ "values (?, ?, ?, ?, 'SENT', ?, 1, ?, ?, null, ?, ?, ?, ?, 0)")
			.params(UUID.randomUUID(), publication, channelId, Platform.X.name(), due, "library-remote",
					"https://example.org/library", due, due, due, "library-node")
			.update();
	}

}
