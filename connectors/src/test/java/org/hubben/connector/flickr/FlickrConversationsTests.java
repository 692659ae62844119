package org.hubben.connector.flickr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ChannelAccess;
import org.hubben.connector.MediaKind;
import org.hubben.connector.Moderation;
import org.hubben.connector.Platform;
import org.hubben.connector.PlatformUnavailable;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.PublishRefused;
import org.hubben.connector.PublishRequest;
import org.hubben.connector.RateLimited;
import org.hubben.connector.RemoteComment;
import org.hubben.connector.emulator.EmulatedComment;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.emulator.Fault;
import org.hubben.connector.emulator.PersonComment;
import org.hubben.connector.flickr.emulator.FlickrEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FlickrConnector}'s conversations against {@link FlickrEmulator} over real HTTP:
 * how Flickr's codes and HTTP answers map to
 * {@link org.hubben.connector.ConnectorException}s, and deletion as moderation.
 */
class FlickrConversationsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final String NSID = FlickrEmulator.DEFAULT_USER.nsid();

	private final FlickrEmulator emulator = new FlickrEmulator(FlickrFixtures.tokens(), FlickrFixtures.KEY,
			Clock.systemUTC(), FlickrEmulator.Settings.DEFAULT.withTickets(0, Duration.ZERO));

	private EmulatorServer server;

	private FlickrConnector connector;

	private ChannelAccess channel;

	@TempDir
	Path files;

	@BeforeEach
	void start() {
		this.server = EmulatorServer.start(this.emulator);
		this.connector = new FlickrConnector(WebClient.builder(), this.server.endpoints(Platform.FLICKR, TIMEOUT),
				this.server.properties(Platform.FLICKR, TIMEOUT), "Hubben", Clock.systemUTC(),
				FlickrFixtures.QUICK_POLLING, Duration.ZERO);
		this.channel = channel(NSID, "write");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private ChannelAccess channel(String nsid, String perms) {
		FlickrEmulator.AccessToken access = this.emulator.issueAccessToken(nsid, perms);
		return new ChannelAccess(nsid, access.token(), access.secret());
	}

	private String publish() throws Exception {
		Path photo = Files.write(this.files.resolve(UUID.randomUUID() + ".png"), FlickrFixtures.png());
		PublishMedia media = new PublishMedia(UUID.randomUUID(), MediaKind.IMAGE, "image/png",
				FlickrFixtures.png().length, "photo.png", photo);
		return this.connector
			.publish(new PublishRequest(UUID.randomUUID(), this.channel, "Foto " + UUID.randomUUID(), "Titel",
					java.net.URI.create("https://home.example.org/p/news"), List.of(media), List.of()))
			.block(TIMEOUT)
			.remoteId();
	}

	private EmulatedComment comment(String photoId, String name, String text) {
		return this.emulator
			.comment(new PersonComment(photoId, null, "99" + Math.abs(name.hashCode()) + "@N01", name, text));
	}

	@Test
	void deletesRatherThanHides() {
		assertThat(this.connector.moderation()).isEqualTo(Moderation.DELETE);
	}

	@Test
	void readsTheCommentsTextAsPlainText() throws Exception {
		String photoId = publish();
		comment(photoId, "Anna Andersson", "Fin bild &amp; <b>bra</b> ljus");
		StepVerifier.create(this.connector.comments(this.channel, photoId, null))
			.assertNext((comment) -> assertThat(comment.text()).isEqualTo("Fin bild & bra ljus"))
			.verifyComplete();
	}

	@Test
	void reportsARateLimitOnReadingAsRateLimitedForTheWholeKey() throws Exception {
		String photoId = publish();
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(this.connector.comments(this.channel, photoId, null))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.retryAt()).isAfter(Instant.now());
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.APP);
			}))
			.verify(TIMEOUT);
	}

	@Test
	void reportsAnExpiredTokenOnReplyingAsLostAuthorisation() throws Exception {
		String photoId = publish();
		comment(photoId, "Anna Andersson", "Hej");
		RemoteComment comment = this.connector.comments(this.channel, photoId, null).blockFirst(TIMEOUT);
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		StepVerifier.create(this.connector.reply(this.channel, comment, "Hej själv"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("reconnect"))
			.verify(TIMEOUT);
		assertThat(this.emulator.comments()).noneMatch(EmulatedComment::byChannel);
	}

	@Test
	void reportsAServiceOutageOnReadingAsRetryable() throws Exception {
		String photoId = publish();
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		StepVerifier.create(this.connector.comments(this.channel, photoId, null))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PlatformUnavailable.class))
			.verify(TIMEOUT);
	}

	@Test
	void reportsTheCommentsOfAPhotoFlickrNoLongerHasAsRefused() {
		StepVerifier.create(this.connector.comments(this.channel, "424242", null))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("424242"))
			.verify(TIMEOUT);
	}

	@Test
	void waitsWhenFlickrSaysTheChannelIsCommentingTooFast() throws Exception {
		String photoId = publish();
		comment(photoId, "Anna Andersson", "Hej");
		RemoteComment comment = this.connector.comments(this.channel, photoId, null).blockFirst(TIMEOUT);
		for (int i = 0; i < 10; i++) {
			this.connector.reply(this.channel, comment, "Svar " + i).block(TIMEOUT);
		}
		StepVerifier.create(this.connector.reply(this.channel, comment, "Ett svar för mycket"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class, (limited) -> {
				assertThat(limited.scope()).isEqualTo(RateLimited.Scope.CHANNEL);
				assertThat(limited.retryAt()).isAfter(Instant.now());
			}))
			.verify(TIMEOUT);
		assertThat(this.emulator.comments()).filteredOn(EmulatedComment::byChannel).hasSize(10);
	}

	@Test
	void refusesToDeleteACommentTheChannelMayNotDeleteInsteadOfCallingItDone() throws Exception {
		String photoId = publish();
		EmulatedComment written = comment(photoId, "Anna Andersson", "Hej");
		RemoteComment comment = this.connector.comments(this.channel, photoId, null).blockFirst(TIMEOUT);
		// Another member may read the photo but not delete its owner's visitors'
		// comments:
		// Flickr says "comment not found", which must not pass for a deletion.
		ChannelAccess stranger = channel("55555555@N02", "write");
		StepVerifier.create(this.connector.moderate(stranger, comment))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("owner"))
			.verify(TIMEOUT);
		assertThat(this.emulator.comments()).filteredOn((held) -> held.id().equals(written.id()))
			.singleElement()
			.satisfies((held) -> assertThat(held.deleted()).isFalse());
	}

	@Test
	void refusesToDeleteWithReadPermissionAsLostAuthorisation() throws Exception {
		String photoId = publish();
		comment(photoId, "Anna Andersson", "Hej");
		RemoteComment comment = this.connector.comments(this.channel, photoId, null).blockFirst(TIMEOUT);
		StepVerifier.create(this.connector.moderate(channel(NSID, "read"), comment))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("reconnect"))
			.verify(TIMEOUT);
	}

}
