package org.hubben.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link Connector} keeps with its platform, run against the
 * platform's emulator over real HTTP. A platform's
 * {@code <Platform>ConnectorContractTests} extends this and says how to build its
 * emulator, its connector and a channel the emulator accepts.
 */
public abstract class ConnectorContract {

	/**
	 * How long connectors wait in these tests before an unanswered request counts as
	 * unknown.
	 */
	protected static final Duration TIMEOUT = Duration.ofSeconds(2);

	protected Emulator emulator;

	protected EmulatorServer server;

	protected Connector connector;

	/** Where {@link #mediaFile} writes the files a test attaches. */
	@TempDir
	protected Path mediaDirectory;

	protected abstract Emulator createEmulator();

	protected abstract Connector createConnector(EmulatorServer server);

	/** A channel whose credentials the emulator accepts. */
	protected abstract ChannelAccess validChannel();

	/** A channel whose token the emulator has never issued. */
	protected abstract ChannelAccess channelWithForgedToken();

	/**
	 * The media a post must carry for this platform to take it; empty (the default) for
	 * platforms that take text alone. YouTube attaches a video, Flickr a photo; build
	 * them with {@link #mediaFile}.
	 */
	protected List<PublishMedia> requiredMedia() {
		return List.of();
	}

	/**
	 * Whether the platform refuses a second post with the same text, as X and Facebook
	 * do; YouTube and Flickr take it.
	 */
	protected boolean refusesDuplicateText() {
		return true;
	}

	/**
	 * Writes bytes to a file in {@link #mediaDirectory} and describes it as a connector
	 * receives it.
	 */
	protected PublishMedia mediaFile(MediaKind kind, String contentType, String filename, byte[] bytes) {
		try {
			Path file = Files.write(this.mediaDirectory.resolve(UUID.randomUUID() + "-" + filename), bytes);
			return new PublishMedia(UUID.randomUUID(), kind, contentType, bytes.length, filename, file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected static String sha256(Path file) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@BeforeEach
	void startEmulator() {
		this.emulator = createEmulator();
		this.server = EmulatorServer.start(this.emulator);
		this.connector = createConnector(this.server);
	}

	@AfterEach
	void stopEmulator() {
		this.server.close();
	}

	/**
	 * A request as the content module composes it: for
	 * {@link Capabilities.LinkPlacement#IN_TEXT} platforms the link is already in the
	 * text.
	 */
	protected PublishRequest request(String text) {
		return request(text, validChannel());
	}

	protected PublishRequest request(String text, ChannelAccess channel) {
		java.net.URI link = java.net.URI
			.create("https://home.example.org/p/news?utm_source=" + this.connector.platform().id());
		String composed = (this.connector.capabilities().linkPlacement() == Capabilities.LinkPlacement.IN_TEXT)
				? text + "\n\n" + link : text;
		String title = (this.connector.capabilities().titleLimit() > 0) ? "A title" : null;
		return new PublishRequest(UUID.randomUUID(), channel, composed, title, link, requiredMedia(),
				List.of("hubben"));
	}

	private String uniqueText() {
		return "Contract test " + UUID.randomUUID();
	}

	@Test
	void publishesAndTheEmulatorReceivesThePostExactlyOnce() {
		String text = uniqueText();
		PublishRequest request = request(text);
		StepVerifier.create(this.connector.publish(request)).assertNext((receipt) -> {
			assertThat(receipt.remoteId()).isNotBlank();
			assertThat(receipt.remoteUrl()).isNotNull();
		}).verifyComplete();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.text()).contains(text);
			assertThat(post.link()).contains("utm_source=" + this.connector.platform().id());
			assertThat(post.media()).extracting((media) -> media.sha256())
				.containsExactlyElementsOf(request.media().stream().map((media) -> sha256(media.file())).toList());
		});
	}

	@Test
	void looksUpAPublishedPostByItsRemoteId() {
		PublishReceipt receipt = this.connector.publish(request(uniqueText())).block(TIMEOUT);
		StepVerifier.create(this.connector.lookup(validChannel(), receipt.remoteId()))
			.assertNext((found) -> assertThat(found.remoteId()).isEqualTo(receipt.remoteId()))
			.verifyComplete();
	}

	@Test
	void looksUpAnUnknownPostAsEmpty() {
		StepVerifier.create(this.connector.lookup(validChannel(), "424242424242")).verifyComplete();
	}

	@Test
	void refusesTheSameTextTwiceAsAPermanentRefusal() {
		assumeTrue(refusesDuplicateText(), this.connector.platform().displayName() + " takes the same text twice");
		String text = uniqueText();
		this.connector.publish(request(text)).block(TIMEOUT);
		StepVerifier.create(this.connector.publish(request(text)))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(PublishRefused.class).hasMessageContaining("duplicate"))
			.verify();
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void reportsAForgedTokenAsLostAuthorisation() {
		StepVerifier.create(this.connector.publish(request(uniqueText(), channelWithForgedToken())))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("reconnect"))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsAnExpiredTokenAsLostAuthorisation() {
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		StepVerifier.create(this.connector.publish(request(uniqueText())))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("reconnect"))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsARateLimitWithTheTimeThePlatformNamed() {
		this.emulator.faults().inject(Fault.RATE_LIMIT, 1);
		StepVerifier.create(this.connector.publish(request(uniqueText())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimited.class,
					(limited) -> assertThat(limited.retryAt()).isAfter(Instant.now())))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsAServerErrorThatCreatedNothingAsAConnectorFailure() {
		this.emulator.faults().inject(Fault.SERVER_ERROR, 1);
		StepVerifier.create(this.connector.publish(request(uniqueText())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ConnectorException.class))
			.verify();
		assertThat(this.emulator.received()).isEmpty();
	}

	@Test
	void reportsADroppedConnectionAfterAcceptanceAsUnknown() {
		this.emulator.faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		StepVerifier.create(this.connector.publish(request(uniqueText())))
			.expectError(OutcomeUnknown.class)
			.verify(TIMEOUT.multipliedBy(3));
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void reportsAnUnansweredRequestAsUnknown() {
		this.emulator.faults().inject(Fault.TIMEOUT, 1);
		StepVerifier.create(this.connector.publish(request(uniqueText())))
			.expectError(OutcomeUnknown.class)
			.verify(TIMEOUT.multipliedBy(3));
	}

	@Test
	void keepsTheTokenOutOfErrorMessages() {
		this.emulator.faults().inject(Fault.EXPIRED_TOKEN, 1);
		StepVerifier.create(this.connector.publish(request(uniqueText())))
			.expectErrorSatisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(validChannel().accessToken()))
			.verify();
	}

	/**
	 * Publishes with a fault that keeps the platform's answer from arriving.
	 * @return the error the connector reported
	 */
	private Throwable publishFailing(PublishRequest request, Fault fault) {
		this.emulator.faults().inject(fault, 1);
		Throwable[] error = new Throwable[1];
		StepVerifier.create(this.connector.publish(request))
			.expectErrorSatisfies((ex) -> error[0] = ex)
			.verify(TIMEOUT.multipliedBy(3));
		return error[0];
	}

	@Test
	void findsThePostWhoseAnswerWasLostByWhatTheRequestCarried() {
		Instant sentBefore = Instant.now();
		PublishRequest request = request(uniqueText());
		assertThat(publishFailing(request, Fault.ACCEPT_THEN_DROP)).isInstanceOf(OutcomeUnknown.class);
		String recorded = this.emulator.received().get(0).remoteId();
		StepVerifier.create(this.connector.find(request, sentBefore)).assertNext((found) -> {
			assertThat(found.remoteId()).isEqualTo(recorded);
			assertThat(found.remoteUrl()).isNotNull();
		}).verifyComplete();
		assertThat(this.emulator.received()).hasSize(1);
	}

	@Test
	void findsNothingAfterAnUnansweredRequestThatCreatedNoPost() {
		Instant sentBefore = Instant.now();
		PublishRequest request = request(uniqueText());
		assertThat(publishFailing(request, Fault.TIMEOUT)).isInstanceOf(OutcomeUnknown.class);
		assertThat(this.emulator.received()).isEmpty();
		StepVerifier.create(this.connector.find(request, sentBefore)).expectComplete().verify(TIMEOUT.multipliedBy(3));
	}

	@Test
	void findsNothingAfterAServerErrorThatCreatedNoPost() {
		Instant sentBefore = Instant.now();
		PublishRequest request = request(uniqueText());
		assertThat(publishFailing(request, Fault.SERVER_ERROR)).isInstanceOf(ConnectorException.class);
		assertThat(this.emulator.received()).isEmpty();
		StepVerifier.create(this.connector.find(request, sentBefore)).expectComplete().verify(TIMEOUT.multipliedBy(3));
	}

	@Test
	void findsNothingPublishedBeforeSince() throws InterruptedException {
		PublishRequest request = request(uniqueText());
		this.connector.publish(request).block(TIMEOUT.multipliedBy(3));
		// Platforms keep times in whole seconds: since must be in a later second.
		Instant since = this.emulator.received().get(0).receivedAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		while (Instant.now().isBefore(since)) {
			Thread.sleep(20);
		}
		StepVerifier.create(this.connector.find(request, since)).expectComplete().verify(TIMEOUT.multipliedBy(3));
	}

	@Test
	void findsNothingWithAnotherText() {
		Instant sentBefore = Instant.now();
		this.connector.publish(request(uniqueText())).block(TIMEOUT.multipliedBy(3));
		StepVerifier.create(this.connector.find(request(uniqueText()), sentBefore))
			.expectComplete()
			.verify(TIMEOUT.multipliedBy(3));
	}

	@Test
	void reportsAFindWithARefusedTokenAsLostAuthorisation() {
		StepVerifier.create(this.connector.find(request(uniqueText(), channelWithForgedToken()), Instant.now()))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(AuthorisationFailed.class).hasMessageContaining("reconnect"))
			.verify(TIMEOUT.multipliedBy(3));
	}

}
