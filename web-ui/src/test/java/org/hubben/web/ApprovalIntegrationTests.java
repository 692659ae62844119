package org.hubben.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.HubbenIntegrationTest;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.organisation.ChannelRegistrar;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approval before scheduling, over real HTTP, in a region of its own that requires it:
 * nothing is scheduled while submitted, four eyes, sending back needs a comment, every
 * path that schedules submits or refuses, and every step is in the audit log, which
 * administrators filter.
 */
@HubbenIntegrationTest
class ApprovalIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

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

	private ApprovalTeam team;

	private String marker;

	@BeforeEach
	void team() {
		this.team = ApprovalTeam.create(this.jdbc, this.passwordEncoder, this.registrar, this.emulatorTokens,
				"approval");
		// Led by a letter: eight digits alone would read as a figure to check
		// (FactChecklist).
		this.marker = "m" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void schedulingIsRefusedWithTheReasonWhereApprovalIsRequiredAndNothingIsSaved() {
		String post = compose(this.team.editor(), "Refused " + this.marker);

		Map<String, Object> problem = as(this.team.admin()).post()
			.uri("/api/posts/{id}/publications", post)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("channelIds", List.of(this.team.xChannel())))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();

		assertThat(problem).containsEntry("type", "https://hubben.org/problems/approval-required")
			.containsEntry("title", "Approval required: submit it")
			.containsEntry("submit", "/api/posts/" + post + "/submissions");
		assertThat(publicationsOf(post)).isZero();
	}

	@Test
	void nothingIsScheduledWhileSubmittedAndTheApprovalSchedulesWhatWasAsked() {
		String post = compose(this.team.editor(), "Approved " + this.marker);

		Map<String, Object> submission = submit(this.team.editor(), post, null);

		assertThat(submission).containsEntry("state", "SUBMITTED")
			.containsEntry("submittedBy", this.team.editor())
			.containsEntry("postId", post);
		assertThat(publicationsOf(post)).isZero();
		assertThat(this.jdbc
			.sql("select count(*) from delivery d join publication p on p.id = d.publication_id where p.post_id = ?")
			.param(UUID.fromString(post))
			.query(Integer.class)
			.single()).isZero();
		assertThat(receivedByX()).noneMatch((text) -> text.contains(this.marker));

		Map<String, Object> publication = as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("comment", "Fine"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();

		assertThat(publication).containsEntry("postId", post);
		awaitSent((String) publication.get("id"));
		assertThat(receivedByX()).anyMatch((text) -> text.contains(this.marker));
		Map<String, Object> approved = one(this.team.editor(), (String) submission.get("id"));
		assertThat(approved).containsEntry("state", "APPROVED")
			.containsEntry("decidedBy", this.team.approver())
			.containsEntry("publicationId", publication.get("id"))
			.containsEntry("comment", "Fine");
		List<Map<String, Object>> entries = audit("action=&actor=");
		assertThat(entries)
			.filteredOn((entry) -> String.valueOf(entry.get("subject")).contains(post)
					|| String.valueOf(entry.get("subject")).contains((String) publication.get("id")))
			.extracting((entry) -> entry.get("action") + " by " + entry.get("actor"))
			.containsExactly("publication.scheduled by " + this.team.approver(),
					"post.approved by " + this.team.approver(), "post.submitted by " + this.team.editor());
	}

	@Test
	void theSubmitterCannotApproveTheirOwnSubmissionEvenAsAdministrator() {
		String post = compose(this.team.admin(), "Four eyes " + this.marker);
		Map<String, Object> submission = submit(this.team.admin(), post, null);

		Map<String, Object> problem = as(this.team.admin()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();

		assertThat((String) problem.get("detail")).contains("four eyes");
		assertThat(publicationsOf(post)).isZero();
		as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isCreated();
		as(this.team.secondApprover()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		assertThat(publicationsOf(post)).isOne();
	}

	@Test
	void anEditorMayNotApproveAndAnApproverMayNotSubmit() {
		String post = compose(this.team.editor(), "Roles " + this.marker);
		as(this.team.approver()).post()
			.uri("/api/posts/{id}/submissions", post)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("channelIds", List.of(this.team.xChannel())))
			.exchange()
			.expectStatus()
			.isForbidden();
		Map<String, Object> submission = submit(this.team.editor(), post, null);

		as(this.team.editor()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(publicationsOf(post)).isZero();
	}

	@Test
	void sendingBackNeedsACommentAndTheEditorRevisesAndSubmitsAgain() {
		String post = compose(this.team.editor(), "Returned " + this.marker);
		Map<String, Object> submission = submit(this.team.editor(), post, null);

		Map<String, Object> problem = as(this.team.approver()).post()
			.uri("/api/submissions/{id}/return", submission.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("comment", "  "))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat((Map<String, Object>) problem.get("errors")).containsKey("comment");

		Map<String, Object> returned = as(this.team.approver()).post()
			.uri("/api/submissions/{id}/return", submission.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("comment", "Name the source"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(returned).containsEntry("state", "RETURNED").containsEntry("comment", "Name the source");
		assertThat(publicationsOf(post)).isZero();
		List<Map<String, Object>> mine = as(this.team.editor()).get()
			.uri("/api/submissions?state=RETURNED")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody();
		assertThat(mine).extracting((s) -> s.get("id")).contains(submission.get("id"));

		as(this.team.editor()).put()
			.uri("/api/posts/{id}", post)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Returned " + this.marker, "text", "Revised text " + this.marker))
			.exchange()
			.expectStatus()
			.isOk();
		Map<String, Object> again = submit(this.team.editor(), post, null);
		assertThat(again).containsEntry("state", "SUBMITTED");
		as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", again.get("id"))
			.exchange()
			.expectStatus()
			.isCreated();
		List<Map<String, Object>> entries = audit("action=post");
		assertThat(entries).filteredOn((entry) -> String.valueOf(entry.get("subject")).contains(post))
			.extracting((entry) -> (String) entry.get("action"))
			.containsExactly("post.approved", "post.submitted", "post.returned", "post.submitted");
		assertThat(entries).filteredOn((entry) -> String.valueOf(entry.get("subject")).contains(post))
			.first()
			.satisfies((entry) -> assertThat((String) entry.get("detail")).doesNotContain("revised"));
		assertThat(entries).filteredOn((entry) -> String.valueOf(entry.get("subject")).contains(post))
			.element(2)
			.satisfies((entry) -> assertThat((String) entry.get("detail")).contains("Name the source"));
		assertThat(entries).filteredOn((entry) -> String.valueOf(entry.get("subject")).contains(post))
			.element(1)
			.satisfies((entry) -> assertThat((String) entry.get("detail")).contains("after it was sent back"));
	}

	@Test
	void aPostRevisedWhileSubmittedIsApprovedAsRevisedAndTheAuditSaysSo() {
		String post = compose(this.team.editor(), "Revised " + this.marker);
		Map<String, Object> submission = submit(this.team.editor(), post, null);
		as(this.team.editor()).put()
			.uri("/api/posts/{id}", post)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Revised " + this.marker, "text", "Second thoughts " + this.marker))
			.exchange()
			.expectStatus()
			.isOk();

		Map<String, Object> publication = as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();

		awaitSent((String) publication.get("id"));
		assertThat(receivedByX()).anyMatch((text) -> text.contains("Second thoughts " + this.marker));
		assertThat(audit("action=post.approved")).filteredOn((e) -> String.valueOf(e.get("subject")).contains(post))
			.singleElement()
			.satisfies((entry) -> assertThat((String) entry.get("detail"))
				.contains("the post was revised after it was submitted"));
	}

	@Test
	void aSubmittedTimeThatHasPassedNeedsANewTimeOrNow() {
		String post = compose(this.team.editor(), "Late " + this.marker);
		String at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
		Map<String, Object> submission = submit(this.team.editor(), post, at);
		this.jdbc.sql("update submission set due_at = ? where id = ?")
			.params(java.sql.Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS)),
					UUID.fromString((String) submission.get("id")))
			.update();

		Map<String, Object> problem = as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat((String) ((Map<String, Object>) problem.get("errors")).get("at")).contains("has passed")
			.contains("choose a new time");
		assertThat(one(this.team.editor(), (String) submission.get("id"))).containsEntry("state", "SUBMITTED");
		as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("at", "yesterday"))
			.exchange()
			.expectStatus()
			.isBadRequest();
		String later = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

		Map<String, Object> publication = as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("at", later))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(publication).containsEntry("dueAt", later);
	}

	@Test
	void onlyTheSubmitterWithdrawsAndAWithdrawnSubmissionCannotBeApproved() {
		String post = compose(this.team.editor(), "Withdrawn " + this.marker);
		Map<String, Object> submission = submit(this.team.editor(), post, null);
		as(this.team.approver()).post()
			.uri("/api/submissions/{id}/withdraw", submission.get("id"))
			.exchange()
			.expectStatus()
			.isForbidden();

		as(this.team.editor()).post()
			.uri("/api/submissions/{id}/withdraw", submission.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.value((withdrawn) -> assertThat(withdrawn).containsEntry("state", "WITHDRAWN"));

		as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		assertThat(publicationsOf(post)).isZero();
		assertThat(audit("action=post.withdrawn&actor=" + this.team.editor())).hasSize(1);
	}

	@Test
	void submissionsOfAnotherOrganisationAreNotFound() {
		String post = compose(this.team.editor(), "Elsewhere " + this.marker);
		Map<String, Object> submission = submit(this.team.editor(), post, null);
		ApprovalTeam other = ApprovalTeam.create(this.jdbc, this.passwordEncoder, this.registrar, this.emulatorTokens,
				"other");

		as(other.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isNotFound();
		as(other.editor()).get()
			.uri("/api/submissions/{id}", submission.get("id"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void csvRowsBecomeSubmissionsWhereApprovalIsRequired() {
		String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
		String csv = "title,text,channels,at\n" + "Imported " + this.marker + ",Imported text,x," + future + "\n";
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new ByteArrayResource(csv.getBytes()) {

			@Override
			public String getFilename() {
				return "posts.csv";
			}

		}).contentType(MediaType.parseMediaType("text/csv"));

		Map<String, Object> answer = as(this.team.editor()).post()
			.uri("/api/posts/import")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();

		Map<String, Object> row = ((List<Map<String, Object>>) answer.get("posts")).get(0);
		assertThat(row.get("publicationId")).isNull();
		assertThat(row.get("submissionId")).isNotNull();
		assertThat(publicationsOf((String) row.get("postId"))).isZero();
		assertThat(one(this.team.approver(), (String) row.get("submissionId"))).containsEntry("state", "SUBMITTED")
			.containsEntry("at", future);
	}

	@Test
	void reschedulingCancellingAndTheSettingAreAudited() {
		String post = compose(this.team.editor(), "Moved " + this.marker);
		String at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
		Map<String, Object> submission = submit(this.team.editor(), post, at);
		String publication = (String) as(this.team.approver()).post()
			.uri("/api/submissions/{id}/approve", submission.get("id"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody()
			.get("id");
		String later = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

		as(this.team.editor()).patch()
			.uri("/api/publications/{id}", publication)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("at", later))
			.exchange()
			.expectStatus()
			.isOk();
		as(this.team.editor()).delete().uri("/api/publications/{id}", publication).exchange().expectStatus().isOk();
		SignedInBrowser admin = SignedInBrowser.logIn(this.port, this.team.admin(), ApprovalTeam.PASSWORD);
		Element form = admin.page("/settings/organisation").getElementById("approval-setting");
		admin.submitAndFollow(form, new LinkedMultiValueMap<>(), HttpStatus.SEE_OTHER);

		assertThat(audit("action=publication")).filteredOn((e) -> e.get("subject").equals("publication " + publication))
			.extracting((entry) -> entry.get("action") + " by " + entry.get("actor"))
			.containsExactly("publication.cancelled by " + this.team.editor(),
					"publication.rescheduled by " + this.team.editor(),
					"publication.scheduled by " + this.team.approver());
		assertThat(audit("action=approval.required-changed")).singleElement()
			.satisfies((entry) -> assertThat(entry).containsEntry("actor", this.team.admin())
				.containsEntry("detail", "Approval is no longer required"));
		as(this.team.editor()).post()
			.uri("/api/posts/{id}/publications", compose(this.team.editor(), "Free " + this.marker))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("channelIds", List.of(this.team.xChannel()), "at", later))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void theAuditLogIsFilteredPagedAndReadOnlyByAdministrators() {
		String post = compose(this.team.editor(), "Audited " + this.marker);
		submit(this.team.editor(), post, null);
		String today = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm")).toString();

		assertThat(audit("actor=" + this.team.editor() + "&from=" + today + "&to=" + today)).singleElement()
			.satisfies((entry) -> assertThat(entry).containsEntry("action", "post.submitted"));
		assertThat(audit("actor=" + this.team.editor() + "&to=2020-01-01")).isEmpty();
		assertThat(audit("actor=nobody-" + this.marker)).isEmpty();
		Map<String, Object> problem = as(this.team.admin()).get()
			.uri("/api/audit?from=last+week")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat((Map<String, Object>) problem.get("errors")).containsKey("from");
		as(this.team.editor()).get().uri("/api/audit").exchange().expectStatus().isForbidden();
		as(this.team.admin()).get()
			.uri("/api/audit?organisationId={id}",
					this.jdbc.sql("select id from organisation where parent_id is null order by created_at")
						.query(UUID.class)
						.list()
						.get(0))
			.exchange()
			.expectStatus()
			.isForbidden();
		SignedInBrowser admin = SignedInBrowser.logIn(this.port, this.team.admin(), ApprovalTeam.PASSWORD);
		Document page = admin.page("/audit?actor=" + this.team.editor());
		assertThat(page.select("tr.audit-entry td.action").eachText()).containsExactly("post.submitted");
		Document bad = admin.open("/audit?from=soon", HttpStatus.BAD_REQUEST);
		assertThat(bad.getElementById("from-error").text()).contains("'soon' is not a day");
		assertThat(bad.getElementById("from").val()).isEqualTo("soon");
		SignedInBrowser.logIn(this.port, this.team.editor(), ApprovalTeam.PASSWORD)
			.open("/audit", HttpStatus.FORBIDDEN);
	}

	@Test
	void theApprovalsPageShowsTheQueueAndTheBadgeAndRefusesASendBackWithoutComment() {
		String post = compose(this.team.editor(), "Queued " + this.marker);
		Map<String, Object> submission = submit(this.team.editor(), post, null);
		SignedInBrowser approver = SignedInBrowser.logIn(this.port, this.team.approver(), ApprovalTeam.PASSWORD);

		Document page = approver.page("/approvals");

		assertThat(page.getElementById("approvals-waiting").text()).isEqualTo("1");
		Element queued = page.getElementById("submission-" + submission.get("id"));
		assertThat(queued.select("h3").text()).isEqualTo("Queued " + this.marker);
		assertThat(queued.select(".preview h4").eachText()).contains("X");
		Element sendBack = queued.selectFirst("form.return-form");
		LinkedMultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("comment", "");
		String refused = approver.submit(sendBack, fields)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(refused).contains("Say what to change");
		fields.set("comment", "Too long");
		approver.submitAndFollow(sendBack, fields, HttpStatus.SEE_OTHER);
		SignedInBrowser editor = SignedInBrowser.logIn(this.port, this.team.editor(), ApprovalTeam.PASSWORD);
		Document edit = editor.page("/posts/" + post + "/edit");
		assertThat(edit.getElementById("submission-comment").text()).isEqualTo("Too long");
		assertThat(edit.getElementById("submit-for-approval")).isNotNull();
		assertThat(editor.page("/approvals").getElementById("mine-" + submission.get("id")).attr("data-state"))
			.isEqualTo("RETURNED");
	}

	@Test
	void theApproveFormKeepsWhatWasTypedBesideTheReasonAndOffersTheSubmitterNoDecision() {
		String post = compose(this.team.admin(), "Own " + this.marker);
		Map<String, Object> submission = submit(this.team.admin(), post, null);
		Document own = SignedInBrowser.logIn(this.port, this.team.admin(), ApprovalTeam.PASSWORD).page("/approvals");
		Element mine = own.getElementById("submission-" + submission.get("id"));
		assertThat(mine.select("form")).isEmpty();
		assertThat(mine.text()).contains("four eyes");
		SignedInBrowser approver = SignedInBrowser.logIn(this.port, this.team.approver(), ApprovalTeam.PASSWORD);
		Element approve = approver.page("/approvals")
			.getElementById("submission-" + submission.get("id"))
			.selectFirst("form.approve-form");
		LinkedMultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("when", "later");
		fields.add("date", "2020-01-01");
		fields.add("time", "10:00");
		fields.add("zone", "Europe/Stockholm");
		fields.add("comment", "Kept " + this.marker);
		fields.add("form", "approve");

		String page = approver.submit(approve, fields)
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		Element refused = org.jsoup.Jsoup.parse(page).getElementById("submission-" + submission.get("id"));
		assertThat(refused.getElementById("at-error-" + submission.get("id")).text()).contains("This time has passed");
		assertThat(refused.getElementById("date-" + submission.get("id")).val()).isEqualTo("2020-01-01");
		assertThat(refused.selectFirst("input[name=when][value=later]").hasAttr("checked")).isTrue();
		assertThat(refused.getElementById("approve-comment-" + submission.get("id")).val())
			.isEqualTo("Kept " + this.marker);
		assertThat(publicationsOf(post)).isZero();
		assertThat(one(this.team.admin(), (String) submission.get("id"))).containsEntry("state", "SUBMITTED");
		assertThat(audit("action=post.approved")).as("no approval that scheduled nothing")
			.noneMatch((entry) -> String.valueOf(entry.get("subject")).contains(post));
	}

	// helpers

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private WebTestClient as(String username) {
		return ApprovalTeam.api(this.port, username);
	}

	private String compose(String username, String title) {
		return (String) as(username).post()
			.uri("/api/posts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "text", title + ": the text."))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	private Map<String, Object> submit(String username, String post, String at) {
		Map<String, Object> body = (at != null) ? Map.of("channelIds", List.of(this.team.xChannel()), "at", at)
				: Map.of("channelIds", List.of(this.team.xChannel()));
		return as(username).post()
			.uri("/api/posts/{id}/submissions", post)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> one(String username, String submission) {
		return as(username).get()
			.uri("/api/submissions/{id}", submission)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
	}

	/** The audit entries of the team's region that match, newest first. */
	private List<Map<String, Object>> audit(String query) {
		return (List<Map<String, Object>>) as(this.team.admin()).get()
			.uri("/api/audit?organisationId=" + this.team.organisationId() + "&" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody()
			.get("entries");
	}

	private int publicationsOf(String post) {
		return this.jdbc.sql("select count(*) from publication where post_id = ?")
			.param(UUID.fromString(post))
			.query(Integer.class)
			.single();
	}

	private List<String> receivedByX() {
		return as(this.team.admin()).get()
			.uri("/emulator/x/received")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody()
			.stream()
			.map((received) -> String.valueOf(received.get("text")))
			.toList();
	}

	private void awaitSent(String publication) {
		Instant giveUp = Instant.now().plus(PATIENCE);
		while (true) {
			List<Map<String, Object>> deliveries = (List<Map<String, Object>>) as(this.team.admin()).get()
				.uri("/api/publications/{id}", publication)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(MAP)
				.returnResult()
				.getResponseBody()
				.get("deliveries");
			if (deliveries.stream().allMatch((delivery) -> "SENT".equals(delivery.get("state")))) {
				return;
			}
			assertThat(Instant.now()).as("deliveries of %s sent: %s", publication, deliveries).isBefore(giveUp);
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
