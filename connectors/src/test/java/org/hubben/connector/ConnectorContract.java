package org.hubben.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

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

	protected abstract Emulator createEmulator();

	protected abstract Connector createConnector(EmulatorServer server);

	/** A channel whose credentials the emulator accepts. */
	protected abstract ChannelAccess validChannel();

	/** A channel whose token the emulator has never issued. */
	protected abstract ChannelAccess channelWithForgedToken();

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
		java.net.URI link = java.net.URI
			.create("https://home.example.org/p/news?utm_source=" + this.connector.platform().id());
		String composed = (this.connector.capabilities().linkPlacement() == Capabilities.LinkPlacement.IN_TEXT)
				? text + "\n\n" + link : text;
		return new PublishRequest(UUID.randomUUID(), validChannel(), composed, "A title", link);
	}

	private String uniqueText() {
		return "Contract test " + UUID.randomUUID();
	}

	@Test
	void publishesAndTheEmulatorReceivesThePostExactlyOnce() {
		String text = uniqueText();
		StepVerifier.create(this.connector.publish(request(text))).assertNext((receipt) -> {
			assertThat(receipt.remoteId()).isNotBlank();
			assertThat(receipt.remoteUrl()).isNotNull();
		}).verifyComplete();
		assertThat(this.emulator.received()).singleElement().satisfies((post) -> {
			assertThat(post.text()).contains(text);
			assertThat(post.link()).contains("utm_source=" + this.connector.platform().id());
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
		PublishRequest request = new PublishRequest(UUID.randomUUID(), channelWithForgedToken(), uniqueText(), null,
				java.net.URI.create("https://home.example.org/"));
		StepVerifier.create(this.connector.publish(request))
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

}
