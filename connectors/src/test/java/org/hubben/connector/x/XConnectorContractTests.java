package org.hubben.connector.x;

import org.hubben.connector.x.emulator.XEmulator;
import java.time.Clock;

import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConversationsContract;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorTokens;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The connector and conversations contracts, run for {@link XConnector} against
 * {@link XEmulator} over real HTTP.
 */
class XConnectorContractTests extends ConversationsContract {

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.X, "1234", null);

	@Override
	protected Emulator createEmulator() {
		return new XEmulator(this.tokens);
	}

	@Override
	protected Connector createConnector(EmulatorServer server) {
		return new XConnector(WebClient.builder(), server.endpoints(Platform.X, TIMEOUT),
				server.properties(Platform.X, TIMEOUT));
	}

	@Override
	protected ChannelAccess validChannel() {
		return ChannelAccess.bearer("1234", this.token);
	}

	@Override
	protected ChannelAccess channelWithForgedToken() {
		char last = this.token.charAt(this.token.length() - 1);
		return ChannelAccess.bearer("1234",
				this.token.substring(0, this.token.length() - 1) + ((last == 'A') ? 'B' : 'A'));
	}

}
