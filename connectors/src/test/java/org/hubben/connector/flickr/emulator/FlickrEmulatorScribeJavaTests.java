package org.hubben.connector.flickr.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.httpclient.multipart.FileByteArrayBodyPartPayload;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuth1RequestToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.PlatformProperties;
import org.hubben.connector.flickr.FlickrFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ScribeJava, an OAuth 1.0a client Hubben did not write, against {@link FlickrEmulator}:
 * its Flickr flow (request token, consent, access token), a signed REST call and a signed
 * upload. The emulator must take signatures made by someone else's code, and refuse them
 * when the secret is wrong.
 */
class FlickrEmulatorScribeJavaTests {

	private static final PlatformProperties.App APP = PlatformEndpoints.emulatorApp(Platform.FLICKR);

	private static final String CALLBACK = "http://127.0.0.1:9/flickr/callback?state=s1";

	private final FlickrEmulator emulator = FlickrFixtures.emulator(FlickrFixtures.tokens());

	private EmulatorServer server;

	private String base;

	@BeforeEach
	void start() {
		this.server = EmulatorServer.start(this.emulator);
		this.base = this.server.baseUrl(Platform.FLICKR).toString();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private OAuth10aService service(String secret) {
		return new ServiceBuilder(APP.clientId()).apiSecret(secret)
			.callback(CALLBACK)
			.build(new EmulatedFlickrApi(this.base));
	}

	@Test
	void runsScribeJavasFlickrFlowAndItsSignedCallsAgainstTheEmulator() throws Exception {
		OAuth10aService service = service(APP.clientSecret());
		OAuth1RequestToken requestToken = service.getRequestToken();
		assertThat(requestToken.isOauthCallbackConfirmed()).isTrue();
		String authorisation = service.getAuthorizationUrl(requestToken);
		assertThat(authorisation).startsWith(this.base + "/services/oauth/authorize?oauth_token=")
			.endsWith("&perms=write");

		URI back = approve(requestToken.getToken());
		assertThat(back.toString()).startsWith("http://127.0.0.1:9/flickr/callback?state=s1&oauth_token=");
		Map<String, String> returned = UriComponentsBuilder.fromUri(back).build().getQueryParams().toSingleValueMap();
		OAuth1AccessToken access = service.getAccessToken(requestToken, returned.get("oauth_verifier"));
		// ScribeJava keeps the extra parameters as they came, percent-encoded.
		assertThat(decoded(access.getParameter("user_nsid"))).isEqualTo(FlickrEmulator.DEFAULT_USER.nsid());
		assertThat(decoded(access.getParameter("fullname"))).isEqualTo("Hubben Demo");

		OAuthRequest login = new OAuthRequest(Verb.GET, this.base + "/services/rest/");
		login.addQuerystringParameter("method", "flickr.test.login");
		login.addQuerystringParameter("format", "json");
		login.addQuerystringParameter("nojsoncallback", "1");
		service.signRequest(access, login);
		try (Response response = service.execute(login)) {
			assertThat(response.getBody()).contains("\"stat\":\"ok\"")
				.contains("\"id\":\"" + FlickrEmulator.DEFAULT_USER.nsid() + "\"");
		}

		OAuthRequest upload = new OAuthRequest(Verb.POST, this.base + "/services/upload/");
		upload.addQuerystringParameter("title", "Uploaded by ScribeJava");
		upload.addQuerystringParameter("tags", "scribejava \"second opinion\"");
		upload.initMultipartPayload();
		upload.addBodyPartPayloadInMultipartPayload(
				new FileByteArrayBodyPartPayload("image/png", FlickrFixtures.png(), "photo", "pixel.png"));
		service.signRequest(access, upload);
		try (Response response = service.execute(upload)) {
			Matcher photo = Pattern.compile("<photoid>(\\d+)</photoid>").matcher(response.getBody());
			assertThat(photo.find()).as(response.getBody()).isTrue();
			assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
				assertThat(post.remoteId()).isEqualTo(photo.group(1));
				assertThat(post.title()).isEqualTo("Uploaded by ScribeJava");
				assertThat(post.tags()).containsExactly("scribejava", "second opinion");
			});
		}
	}

	@Test
	void readsWritesAndDeletesCommentsWithScribeJavasSignatures() throws Exception {
		OAuth10aService service = service(APP.clientSecret());
		FlickrEmulator.AccessToken issued = this.emulator.issueAccessToken(FlickrEmulator.DEFAULT_USER.nsid(), "write");
		OAuth1AccessToken access = new OAuth1AccessToken(issued.token(), issued.secret());
		OAuthRequest upload = new OAuthRequest(Verb.POST, this.base + "/services/upload/");
		upload.initMultipartPayload();
		upload.addBodyPartPayloadInMultipartPayload(
				new FileByteArrayBodyPartPayload("image/png", FlickrFixtures.png(), "photo", "pixel.png"));
		service.signRequest(access, upload);
		String photoId;
		try (Response response = service.execute(upload)) {
			Matcher photo = Pattern.compile("<photoid>(\\d+)</photoid>").matcher(response.getBody());
			assertThat(photo.find()).as(response.getBody()).isTrue();
			photoId = photo.group(1);
		}
		this.emulator.comment(new PersonComment(photoId, null, "35468159852@N01", "Rev Dan Catt", "Fin bild"));

		OAuthRequest add = new OAuthRequest(Verb.POST, this.base + "/services/rest/");
		add.addBodyParameter("method", "flickr.photos.comments.addComment");
		add.addBodyParameter("photo_id", photoId);
		add.addBodyParameter("comment_text", "Tack, Dan!");
		add.addBodyParameter("format", "json");
		add.addBodyParameter("nojsoncallback", "1");
		service.signRequest(access, add);
		try (Response response = service.execute(add)) {
			assertThat(response.getBody()).contains("\"stat\":\"ok\"").contains("\"comment\":{\"id\":");
		}

		OAuthRequest list = new OAuthRequest(Verb.GET, this.base + "/services/rest/");
		list.addQuerystringParameter("method", "flickr.photos.comments.getList");
		list.addQuerystringParameter("photo_id", photoId);
		list.addQuerystringParameter("format", "json");
		list.addQuerystringParameter("nojsoncallback", "1");
		service.signRequest(access, list);
		try (Response response = service.execute(list)) {
			assertThat(response.getBody()).contains("\"authorname\":\"Rev Dan Catt\"")
				.contains("\"_content\":\"Fin bild\"")
				.contains("\"author\":\"" + FlickrEmulator.DEFAULT_USER.nsid() + "\"")
				.contains("\"_content\":\"Tack, Dan!\"")
				.containsPattern("\"datecreate\":\"\\d+\"");
		}

		String personsComment = this.emulator.comments().get(0).id();
		for (int attempt = 0; attempt < 2; attempt++) {
			OAuthRequest delete = new OAuthRequest(Verb.POST, this.base + "/services/rest/");
			delete.addBodyParameter("method", "flickr.photos.comments.deleteComment");
			delete.addBodyParameter("comment_id", personsComment);
			service.signRequest(access, delete);
			try (Response response = service.execute(delete)) {
				assertThat(response.getBody())
					.contains((attempt == 0) ? "<rsp stat=\"ok\">" : "<err code=\"2\" msg=\"Comment not found\" />");
			}
		}
		assertThat(this.emulator.comments().get(0).deleted()).isTrue();
	}

	@Test
	void refusesScribeJavasSignaturesMadeWithTheWrongSecret() throws Exception {
		OAuth10aService honest = service(APP.clientSecret());
		OAuth1RequestToken requestToken = honest.getRequestToken();
		URI back = approve(requestToken.getToken());
		String verifier = UriComponentsBuilder.fromUri(back).build().getQueryParams().getFirst("oauth_verifier");
		OAuth1AccessToken access = honest.getAccessToken(requestToken, verifier);

		OAuthRequest login = new OAuthRequest(Verb.GET, this.base + "/services/rest/");
		login.addQuerystringParameter("method", "flickr.test.login");
		service("the-wrong-secret").signRequest(access, login);
		try (Response response = honest.execute(login)) {
			assertThat(response.getBody()).contains("<err code=\"96\" msg=\"Invalid signature\" />");
		}

		OAuthRequest forged = new OAuthRequest(Verb.GET, this.base + "/services/rest/");
		forged.addQuerystringParameter("method", "flickr.test.login");
		honest.signRequest(new OAuth1AccessToken(access.getToken(), "0000000000000000"), forged);
		try (Response response = honest.execute(forged)) {
			assertThat(response.getBody()).contains("<err code=\"96\" msg=\"Invalid signature\" />");
		}

		OAuthRequest requestTokenCall = new OAuthRequest(Verb.GET, this.base + "/services/oauth/request_token");
		try (Response response = service("the-wrong-secret").execute(signedForRequestToken(requestTokenCall))) {
			assertThat(response.getCode()).isEqualTo(401);
			assertThat(response.getBody()).startsWith("oauth_problem=signature_invalid");
		}
	}

	private OAuthRequest signedForRequestToken(OAuthRequest request) throws Exception {
		// ScribeJava's own request-token call throws on a 401; send a
		// request-token-shaped
		// call signed with its consumer-only signing instead.
		request.addOAuthParameter("oauth_callback", CALLBACK);
		service("the-wrong-secret").signRequest(new OAuth1AccessToken("", ""), request);
		return request;
	}

	private static String decoded(String value) {
		return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	/** Presses Allow on the consent page, as the person would. */
	private URI approve(String requestToken) throws Exception {
		HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		HttpResponse<String> page = browser.send(HttpRequest
			.newBuilder(
					URI.create(this.base + "/services/oauth/authorize?oauth_token=" + requestToken + "&perms=write"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.body()).contains("<form method=\"post\"")
			.contains("<button name=\"decision\" value=\"allow\">Allow</button>")
			.contains("<button name=\"decision\" value=\"deny\">Deny</button>");
		HttpResponse<String> decided = browser
			.send(HttpRequest.newBuilder(URI.create(this.base + "/services/oauth/authorize"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("oauth_token=" + requestToken + "&perms=write&decision=allow",
						StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(decided.statusCode()).isEqualTo(302);
		return URI.create(decided.headers().firstValue("Location").orElseThrow());
	}

	/**
	 * ScribeJava's {@code FlickrApi} with its three endpoints moved to the emulator, the
	 * way {@code FlickrApi} itself extends {@link DefaultApi10a}.
	 */
	static final class EmulatedFlickrApi extends DefaultApi10a {

		private final String base;

		EmulatedFlickrApi(String base) {
			this.base = base;
		}

		@Override
		public String getRequestTokenEndpoint() {
			return this.base + "/services/oauth/request_token";
		}

		@Override
		public String getAccessTokenEndpoint() {
			return this.base + "/services/oauth/access_token";
		}

		@Override
		protected String getAuthorizationBaseUrl() {
			return this.base + "/services/oauth/authorize";
		}

		@Override
		public String getAuthorizationUrl(OAuth1RequestToken requestToken) {
			return super.getAuthorizationUrl(requestToken) + "&perms=write";
		}

	}

}
