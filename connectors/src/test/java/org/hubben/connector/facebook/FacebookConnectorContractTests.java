package org.hubben.connector.facebook;

import org.hubben.connector.facebook.emulator.FacebookEmulator;
import java.time.Clock;
import java.time.Duration;

import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConversationsContract;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.OutcomeUnknown;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.Fault;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class FacebookConnectorContractTests extends ConversationsContract {

	private static final String PAGE_ID = "1000001";

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.FACEBOOK, PAGE_ID, null);

	@Override
	protected Emulator createEmulator() {
		return new FacebookEmulator(this.tokens);
	}

	@Override
	protected Connector createConnector(EmulatorServer server) {
		return new FacebookConnector(WebClient.builder(), server.endpoints(Platform.FACEBOOK, TIMEOUT),
				server.properties(Platform.FACEBOOK, TIMEOUT));
	}

	@Override
	protected ChannelAccess validChannel() {
		return ChannelAccess.bearer(PAGE_ID, this.token);
	}

	@Override
	protected ChannelAccess channelWithForgedToken() {
		char last = this.token.charAt(this.token.length() - 1);
		return ChannelAccess.bearer(PAGE_ID,
				this.token.substring(0, this.token.length() - 1) + ((last == 'A') ? 'B' : 'A'));
	}

	@Test
	void dropsTheConnectionAfterAcceptanceInsteadOfLettingTheRequestTimeOut() {
		this.emulator.faults().inject(Fault.ACCEPT_THEN_DROP, 1);
		long started = System.nanoTime();
		StepVerifier.create(this.connector.publish(request("Dropped " + started)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(OutcomeUnknown.class)
				.hasMessageContaining("closed the connection")
				.hasRootCauseInstanceOf(PrematureCloseException.class))
			.verify(TIMEOUT.multipliedBy(3));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
		assertThat(this.emulator.received()).singleElement()
			.satisfies((post) -> assertThat(post.text()).isEqualTo("Dropped " + started));
	}

}
