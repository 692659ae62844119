package org.hubben.connector.flickr;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849 section 3.4), the only method
 * Flickr accepts: the signature base string is
 * {@code METHOD&enc(base string URI)&enc(normalised parameters)}, where the parameters
 * are the query's, the signed body fields and the {@code oauth_*} protocol parameters
 * sorted by encoded name and value, and the key is
 * {@code enc(consumerSecret)&enc(tokenSecret)}. Encoding is RFC 3986 percent-encoding of
 * UTF-8: only {@code A-Z a-z 0-9 - . _ ~} stay as they are.
 *
 * <p>
 * Stateless and thread-safe. The static methods are shared by the Flickr emulator, which
 * verifies what a client signed by recomputing the signature from the request it
 * received.
 */
public final class OAuth1 {

	/** The only signature method Flickr supports. */
	public static final String HMAC_SHA1 = "HMAC-SHA1";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	private final Clock clock;

	private final Supplier<String> nonces;

	/**
	 * @param clock gives {@code oauth_timestamp}
	 */
	public OAuth1(Clock clock) {
		this(clock, OAuth1::randomNonce);
	}

	/**
	 * @param clock gives {@code oauth_timestamp}
	 * @param nonces gives {@code oauth_nonce}; a fixed one only in tests
	 */
	public OAuth1(Clock clock, Supplier<String> nonces) {
		this.clock = clock;
		this.nonces = nonces;
	}

	/**
	 * Signs one request.
	 * @param method the HTTP method, such as {@code GET}
	 * @param url the request URL; the parameters of its query are signed
	 * @param bodyParameters the body fields that are signed: every field of a form body,
	 * every field of a multipart body except files (Flickr's {@code photo})
	 * @param credentials the consumer and, once there is one, the token
	 * @param extraProtocolParameters {@code oauth_callback} or {@code oauth_verifier}
	 * where the flow needs them; empty otherwise
	 * @return the protocol parameters to send, {@code oauth_signature} last
	 */
	public Map<String, String> sign(String method, URI url, List<Parameter> bodyParameters, Credentials credentials,
			Map<String, String> extraProtocolParameters) {
		Map<String, String> protocol = new LinkedHashMap<>();
		protocol.put("oauth_consumer_key", credentials.consumerKey());
		protocol.put("oauth_nonce", this.nonces.get());
		protocol.put("oauth_signature_method", HMAC_SHA1);
		protocol.put("oauth_timestamp", String.valueOf(this.clock.instant().getEpochSecond()));
		if (credentials.token() != null) {
			protocol.put("oauth_token", credentials.token());
		}
		protocol.put("oauth_version", "1.0");
		protocol.putAll(extraProtocolParameters);
		List<Parameter> all = new ArrayList<>(bodyParameters);
		protocol.forEach((name, value) -> all.add(new Parameter(name, value)));
		String baseString = signatureBaseString(method, url, all);
		protocol.put("oauth_signature", signature(baseString, credentials.consumerSecret(), credentials.tokenSecret()));
		return protocol;
	}

	/**
	 * The signature base string of RFC 5849 section 3.4.1.
	 * @param method the HTTP method
	 * @param url the request URL; its query parameters are added to {@code parameters}
	 * @param parameters the body and protocol parameters, decoded, without
	 * {@code oauth_signature} and {@code realm}
	 * @return the base string
	 */
	public static String signatureBaseString(String method, URI url, List<Parameter> parameters) {
		List<Parameter> all = new ArrayList<>(parseForm(url.getRawQuery()));
		all.addAll(parameters);
		return method.toUpperCase(Locale.ROOT) + "&" + percentEncode(baseStringUri(url)) + "&"
				+ percentEncode(normalise(all));
	}

	/**
	 * The base string URI of RFC 5849 section 3.4.1.2: scheme and host in lower case, the
	 * default port left out, no query and no fragment.
	 * @param url the request URL
	 * @return the base string URI
	 */
	public static String baseStringUri(URI url) {
		String scheme = url.getScheme().toLowerCase(Locale.ROOT);
		int port = url.getPort();
		boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80)
				|| ("https".equals(scheme) && port == 443);
		String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
		return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
	}

	/**
	 * The HMAC-SHA1 signature of RFC 5849 section 3.4.2.
	 * @param baseString the signature base string
	 * @param consumerSecret the consumer (API) secret
	 * @param tokenSecret the token secret, or {@code null} before there is a token
	 * @return the signature, Base64-encoded
	 */
	public static String signature(String baseString, String consumerSecret, String tokenSecret) {
		String key = percentEncode(consumerSecret) + "&" + percentEncode((tokenSecret != null) ? tokenSecret : "");
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is not available", ex);
		}
	}

	/**
	 * The {@code Authorization} header that carries protocol parameters (RFC 5849 section
	 * 3.5.1).
	 * @param protocolParameters what {@link #sign} returned
	 * @return the header value, {@code OAuth name="value", ...}
	 */
	public static String authorizationHeader(Map<String, String> protocolParameters) {
		return "OAuth " + protocolParameters.entrySet()
			.stream()
			.map((entry) -> percentEncode(entry.getKey()) + "=\"" + percentEncode(entry.getValue()) + "\"")
			.collect(Collectors.joining(", "));
	}

	/**
	 * Parameters as a query string or form body (RFC 5849 sections 3.5.2 and 3.5.3),
	 * encoded so that what the server decodes is exactly what was signed.
	 * @param parameters the parameters, in the order to send them
	 * @return {@code name=value&...}, percent-encoded
	 */
	public static String formEncode(List<Parameter> parameters) {
		return parameters.stream()
			.map((parameter) -> percentEncode(parameter.name()) + "=" + percentEncode(parameter.value()))
			.collect(Collectors.joining("&"));
	}

	/**
	 * RFC 3986 percent-encoding of the UTF-8 bytes, as RFC 5849 section 3.6 requires.
	 * @param value the text
	 * @return the encoded text
	 */
	public static String percentEncode(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		StringBuilder encoded = new StringBuilder(bytes.length);
		for (byte b : bytes) {
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(HEX.toHexDigits(b));
			}
		}
		return encoded.toString();
	}

	/**
	 * Decodes {@code application/x-www-form-urlencoded} text, as a query string or a form
	 * body: {@code +} is a space.
	 * @param encoded the text, may be {@code null} or empty
	 * @return the parameters in their order, decoded
	 */
	public static List<Parameter> parseForm(String encoded) {
		List<Parameter> parameters = new ArrayList<>();
		if (encoded == null || encoded.isEmpty()) {
			return parameters;
		}
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			parameters.add(new Parameter(formDecode(name), formDecode(value)));
		}
		return parameters;
	}

	/** Leaves malformed percent-encoding as it is rather than failing the request. */
	private static String formDecode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

	private static String normalise(List<Parameter> parameters) {
		return parameters.stream()
			.map((parameter) -> new Parameter(percentEncode(parameter.name()), percentEncode(parameter.value())))
			.sorted(Comparator.comparing(Parameter::name).thenComparing(Parameter::value))
			.map((parameter) -> parameter.name() + "=" + parameter.value())
			.collect(Collectors.joining("&"));
	}

	private static String randomNonce() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * One request parameter, decoded.
	 *
	 * @param name the name
	 * @param value the value, empty when the parameter has none
	 */
	public record Parameter(String name, String value) {

		public Parameter {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(value, "value");
		}

	}

	/**
	 * What signs a request: the consumer (Flickr's API key and secret) and, after the
	 * first leg of the flow, a token. {@link #toString()} leaves the secrets out.
	 *
	 * @param consumerKey the API key
	 * @param consumerSecret the API secret
	 * @param token the request or access token, or {@code null} before there is one
	 * @param tokenSecret its secret, or {@code null} before there is one
	 */
	public record Credentials(String consumerKey, String consumerSecret, String token, String tokenSecret) {

		public Credentials {
			Objects.requireNonNull(consumerKey, "consumerKey");
			Objects.requireNonNull(consumerSecret, "consumerSecret");
		}

		@Override
		public String toString() {
			return "Credentials[consumerKey=" + this.consumerKey + ", secrets=<hidden>]";
		}

	}

}
