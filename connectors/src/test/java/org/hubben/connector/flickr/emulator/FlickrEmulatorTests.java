package org.hubben.connector.flickr.emulator;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformEndpoints;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.flickr.FlickrFixtures;
import org.hubben.connector.flickr.OAuth1.Credentials;
import org.hubben.connector.flickr.emulator.SignedClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FlickrEmulator} over real HTTP, driven by a client that signs with the project's
 * signer and can spoil the signature on purpose: every refusal must be Flickr's own code
 * in Flickr's own shape.
 */
class FlickrEmulatorTests {

	private static final String NSID = FlickrEmulator.DEFAULT_USER.nsid();

	private static final String KEY = PlatformEndpoints.emulatorApp(Platform.FLICKR).clientId();

	private static final String SECRET = PlatformEndpoints.emulatorApp(Platform.FLICKR).clientSecret();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PHOTO_ID = Pattern.compile("<photoid>(\\d+)</photoid>");

	private static final Pattern TICKET_ID = Pattern.compile("<ticketid>(\\d+)</ticketid>");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

	private final EmulatorTokens tokens = new EmulatorTokens(FlickrFixtures.KEY, Clock.systemUTC());

	private FlickrEmulator emulator = new FlickrEmulator(this.tokens, FlickrFixtures.KEY, this.clock,
			FlickrEmulator.Settings.DEFAULT.withTickets(2, Duration.ofMinutes(1)).withFileLimits(1000, 2000));

	private EmulatorServer server;

	private SignedClient client;

	private final FlickrEmulator.AccessToken write = this.emulator.issueAccessToken(NSID, "write");

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private SignedClient client() {
		if (this.server == null) {
			this.server = EmulatorServer.start(this.emulator);
			this.client = new SignedClient(this.server.baseUrl(Platform.FLICKR));
		}
		return this.client;
	}

	private Credentials writer() {
		return new Credentials(KEY, SECRET, this.write.token(), this.write.secret());
	}

	private static Map<String, String> login() {
		return Map.of("method", "flickr.test.login", "format", "json", "nojsoncallback", "1");
	}

	private static Map<String, String> fields(String... pairs) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			fields.put(pairs[i], pairs[i + 1]);
		}
		return fields;
	}

	private static JsonNode json(Answer answer) {
		assertThat(answer.status()).isEqualTo(200);
		return JSON.readTree(answer.body());
	}

	private static void assertFails(Answer answer, int code, String message) {
		JsonNode json = json(answer);
		assertThat(json.path("stat").asString()).isEqualTo("fail");
		assertThat(json.path("code").asInt()).isEqualTo(code);
		assertThat(json.path("message").asString()).isEqualTo(message);
	}

	private static void assertXmlFails(Answer answer, int code, String message) {
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("<rsp stat=\"fail\">")
			.contains("<err code=\"" + code + "\" msg=\"" + message + "\" />");
	}

	private String upload(Map<String, String> fields) {
		Answer answer = client().upload(writer(), fields, FlickrFixtures.png(), "image/png");
		Matcher photo = PHOTO_ID.matcher(answer.body());
		assertThat(photo.find()).as(answer.body()).isTrue();
		return photo.group(1);
	}

	// ---------------------------------------------------------------------------------
	// Signatures and tokens

	@Test
	void answersTestLoginWithTheTokensUser() {
		JsonNode json = json(client().rest(writer(), login()));
		assertThat(json.path("stat").asString()).isEqualTo("ok");
		assertThat(json.path("user").path("id").asString()).isEqualTo(NSID);
		assertThat(json.path("user").path("username").path("_content").asString()).isEqualTo("hubben_demo");
	}

	@Test
	void acceptsProtocolParametersInTheQueryAsWellAsInTheHeader() {
		JsonNode json = json(client().restInQuery(writer(), login()));
		assertThat(json.path("user").path("id").asString()).isEqualTo(NSID);
	}

	@Test
	void refusesASignatureMadeWithTheWrongConsumerSecret() {
		assertFails(
				client().rest(new Credentials(KEY, "not-the-secret", this.write.token(), this.write.secret()), login()),
				96, "Invalid signature");
	}

	@Test
	void refusesASignatureMadeWithTheWrongTokenSecret() {
		assertFails(client().rest(new Credentials(KEY, SECRET, this.write.token(), "0123456789abcdef"), login()), 96,
				"Invalid signature");
	}

	@Test
	void refusesAnUploadWhoseFieldWasChangedAfterSigning() {
		Answer answer = client().upload(writer(), fields("title", "Signed title"), FlickrFixtures.png(), "image/png",
				(sent) -> {
					sent.put("title", "Tampered title");
					return sent;
				}, false);
		assertXmlFails(answer, 96, "Invalid signature");
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void refusesAnUploadThatSignedThePhoto() {
		Answer answer = client().upload(writer(), fields("title", "A photo"), FlickrFixtures.png(), "image/png",
				(sent) -> sent, true);
		assertXmlFails(answer, 96, "Invalid signature");
	}

	@Test
	void acceptsAnUploadThatSignsEveryFieldButThePhoto() {
		String id = upload(fields("title", "Signed", "description", "Hej https://home.example.org/a", "tags",
				"hubben \"two words\""));
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.remoteId()).isEqualTo(id);
			assertThat(post.accountId()).isEqualTo(NSID);
			assertThat(post.title()).isEqualTo("Signed");
			assertThat(post.text()).isEqualTo("Hej https://home.example.org/a");
			assertThat(post.link()).isEqualTo("https://home.example.org/a");
			assertThat(post.tags()).containsExactly("hubben", "two words");
			assertThat(post.media()).singleElement().satisfies((media) -> {
				assertThat(media.sha256()).isEqualTo(sha256(FlickrFixtures.png()));
				assertThat(media.contentType()).isEqualTo("image/png");
			});
		});
	}

	@Test
	void takesATokenIssuedOutsideTheFlowWithAnEmptySecretAsTheDemoChannelHasIt() {
		String demo = this.tokens.issue(Platform.FLICKR, NSID, null);
		assertThat(this.emulator.tokenSecret(demo)).isEmpty();
		JsonNode json = json(client().rest(new Credentials(KEY, SECRET, demo, null), login()));
		assertThat(json.path("user").path("id").asString()).isEqualTo(NSID);
		assertFails(client().rest(new Credentials(KEY, SECRET, demo, "0123456789abcdef"), login()), 96,
				"Invalid signature");
	}

	@Test
	void refusesProtocolParametersWithoutASignature() {
		Answer answer = client().unsigned(Map.of("method", "flickr.test.login", "format", "json", "nojsoncallback", "1",
				"oauth_consumer_key", KEY, "oauth_token", this.write.token()));
		assertFails(answer, 97, "Missing signature");
	}

	@Test
	void refusesATokenItNeverIssued() {
		assertFails(client()
			.rest(new Credentials(KEY, SECRET, "72157626318069415-087bfc7b5816092c", "a202d1f853ec69de"), login()), 98,
				"Invalid auth token");
	}

	@Test
	void refusesARevokedToken() {
		this.emulator.revoke(this.write.token());
		assertFails(client().rest(writer(), login()), 98, "Invalid auth token");
	}

	@Test
	void refusesAnUploadWithAReadOnlyToken() {
		FlickrEmulator.AccessToken read = this.emulator.issueAccessToken(NSID, "read");
		Answer answer = client().upload(new Credentials(KEY, SECRET, read.token(), read.secret()), fields(),
				FlickrFixtures.png(), "image/png");
		assertXmlFails(answer, 99, "Insufficient permissions. Method requires write privileges; read granted.");
	}

	@Test
	void refusesAMethodNeedingALoginWithoutOne() {
		assertFails(
				client().unsigned(
						Map.of("method", "flickr.test.login", "api_key", KEY, "format", "json", "nojsoncallback", "1")),
				99, "Insufficient permissions. Method requires read privileges; none granted.");
	}

	@Test
	void refusesAnUnknownOrMissingApiKey() {
		assertFails(client().unsigned(Map.of("method", "flickr.photos.getInfo", "api_key", "not-a-key", "format",
				"json", "nojsoncallback", "1")), 100, "Invalid API Key (Key has invalid format)");
		assertFails(
				client().unsigned(Map.of("method", "flickr.photos.getInfo", "format", "json", "nojsoncallback", "1")),
				100, "Invalid API Key (Key not found)");
		assertFails(client().rest(new Credentials("someone-else", SECRET, this.write.token(), this.write.secret()),
				login()), 100, "Invalid API Key (Key has invalid format)");
	}

	@Test
	void answersInTheFormatAskedFor() {
		Map<String, String> xml = Map.of("method", "flickr.test.login");
		Answer answer = client().rest(writer(), xml);
		assertThat(answer.contentType()).startsWith("text/xml");
		assertThat(answer.body()).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\" ?>")
			.contains("<rsp stat=\"ok\">")
			.contains("<user id=\"" + NSID + "\">")
			.contains("<username>hubben_demo</username>");
		Answer jsonp = client().rest(writer(), Map.of("method", "flickr.test.login", "format", "json"));
		assertThat(jsonp.body()).startsWith("jsonFlickrApi({").endsWith("})");
		Answer unknown = client().rest(writer(), Map.of("method", "flickr.test.login", "format", "yaml"));
		assertThat(unknown.body()).contains("<err code=\"111\" msg=\"Format &quot;yaml&quot; not found\" />");
		assertFails(
				client().rest(writer(),
						Map.of("method", "flickr.photos.doesNotExist", "format", "json", "nojsoncallback", "1")),
				112, "Method \"flickr.photos.doesNotExist\" not found");
	}

	// ---------------------------------------------------------------------------------
	// Uploads

	@Test
	void refusesUploadsAsFlickrDocuments() {
		assertXmlFails(client().upload(writer(), fields("title", "none"), null, "image/png"), 2, "No photo specified");
		assertXmlFails(client().upload(writer(), fields(), new byte[0], "image/png"), 4, "Filesize was zero");
		assertXmlFails(client().upload(writer(), fields(), "just text, not an image".getBytes(), "image/jpeg"), 5,
				"Filetype was not recognised");
		assertXmlFails(client().upload(writer(), fields(), tooLargePng(), "image/png"), 8, "Filesize was too large");
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void completesATicketAfterTheConfiguredPolls() {
		Answer answer = client().upload(writer(), fields("async", "1"), FlickrFixtures.png(), "image/png");
		Matcher ticket = TICKET_ID.matcher(answer.body());
		assertThat(ticket.find()).as(answer.body()).isTrue();
		String id = ticket.group(1);
		Map<String, String> check = Map.of("method", "flickr.photos.upload.checkTickets", "tickets", id + ",999",
				"format", "json", "nojsoncallback", "1");
		for (int poll = 0; poll < 2; poll++) {
			JsonNode tickets = json(client().rest(writer(), check)).path("uploader").path("ticket");
			assertThat(tickets.path(0).path("complete").asString()).isEqualTo("0");
			assertThat(tickets.path(1).path("invalid").asString()).isEqualTo("1");
		}
		JsonNode done = json(client().rest(writer(), check)).path("uploader").path("ticket").path(0);
		assertThat(done.path("complete").asString()).isEqualTo("1");
		assertThat(done.path("photoid").asString()).isEqualTo(this.emulator.received().get(0).remoteId());
	}

	@Test
	void completesATicketOnceItsProcessingTimeHasPassed() {
		Answer answer = client().upload(writer(), fields("async", "1"), FlickrFixtures.png(), "image/png");
		Matcher ticket = TICKET_ID.matcher(answer.body());
		assertThat(ticket.find()).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		Answer checked = client().unsigned(
				Map.of("method", "flickr.photos.upload.checkTickets", "tickets", ticket.group(1), "api_key", KEY));
		assertThat(checked.body()).contains("<uploader>")
			.containsPattern("<ticket id=\"" + ticket.group(1) + "\" complete=\"1\" photoid=\"\\d+\" />");
	}

	@Test
	void reportsATicketWhoseProcessingFailedAndPublishesNothing() {
		this.emulator.failProcessing(1);
		Answer answer = client().upload(writer(), fields("async", "1"), FlickrFixtures.png(), "image/png");
		Matcher ticket = TICKET_ID.matcher(answer.body());
		assertThat(ticket.find()).isTrue();
		JsonNode checked = json(client().rest(writer(), Map.of("method", "flickr.photos.upload.checkTickets", "tickets",
				ticket.group(1), "format", "json", "nojsoncallback", "1")));
		assertThat(checked.path("uploader").path("ticket").path(0).path("complete").asString()).isEqualTo("2");
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void answersARateLimitedUploadAsFlickrsFrontEndDoes() {
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		Answer answer = client().upload(writer(), fields(), FlickrFixtures.png(), "image/png");
		assertThat(answer.status()).isEqualTo(429);
		assertThat(answer.body()).contains("429 Too Many Requests");
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void answersAServerErrorAndAnExpiredTokenWithFlickrsCodes() {
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		assertXmlFails(client().upload(writer(), fields(), FlickrFixtures.png(), "image/png"), 105,
				"Service currently unavailable");
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		assertXmlFails(client().upload(writer(), fields(), FlickrFixtures.png(), "image/png"), 98,
				"Invalid auth token");
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void looksUpAPhotoAndAnswersCode1ForAnUnknownOne() {
		String id = upload(fields("title", "Seen", "description", "Text"));
		JsonNode photo = json(client().rest(writer(),
				Map.of("method", "flickr.photos.getInfo", "photo_id", id, "format", "json", "nojsoncallback", "1")))
			.path("photo");
		assertThat(photo.path("id").asString()).isEqualTo(id);
		assertThat(photo.path("owner").path("nsid").asString()).isEqualTo(NSID);
		assertThat(photo.path("title").path("_content").asString()).isEqualTo("Seen");
		assertThat(photo.path("urls").path("url").path(0).path("_content").asString())
			.isEqualTo(this.server.baseUrl(Platform.FLICKR) + "/photos/" + NSID + "/" + id + "/");
		assertFails(client().rest(writer(), Map.of("method", "flickr.photos.getInfo", "photo_id", "424242", "format",
				"json", "nojsoncallback", "1")), 1, "Photo \"424242\" not found (invalid ID)");
	}

	// ---------------------------------------------------------------------------------
	// Photosets

	@Test
	void createsListsAndFillsPhotosets() {
		String first = upload(fields("title", "One"));
		String second = upload(fields("title", "Two"));
		JsonNode created = json(client().restPost(writer(), Map.of("method", "flickr.photosets.create", "title",
				"Hubben", "primary_photo_id", first, "format", "json", "nojsoncallback", "1")));
		String set = created.path("photoset").path("id").asString();
		assertThat(created.path("photoset").path("url").asString()).endsWith("/photos/" + NSID + "/sets/" + set + "/");
		JsonNode added = json(client().restPost(writer(), Map.of("method", "flickr.photosets.addPhoto", "photoset_id",
				set, "photo_id", second, "format", "json", "nojsoncallback", "1")));
		assertThat(added.path("stat").asString()).isEqualTo("ok");
		assertFails(client().restPost(writer(), Map.of("method", "flickr.photosets.addPhoto", "photoset_id", set,
				"photo_id", second, "format", "json", "nojsoncallback", "1")), 3, "Photo already in set");
		JsonNode list = json(client().rest(writer(),
				Map.of("method", "flickr.photosets.getList", "user_id", NSID, "format", "json", "nojsoncallback", "1")))
			.path("photosets");
		assertThat(list.path("total").asInt()).isEqualTo(1);
		assertThat(list.path("photoset").path(0).path("title").path("_content").asString()).isEqualTo("Hubben");
		assertThat(list.path("photoset").path(0).path("photos").asInt()).isEqualTo(2);
		assertThat(this.emulator.photosets()).singleElement()
			.satisfies((view) -> assertThat(view.photoIds()).containsExactly(first, second));
	}

	@Test
	void refusesPhotosetChangesAsFlickrDocuments() {
		String photo = upload(fields());
		assertFails(client().restPost(writer(), Map.of("method", "flickr.photosets.create", "primary_photo_id", photo,
				"format", "json", "nojsoncallback", "1")), 1, "No title specified");
		assertFails(client().restPost(writer(), Map.of("method", "flickr.photosets.create", "title", "X",
				"primary_photo_id", "1", "format", "json", "nojsoncallback", "1")), 2, "Photo not found");
		assertFails(client().restPost(writer(), Map.of("method", "flickr.photosets.addPhoto", "photoset_id", "1",
				"photo_id", photo, "format", "json", "nojsoncallback", "1")), 1, "Photoset not found");
		FlickrEmulator.AccessToken read = this.emulator.issueAccessToken(NSID, "read");
		assertFails(
				client().restPost(new Credentials(KEY, SECRET, read.token(), read.secret()),
						Map.of("method", "flickr.photosets.create", "title", "X", "primary_photo_id", photo, "format",
								"json", "nojsoncallback", "1")),
				99, "Insufficient permissions. Method requires write privileges; read granted.");
		assertThat(this.emulator.photosets()).isEmpty();
	}

	@Test
	void pagesThePhotosetListWhenAPageIsAskedFor() {
		String photo = upload(fields());
		for (int i = 1; i <= 3; i++) {
			json(client().restPost(writer(), Map.of("method", "flickr.photosets.create", "title", "Album " + i,
					"primary_photo_id", photo, "format", "json", "nojsoncallback", "1")));
		}
		JsonNode page = json(client().rest(writer(), Map.of("method", "flickr.photosets.getList", "page", "2",
				"per_page", "2", "format", "json", "nojsoncallback", "1")))
			.path("photosets");
		assertThat(page.path("pages").asInt()).isEqualTo(2);
		assertThat(page.path("total").asInt()).isEqualTo(3);
		assertThat(page.path("photoset")).singleElement()
			.satisfies((set) -> assertThat(set.path("title").path("_content").asString()).isEqualTo("Album 3"));
	}

	@Test
	void servesAPageForEveryPhoto() {
		String id = upload(fields("title", "On the page"));
		String page = org.springframework.web.reactive.function.client.WebClient.create()
			.get()
			.uri(this.server.baseUrl(Platform.FLICKR) + "/photos/" + NSID + "/" + id + "/")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(5));
		assertThat(page).contains("On the page");
	}

	@Test
	void readsFlickrsTagSyntaxAndTheAuthorizationHeadersEncoding() {
		assertThat(FlickrEmulator.parseTags("hubben  \"spring meeting\" news \"\"")).containsExactly("hubben",
				"spring meeting", "news");
		assertThat(FlickrEmulator.percentDecode("a%2Bb+c%20d%zz%E2%98%83")).isEqualTo("a+b+c d%zz☃");
	}

	@Test
	void recognisesPhotosAndVideosByTheirBytes() {
		assertThat(FlickrEmulator.sniff(FlickrFixtures.png())).isEqualTo("photo");
		assertThat(FlickrEmulator.sniff(FlickrFixtures.jpeg())).isEqualTo("photo");
		assertThat(FlickrEmulator.sniff(new byte[] { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm' }))
			.isEqualTo("video");
		assertThat(FlickrEmulator.sniff("%PDF-1.7".getBytes())).isNull();
	}

	private static byte[] tooLargePng() {
		byte[] png = FlickrFixtures.png();
		byte[] large = java.util.Arrays.copyOf(png, 1500);
		return large;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A clock a test moves by hand. */
	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
