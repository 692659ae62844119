package org.hubben.connector.flickr.emulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.hubben.connector.flickr.OAuth1;
import org.hubben.connector.flickr.OAuth1.Credentials;
import org.hubben.connector.flickr.OAuth1.Parameter;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends requests to the Flickr emulator signed with {@link OAuth1}, and lets a test spoil
 * one part of the signing: the secrets, a parameter after signing, or the photo signed
 * although it must not be.
 */
final class SignedClient {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final URI base;

	private final WebClient webClient = WebClient.create();

	private final OAuth1 signer = new OAuth1(Clock.systemUTC());

	SignedClient(URI base) {
		this.base = base;
	}

	/**
	 * A signed GET to {@code /services/rest/} with the protocol parameters in a header.
	 */
	Answer rest(Credentials credentials, Map<String, String> parameters) {
		URI url = URI.create(this.base + "/services/rest/?" + OAuth1.formEncode(list(parameters)));
		Map<String, String> protocol = this.signer.sign("GET", url, List.of(), credentials, Map.of());
		return exchange(
				this.webClient.get().uri(url).header(HttpHeaders.AUTHORIZATION, OAuth1.authorizationHeader(protocol)));
	}

	/** A signed GET to {@code /services/rest/} with every parameter in the query. */
	Answer restInQuery(Credentials credentials, Map<String, String> parameters) {
		URI endpoint = URI.create(this.base + "/services/rest/");
		List<Parameter> all = list(parameters);
		Map<String, String> protocol = this.signer.sign("GET", endpoint, all, credentials, Map.of());
		protocol.forEach((name, value) -> all.add(new Parameter(name, value)));
		return exchange(this.webClient.get().uri(URI.create(endpoint + "?" + OAuth1.formEncode(all))));
	}

	/** A signed form POST to {@code /services/rest/}. */
	Answer restPost(Credentials credentials, Map<String, String> parameters) {
		URI endpoint = URI.create(this.base + "/services/rest/");
		List<Parameter> all = list(parameters);
		Map<String, String> protocol = this.signer.sign("POST", endpoint, all, credentials, Map.of());
		return exchange(this.webClient.post()
			.uri(endpoint)
			.header(HttpHeaders.AUTHORIZATION, OAuth1.authorizationHeader(protocol))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(OAuth1.formEncode(all)));
	}

	/** An unsigned GET to {@code /services/rest/}. */
	Answer unsigned(Map<String, String> parameters) {
		return exchange(this.webClient.get()
			.uri(URI.create(this.base + "/services/rest/?" + OAuth1.formEncode(list(parameters)))));
	}

	/** A signed multipart upload, the fields signed and the photo not. */
	Answer upload(Credentials credentials, Map<String, String> fields, byte[] photo, String contentType) {
		return upload(credentials, fields, photo, contentType, UnaryOperator.identity(), false);
	}

	/**
	 * An upload whose fields are changed after signing by {@code tamper}, or whose photo
	 * is wrongly part of the signature.
	 */
	Answer upload(Credentials credentials, Map<String, String> fields, byte[] photo, String contentType,
			UnaryOperator<Map<String, String>> tamper, boolean signThePhoto) {
		URI url = URI.create(this.base + "/services/upload/");
		List<Parameter> signed = list(fields);
		if (signThePhoto) {
			signed.add(new Parameter("photo", new String(photo, java.nio.charset.StandardCharsets.ISO_8859_1)));
		}
		Map<String, String> protocol = this.signer.sign("POST", url, signed, credentials, Map.of());
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		tamper.apply(new LinkedHashMap<>(fields)).forEach(body::part);
		if (photo != null) {
			body.part("photo", new ByteArrayResource(photo))
				.filename("upload.bin")
				.contentType(MediaType.parseMediaType(contentType));
		}
		return exchange(this.webClient.post()
			.uri(url)
			.header(HttpHeaders.AUTHORIZATION, OAuth1.authorizationHeader(protocol))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(body.build())));
	}

	private static List<Parameter> list(Map<String, String> parameters) {
		List<Parameter> list = new ArrayList<>();
		parameters.forEach((name, value) -> list.add(new Parameter(name, value)));
		return list;
	}

	private static Answer exchange(WebClient.RequestHeadersSpec<?> spec) {
		return spec
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Answer(response.statusCode().value(),
						response.headers().contentType().map(MediaType::toString).orElse(""), body)))
			.block(WAIT);
	}

	record Answer(int status, String contentType, String body) {

	}

}
