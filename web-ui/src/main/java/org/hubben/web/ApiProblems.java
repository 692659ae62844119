package org.hubben.web;

import java.net.URI;
import java.util.Map;

import org.hubben.content.InvalidPost;
import org.hubben.content.PostNotFound;
import org.hubben.publishing.InvalidPublication;
import org.hubben.publishing.PublicationNotFound;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the modules' failures to RFC 9457 problem JSON. Field errors travel in an
 * {@code errors} member, keyed by field, so a client can show each message beside its
 * field.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class, annotations = ApiController.class)
class ApiProblems {

	static final URI INVALID_INPUT = URI.create("https://hubben.org/problems/invalid-input");

	static final URI NOT_FOUND = URI.create("https://hubben.org/problems/not-found");

	@ExceptionHandler
	ProblemDetail invalidPost(InvalidPost ex) {
		return invalid("The post is not valid", ex.errors());
	}

	@ExceptionHandler
	ProblemDetail invalidPublication(InvalidPublication ex) {
		return invalid("The publication cannot be scheduled", ex.errors());
	}

	@ExceptionHandler
	ProblemDetail invalidRequest(InvalidRequest ex) {
		return invalid("The request is not valid", ex.errors());
	}

	@ExceptionHandler
	ProblemDetail postNotFound(PostNotFound ex) {
		return notFound(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail publicationNotFound(PublicationNotFound ex) {
		return notFound(ex.getMessage());
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
