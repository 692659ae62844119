package org.hubben.connector.youtube.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Google API errors in Google's JSON shape:
 * {@code {"error":{"code","message","errors":[{"message","domain","reason"}],"status"}}}.
 */
final class GoogleError {

	private GoogleError() {
	}

	static Mono<ServerResponse> answer(HttpStatus status, String domain, String reason, String message) {
		return answer(status, domain, reason, message, message);
	}

	static Mono<ServerResponse> answer(HttpStatus status, String domain, String reason, String message, String detail) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", detail);
		error.put("domain", domain);
		error.put("reason", reason);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", status.value());
		body.put("message", message);
		body.put("errors", List.of(error));
		body.put("status", rpcStatus(status));
		ServerResponse.BodyBuilder builder = ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON);
		if (status == HttpStatus.UNAUTHORIZED) {
			builder.header(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
		}
		return builder.bodyValue(Map.of("error", body));
	}

	static Mono<ServerResponse> loginRequired() {
		return answer(HttpStatus.UNAUTHORIZED, "global", "required",
				"Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
				"Login Required.");
	}

	static Mono<ServerResponse> invalidCredentials() {
		return answer(HttpStatus.UNAUTHORIZED, "global", "authError",
				"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
				"Invalid Credentials");
	}

	static Mono<ServerResponse> insufficientScopes() {
		return answer(HttpStatus.FORBIDDEN, "global", "insufficientPermissions",
				"Request had insufficient authentication scopes.", "Insufficient Permission");
	}

	static Mono<ServerResponse> quotaExceeded() {
		return answer(HttpStatus.FORBIDDEN, "youtube.quota", "quotaExceeded",
				"The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.");
	}

	static Mono<ServerResponse> backendError() {
		return answer(HttpStatus.SERVICE_UNAVAILABLE, "global", "backendError", "Backend Error");
	}

	static Mono<ServerResponse> badRequest(String domain, String reason, String message) {
		return answer(HttpStatus.BAD_REQUEST, domain, reason, message);
	}

	private static String rpcStatus(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "INVALID_ARGUMENT";
			case UNAUTHORIZED -> "UNAUTHENTICATED";
			case FORBIDDEN -> "PERMISSION_DENIED";
			case NOT_FOUND -> "NOT_FOUND";
			case SERVICE_UNAVAILABLE -> "UNAVAILABLE";
			default -> "UNKNOWN";
		};
	}

}
