package org.hubben.connector;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person at an emulator's consent page, as the shared convention has it: the page holds
 * exactly one {@code <form method="post">} with hidden fields and the buttons
 * {@code decision=allow} and {@code decision=deny}; posting it answers 302 to the
 * client's callback.
 */
public final class ConsentPage {

	private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
			Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

	private static final Pattern BUTTON = Pattern.compile("<button\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

	private final WebTestClient client = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(10)).build();

	/**
	 * Opens the authorisation URL, checks the page's form and posts the decision.
	 * @param authoriseUrl where the linking sent the person
	 * @param decision {@code allow} or {@code deny}
	 * @return the callback the platform redirected to, with its query parameters decoded
	 */
	public Callback decide(URI authoriseUrl, String decision) {
		String html = this.client.get()
			.uri(authoriseUrl)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Matcher form = FORM.matcher(html);
		assertThat(form.find()).as("a form on the consent page").isTrue();
		String formAttributes = form.group(1);
		String fields = form.group(2);
		assertThat(form.find()).as("exactly one form on the consent page").isFalse();
		assertThat(attribute(formAttributes, "method")).isEqualToIgnoringCase("post");
		MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
		Matcher input = INPUT.matcher(fields);
		while (input.find()) {
			String name = attribute(input.group(1), "name");
			if (name != null && "hidden".equalsIgnoreCase(attribute(input.group(1), "type"))) {
				body.add(name, valueOf(input.group(1)));
			}
		}
		Map<String, String> buttons = new LinkedHashMap<>();
		Matcher button = BUTTON.matcher(fields);
		while (button.find()) {
			buttons.put(attribute(button.group(1), "value"), attribute(button.group(1), "name"));
		}
		assertThat(buttons).containsEntry("allow", "decision").containsEntry("deny", "decision");
		body.add("decision", decision);
		String action = attribute(formAttributes, "action");
		URI target = (action == null || action.isEmpty()) ? authoriseUrl : authoriseUrl.resolve(action);
		URI location = this.client.post()
			.uri(target)
			.body(BodyInserters.fromFormData(body))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.FOUND)
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation();
		assertThat(location).as("Location of the decision").isNotNull();
		return Callback.of(location);
	}

	private static String valueOf(String attributes) {
		String value = attribute(attributes, "value");
		return (value != null) ? value : "";
	}

	private static String attribute(String attributes, String name) {
		Matcher matcher = Pattern.compile("\\b" + name + "\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE)
			.matcher(attributes);
		if (!matcher.find()) {
			return null;
		}
		String raw = (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
		return HtmlUtils.htmlUnescape(raw);
	}

	/**
	 * Where the platform sent the person back to.
	 *
	 * @param location the full callback URL
	 * @param parameters its query parameters, decoded
	 */
	public record Callback(URI location, Map<String, String> parameters) {

		public static Callback of(URI location) {
			Map<String, String> parameters = new LinkedHashMap<>();
			UriComponentsBuilder.fromUri(location)
				.build()
				.getQueryParams()
				.forEach((name, values) -> parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
						URLDecoder.decode(values.get(0), StandardCharsets.UTF_8)));
			return new Callback(location, parameters);
		}

	}

}
