package org.hubben.web;

import java.net.URI;
import java.util.Map;

import org.hubben.approval.ApprovalRefused;
import org.hubben.approval.InvalidSubmission;
import org.hubben.approval.SubmissionNotFound;
import org.hubben.bulk.ImportRefused;
import org.hubben.content.InvalidLink;
import org.hubben.content.InvalidPost;
import org.hubben.organisation.AccessDenied;
import org.hubben.content.PostNotFound;
import org.hubben.content.RevisionRefused;
import org.hubben.inbox.CommentNotFound;
import org.hubben.inbox.InboxRefused;
import org.hubben.media.MediaNotFound;
import org.hubben.media.MediaRefused;
import org.hubben.media.SniffedType;
import org.hubben.organisation.ApiTokenNotFound;
import org.hubben.organisation.ChannelInUse;
import org.hubben.organisation.ChannelNotFound;
import org.hubben.organisation.InvalidOrganisation;
import org.hubben.organisation.InvalidApiToken;
import org.hubben.organisation.InvalidMemberInput;
import org.hubben.organisation.InvitationNotFound;
import org.hubben.organisation.MemberChangeRefused;
import org.hubben.organisation.MemberNotFound;
import org.hubben.publishing.ApprovalRequired;
import org.hubben.publishing.InvalidPublication;
import org.hubben.publishing.PublicationNotFound;
import org.hubben.publishing.RescheduleRefused;
import org.hubben.webhook.InvalidWebhook;
import org.hubben.webhook.WebhookForbidden;
import org.hubben.webhook.WebhookNotFound;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ContentTooLargeException;

/**
 * Maps the modules' failures to RFC 9457 problem JSON. Field errors travel in an
 * {@code errors} member, keyed by field, so a client can show each message beside its
 * field. Ordered before Spring Boot's problem handler, so that the few Spring exceptions
 * handled here get a detail a person can act on.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class, annotations = ApiController.class)
@Order(-1)
class ApiProblems {

	static final URI INVALID_INPUT = URI.create("https://hubben.org/problems/invalid-input");

	static final URI INVALID_IMPORT = URI.create("https://hubben.org/problems/invalid-import");

	static final URI REVISION_REFUSED = URI.create("https://hubben.org/problems/revision-refused");

	static final URI RESCHEDULE_REFUSED = URI.create("https://hubben.org/problems/reschedule-refused");

	static final URI NOT_FOUND = URI.create("https://hubben.org/problems/not-found");

	static final URI TOO_LARGE = URI.create("https://hubben.org/problems/too-large");

	static final URI UNSUPPORTED_MEDIA = URI.create("https://hubben.org/problems/unsupported-media");

	static final URI ACCESS_DENIED = URI.create("https://hubben.org/problems/access-denied");

	static final URI APPROVAL_REQUIRED = URI.create("https://hubben.org/problems/approval-required");

	static final URI APPROVAL_REFUSED = URI.create("https://hubben.org/problems/approval-refused");

	/**
	 * 409: the organisation requires approval; {@code submit} names the call that submits
	 * the post instead.
	 */
	@ExceptionHandler
	ProblemDetail approvalRequired(ApprovalRequired ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(APPROVAL_REQUIRED);
		problem.setTitle("Approval required: submit it");
		problem.setProperty("submit", "/api/posts/" + ex.postId() + "/submissions");
		return problem;
	}

	/**
	 * 403 when the member may not take the step (their own submission, or another's to
	 * withdraw); 409 when the submission no longer waits, or the post already does.
	 */
	@ExceptionHandler
	ProblemDetail approvalRefused(ApprovalRefused ex) {
		ProblemDetail problem = ProblemDetail
			.forStatusAndDetail(ex.forbidden() ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(APPROVAL_REFUSED);
		problem.setTitle("Not possible");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidSubmission(InvalidSubmission ex) {
		return invalid("The step cannot be taken", ex.errors());
	}

	@ExceptionHandler
	ProblemDetail submissionNotFound(SubmissionNotFound ex) {
		return notFound(ex.getMessage());
	}

	/**
	 * 403: the member's role does not allow it in that organisation; why is in detail.
	 */
	@ExceptionHandler
	ProblemDetail accessDenied(AccessDenied ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setType(ACCESS_DENIED);
		problem.setTitle("Not allowed");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidOrganisation(InvalidOrganisation ex) {
		return invalid("The organisation cannot be created", ex.errors());
	}

	@ExceptionHandler
	ProblemDetail channelNotFound(ChannelNotFound ex) {
		return notFound(ex.getMessage());
	}

	/** 409: publications went to the channel. */
	@ExceptionHandler
	ProblemDetail channelInUse(ChannelInUse ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidPost(InvalidPost ex) {
		return invalid("The post is not valid", ex.errors());
	}

	/** The link cannot be previewed: malformed, or one Hubben does not fetch. */
	/**
	 * Another organisation's post is 403; a post that went out, or is going, is 409: it
	 * can no longer change; so is a scheduled post sent as a draft.
	 */
	@ExceptionHandler
	ProblemDetail revisionRefused(RevisionRefused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(
				(ex.reason() == RevisionRefused.Reason.OTHER_ORGANISATION) ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT,
				ex.getMessage());
		problem.setType(REVISION_REFUSED);
		problem.setTitle("The post cannot be changed");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidLink(InvalidLink ex) {
		return invalid("The link cannot be previewed", Map.of("url", ex.getMessage()));
	}

	@ExceptionHandler
	ProblemDetail invalidPublication(InvalidPublication ex) {
		return invalid("The publication cannot be scheduled", ex.errors());
	}

	/**
	 * 409: the publication cannot move any more; the reason is in {@code detail} and in
	 * {@code errors.at}.
	 */
	@ExceptionHandler
	ProblemDetail rescheduleRefused(RescheduleRefused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(RESCHEDULE_REFUSED);
		problem.setTitle("Cannot be moved");
		problem.setProperty("errors", Map.of("at", ex.getMessage()));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidRequest(InvalidRequest ex) {
		return invalid("The request is not valid", ex.errors());
	}

	/**
	 * Nothing was imported: 422 with every bad row in {@code rows}, as {@code [{row,
	 * errors: {column: message}}]}.
	 */
	@ExceptionHandler
	ProblemDetail importRefused(ImportRefused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				ex.getMessage() + ": correct the rows listed and import the whole file again");
		problem.setType(INVALID_IMPORT);
		problem.setTitle("Invalid import");
		problem.setProperty("rows", ex.rows());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail csvTooLarge(BulkApi.CsvTooLarge ex) {
		return tooLarge(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidWebhook(InvalidWebhook ex) {
		return invalid("The webhook endpoint cannot be saved", ex.errors());
	}

	@ExceptionHandler
	ProblemDetail webhookNotFound(WebhookNotFound ex) {
		return notFound(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail webhookForbidden(WebhookForbidden ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail commentNotFound(CommentNotFound ex) {
		return notFound(ex.getMessage());
	}

	/**
	 * A reply or moderation Hubben did not do: 403 for a role that may not, 400 for bad
	 * input, 409 for a comment in the wrong state, 502 when the platform refused.
	 */
	@ExceptionHandler
	ProblemDetail inboxRefused(InboxRefused ex) {
		if (ex.reason() == InboxRefused.Reason.INVALID) {
			return invalid("The request is not valid", Map.of("text", ex.getMessage()));
		}
		return ProblemDetail.forStatusAndDetail(InboxPage.status(ex), ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidApiToken(InvalidApiToken ex) {
		return invalid("The API token cannot be issued", ex.errors());
	}

	@ExceptionHandler
	ProblemDetail apiTokenNotFound(ApiTokenNotFound ex) {
		return notFound(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidMemberInput(InvalidMemberInput ex) {
		return invalid("The request is not valid", ex.errors());
	}

	@ExceptionHandler
	ProblemDetail memberNotFound(MemberNotFound ex) {
		return notFound(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invitationNotFound(InvitationNotFound ex) {
		return notFound(ex.getMessage());
	}

	/** 409: the change would leave an organisation without an administrator. */
	@ExceptionHandler
	ProblemDetail memberChangeRefused(MemberChangeRefused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("The member cannot be changed");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail postNotFound(PostNotFound ex) {
		return notFound(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail publicationNotFound(PublicationNotFound ex) {
		return notFound(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail mediaNotFound(MediaNotFound ex) {
		return notFound(ex.getMessage());
	}

	/**
	 * An empty file is bad input (400); a file over the limit is 413; bytes that are no
	 * type Hubben takes are 415, with the types it takes in {@code accepted}.
	 */
	@ExceptionHandler
	ProblemDetail mediaRefused(MediaRefused ex) {
		return switch (ex.reason()) {
			case EMPTY -> invalid("The file cannot be stored", Map.of(MediaApi.FILE_PART, ex.getMessage()));
			case TOO_LARGE -> tooLarge(ex.getMessage());
			case UNRECOGNISED -> {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
						ex.getMessage());
				problem.setType(UNSUPPORTED_MEDIA);
				problem.setTitle("Unsupported media");
				problem.setProperty("accepted", SniffedType.contentTypes());
				yield problem;
			}
		};
	}

	/**
	 * A multipart request whose headers or form fields go over the codec's limits. The
	 * rest of the request was never read, so the connection is closed after the answer.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> contentTooLarge(ContentTooLargeException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.header(HttpHeaders.CONNECTION, "close")
			.body(tooLarge("The request is too large: " + ex.getMostSpecificCause().getMessage()));
	}

	static ProblemDetail tooLarge(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail);
		problem.setType(TOO_LARGE);
		problem.setTitle("Too large");
		return problem;
	}

	static ProblemDetail invalid(String detail, Map<String, String> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				detail + ": " + String.join("; ", errors.values()));
		problem.setType(INVALID_INPUT);
		problem.setTitle("Invalid input");
		problem.setProperty("errors", errors);
		return problem;
	}

	private static ProblemDetail notFound(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
		problem.setType(NOT_FOUND);
		return problem;
	}

}
