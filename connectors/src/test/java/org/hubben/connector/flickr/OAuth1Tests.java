package org.hubben.connector.flickr;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.hubben.connector.flickr.OAuth1.Credentials;
import org.hubben.connector.flickr.OAuth1.Parameter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OAuth1} against published vectors: RFC 5849 (its section 1.2 walk-through and
 * the section 3.4.1.1 base string) and the Flickr example of wackylabs.net, "OAuth and
 * Flickr, part 2", whose expected signatures are reproduced in several Flickr clients'
 * tests. Expected values come from those sources or, where a source gives only a base
 * string, from the JDK's HMAC-SHA1 applied here to that base string.
 */
class OAuth1Tests {

	private static final String RFC_CONSUMER_KEY = "dpf43f3p2l4k3l03";

	private static final String RFC_CONSUMER_SECRET = "kd94hf93k423kf44";

	@Test
	void signsTheFlickrRequestTokenExampleOfWackylabs() {
		OAuth1 signer = new OAuth1(clockAt(1316657628), () -> "C2F26CD5C075BA9050AD8EE90644CF29");
		Map<String, String> protocol = signer.sign("GET",
				URI.create("http://www.flickr.com/services/oauth/request_token"), List.of(),
				new Credentials("768fe946d252b119746fda82e1599980", "1a3c208e172d3edc", null, null),
				Map.of("oauth_callback", "http://www.wackylabs.net/oauth/test"));
		assertThat(protocol).containsEntry("oauth_signature", "0fhNGlzpFNAsTme/hDfUb5HPB5U=")
			.containsEntry("oauth_version", "1.0")
			.containsEntry("oauth_signature_method", "HMAC-SHA1")
			.doesNotContainKey("oauth_token");
	}

	@Test
	void buildsTheBaseStringOfTheWackylabsExample() {
		String baseString = OAuth1.signatureBaseString("GET",
				URI.create("http://www.flickr.com/services/oauth/request_token"),
				List.of(new Parameter("oauth_nonce", "C2F26CD5C075BA9050AD8EE90644CF29"),
						new Parameter("oauth_timestamp", "1316657628"),
						new Parameter("oauth_consumer_key", "768fe946d252b119746fda82e1599980"),
						new Parameter("oauth_signature_method", "HMAC-SHA1"), new Parameter("oauth_version", "1.0"),
						new Parameter("oauth_callback", "http://www.wackylabs.net/oauth/test")));
		assertThat(baseString).isEqualTo("GET&http%3A%2F%2Fwww.flickr.com%2Fservices%2Foauth%2Frequest_token&"
				+ "oauth_callback%3Dhttp%253A%252F%252Fwww.wackylabs.net%252Foauth%252Ftest%26"
				+ "oauth_consumer_key%3D768fe946d252b119746fda82e1599980%26"
				+ "oauth_nonce%3DC2F26CD5C075BA9050AD8EE90644CF29%26"
				+ "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1316657628%26oauth_version%3D1.0");
		// The same base string signed with a token secret, as those clients' tests do.
		assertThat(OAuth1.signature(baseString, "1a3c208e172d3edc", "token12345secret"))
			.isEqualTo("dXyfrCetFSTpzD3djSrkFhj0MIQ=");
	}

	@Test
	void signsTheTemporaryCredentialsRequestOfRfc5849() {
		String baseString = OAuth1.signatureBaseString("POST", URI.create("https://photos.example.net/initiate"),
				List.of(new Parameter("oauth_consumer_key", RFC_CONSUMER_KEY),
						new Parameter("oauth_signature_method", "HMAC-SHA1"),
						new Parameter("oauth_timestamp", "137131200"), new Parameter("oauth_nonce", "wIjqoS"),
						new Parameter("oauth_callback", "http://printer.example.com/ready")));
		assertThat(OAuth1.signature(baseString, RFC_CONSUMER_SECRET, null)).isEqualTo("74KNZJeDHnMBp0EMJ9ZHt/XKycU=");
	}

	@Test
	void signsTheTokenRequestOfRfc5849WithTheTemporarySecret() {
		String baseString = OAuth1.signatureBaseString("POST", URI.create("https://photos.example.net/token"), List.of(
				new Parameter("oauth_consumer_key", RFC_CONSUMER_KEY), new Parameter("oauth_token", "hh5s93j4hdidpola"),
				new Parameter("oauth_signature_method", "HMAC-SHA1"), new Parameter("oauth_timestamp", "137131201"),
				new Parameter("oauth_nonce", "walatlh"), new Parameter("oauth_verifier", "hfdp7dh39dks9884")));
		assertThat(OAuth1.signature(baseString, RFC_CONSUMER_SECRET, "hdhd0244k9j7ao03"))
			.isEqualTo("gKgrFCywp7rO0OXSjdot/IHF7IU=");
	}

	@Test
	void signsTheProtectedResourceRequestOfRfc5849WithItsQuery() {
		String baseString = OAuth1.signatureBaseString("GET",
				URI.create("http://photos.example.net/photos?file=vacation.jpg&size=original"),
				List.of(new Parameter("oauth_consumer_key", RFC_CONSUMER_KEY),
						new Parameter("oauth_token", "nnch734d00sl2jdk"),
						new Parameter("oauth_signature_method", "HMAC-SHA1"),
						new Parameter("oauth_timestamp", "137131202"), new Parameter("oauth_nonce", "chapoH")));
		assertThat(OAuth1.signature(baseString, RFC_CONSUMER_SECRET, "pfkkdhi9sl3r4s00"))
			.isEqualTo("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
	}

	@Test
	void buildsTheBaseStringOfRfc5849Section3411FromQueryBodyAndProtocolParameters() {
		List<Parameter> body = OAuth1.parseForm("c2&a3=2+q");
		List<Parameter> protocol = List.of(new Parameter("oauth_consumer_key", "9djdj82h48djs9d2"),
				new Parameter("oauth_token", "kkk9d7dh3k39sjv7"), new Parameter("oauth_signature_method", "HMAC-SHA1"),
				new Parameter("oauth_timestamp", "137131201"), new Parameter("oauth_nonce", "7d8f3e4a"));
		List<Parameter> parameters = new java.util.ArrayList<>(body);
		parameters.addAll(protocol);
		String baseString = OAuth1.signatureBaseString("POST",
				URI.create("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"), parameters);
		String expected = "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D"
				+ "%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26"
				+ "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7";
		assertThat(baseString).isEqualTo(expected);
		// RFC 5849 section 3.1 names these secrets for the example.
		assertThat(OAuth1.signature(baseString, "j49sk3j29djd", "dh893hdasih9"))
			.isEqualTo(hmacSha1("j49sk3j29djd&dh893hdasih9", expected));
	}

	@Test
	void normalisesTheBaseStringUriAsRfc5849Section3412Shows() {
		assertThat(OAuth1.baseStringUri(URI.create("http://EXAMPLE.COM:80/r%20v/X?id=123")))
			.isEqualTo("http://example.com/r%20v/X");
		assertThat(OAuth1.baseStringUri(URI.create("https://www.example.net:8080/?q=1")))
			.isEqualTo("https://www.example.net:8080/");
		assertThat(OAuth1.baseStringUri(URI.create("https://up.flickr.com:443"))).isEqualTo("https://up.flickr.com/");
	}

	@Test
	void percentEncodesAsRfc3986WithUtf8() {
		assertThat(OAuth1.percentEncode("Ladies + Gentlemen")).isEqualTo("Ladies%20%2B%20Gentlemen");
		assertThat(OAuth1.percentEncode("An encoded string!")).isEqualTo("An%20encoded%20string%21");
		assertThat(OAuth1.percentEncode("Dogs, Cats & Mice")).isEqualTo("Dogs%2C%20Cats%20%26%20Mice");
		assertThat(OAuth1.percentEncode("☃")).isEqualTo("%E2%98%83");
		assertThat(OAuth1.percentEncode("-._~*")).isEqualTo("-._~%2A");
	}

	@Test
	void writesTheAuthorizationHeaderWithEncodedValues() {
		Map<String, String> protocol = new java.util.LinkedHashMap<>();
		protocol.put("oauth_consumer_key", "key");
		protocol.put("oauth_signature", "a+b/c=");
		assertThat(OAuth1.authorizationHeader(protocol))
			.isEqualTo("OAuth oauth_consumer_key=\"key\", oauth_signature=\"a%2Bb%2Fc%3D\"");
	}

	@Test
	void signsTheSameRequestDifferentlyWhenAnySignedPartChanges() {
		OAuth1 signer = new OAuth1(clockAt(1700000000), () -> "nonce");
		Credentials credentials = new Credentials("key", "secret", "token", "token-secret");
		URI url = URI.create("https://up.flickr.com/services/upload/");
		String original = signer.sign("POST", url, List.of(new Parameter("title", "Hej")), credentials, Map.of())
			.get("oauth_signature");
		assertThat(signer.sign("POST", url, List.of(new Parameter("title", "Hej!")), credentials, Map.of())
			.get("oauth_signature")).isNotEqualTo(original);
		assertThat(signer
			.sign("POST", url, List.of(new Parameter("title", "Hej")),
					new Credentials("key", "secret", "token", "other"), Map.of())
			.get("oauth_signature")).isNotEqualTo(original);
		assertThat(signer.sign("GET", url, List.of(new Parameter("title", "Hej")), credentials, Map.of())
			.get("oauth_signature")).isNotEqualTo(original);
	}

	@Test
	void keepsSecretsOutOfToString() {
		assertThat(new Credentials("key", "consumer-secret", "token", "token-secret").toString())
			.doesNotContain("consumer-secret", "token-secret");
	}

	private static Clock clockAt(long epochSecond) {
		return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
	}

	private static String hmacSha1(String key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
