package org.hubben.connector.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.hubben.connector.Platform;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The HTML pages and redirects of the emulators' authorisation endpoints, the same for
 * every platform, so that one test (and one person) can drive any of them.
 *
 * <p>
 * A consent page has exactly one {@code <form method="post">} holding the request's
 * parameters as hidden fields and two buttons, {@code decision=allow} and
 * {@code decision=deny}; the emulator answers the post with a redirect to the client's
 * callback carrying the platform's own parameters.
 */
public final class EmulatorPages {

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private EmulatorPages() {
	}

	/**
	 * @param platform the emulated platform, named in the page title
	 * @param action the path the form posts to
	 * @param consent what the person is asked
	 * @return the consent page, never cached
	 */
	public static Mono<ServerResponse> consent(Platform platform, String action, Consent consent) {
		StringBuilder html = new StringBuilder();
		html.append("<p>").append(HtmlUtils.htmlEscape(consent.intro())).append("</p>\n<ul>\n");
		for (Permission permission : consent.permissions()) {
			html.append("<li><code>")
				.append(HtmlUtils.htmlEscape(permission.name()))
				.append("</code>: ")
				.append(HtmlUtils.htmlEscape(permission.description()))
				.append("</li>\n");
		}
		html.append("</ul>\n<form method=\"post\" action=\"").append(HtmlUtils.htmlEscape(action)).append("\">\n");
		consent.hidden()
			.forEach((name, value) -> html.append("<input type=\"hidden\" name=\"")
				.append(HtmlUtils.htmlEscape(name))
				.append("\" value=\"")
				.append(HtmlUtils.htmlEscape(value))
				.append("\">\n"));
		html.append("<button name=\"decision\" value=\"allow\">Allow</button>\n")
			.append("<button name=\"decision\" value=\"deny\">Deny</button>\n</form>\n");
		return ServerResponse.ok()
			.contentType(HTML)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.bodyValue(document(platform, consent.heading(), html.toString()));
	}

	/**
	 * A page with a heading and some text, such as the error a platform shows instead of
	 * its consent page when the request is malformed.
	 * @param status the status
	 * @param platform the emulated platform
	 * @param title the heading
	 * @param paragraphs the text, one paragraph each; escaped here
	 * @return the page
	 */
	public static Mono<ServerResponse> message(HttpStatus status, Platform platform, String title,
			String... paragraphs) {
		StringBuilder html = new StringBuilder();
		for (String paragraph : paragraphs) {
			html.append("<p>").append(HtmlUtils.htmlEscape(paragraph)).append("</p>\n");
		}
		return ServerResponse.status(status).contentType(HTML).bodyValue(document(platform, title, html.toString()));
	}

	/**
	 * Sends the person back to the client's callback, adding the parameters to any query
	 * it already has.
	 * @param callback the client's callback
	 * @param parameters the parameters to add, in order; percent-encoded here
	 * @return a {@code 302} response
	 */
	public static Mono<ServerResponse> redirect(URI callback, Map<String, String> parameters) {
		UriComponentsBuilder location = UriComponentsBuilder.fromUri(callback);
		parameters.forEach((name, value) -> location.queryParam(UriUtils.encode(name, StandardCharsets.UTF_8),
				UriUtils.encode(value, StandardCharsets.UTF_8)));
		return ServerResponse.status(HttpStatus.FOUND).location(location.build(true).toUri()).build();
	}

	private static String document(Platform platform, String title, String body) {
		return "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
				+ HtmlUtils.htmlEscape(title) + " · " + platform.displayName()
				+ " emulator</title></head>\n<body>\n<main>\n<h1>" + HtmlUtils.htmlEscape(title) + "</h1>\n" + body
				+ "</main>\n</body>\n</html>\n";
	}

	/**
	 * What a consent page asks.
	 *
	 * @param heading the page's heading, as the platform words it
	 * @param intro who is signed in and which app asks
	 * @param permissions what the app would be allowed to do
	 * @param hidden the authorisation request's parameters, posted back with the decision
	 */
	public record Consent(String heading, String intro, List<Permission> permissions, Map<String, String> hidden) {

		public Consent {
			permissions = List.copyOf(permissions);
		}

	}

	/**
	 * One permission a consent page lists.
	 *
	 * @param name the platform's name for it (a scope or permission)
	 * @param description what it allows, in words
	 */
	public record Permission(String name, String description) {

	}

}
