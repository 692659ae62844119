package org.hubben.connector.youtube;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.hubben.connector.ChannelAccess;
import org.hubben.connector.Connector;
import org.hubben.connector.ConversationsContract;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.MediaKind;
import org.hubben.connector.Platform;
import org.hubben.connector.PublishMedia;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.youtube.emulator.YouTubeEmulator;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The connector contract, run for {@link YouTubeConnector} against
 * {@link YouTubeEmulator} over real HTTP, each post carrying a small MP4.
 */
class YouTubeConnectorContractTests extends ConversationsContract {

	private static final String CHANNEL = "UCcontract000000000000001";

	private final EmulatorTokens tokens = new EmulatorTokens("test-key", Clock.systemUTC());

	private final String token = this.tokens.issue(Platform.YOUTUBE, CHANNEL, null);

	@Override
	protected Emulator createEmulator() {
		return new YouTubeEmulator(this.tokens);
	}

	@Override
	protected Connector createConnector(EmulatorServer server) {
		return new YouTubeConnector(WebClient.builder(), server.endpoints(Platform.YOUTUBE, TIMEOUT),
				server.properties(Platform.YOUTUBE, TIMEOUT),
				new YouTubeConnector.Resumption(YouTubeConnector.CHUNK_GRANULARITY, 3, Duration.ofMillis(10)),
				Clock.systemUTC());
	}

	@Override
	protected ChannelAccess validChannel() {
		return ChannelAccess.bearer(CHANNEL, this.token);
	}

	@Override
	protected ChannelAccess channelWithForgedToken() {
		char last = this.token.charAt(this.token.length() - 1);
		return ChannelAccess.bearer(CHANNEL,
				this.token.substring(0, this.token.length() - 1) + ((last == 'A') ? 'B' : 'A'));
	}

	@Override
	protected List<PublishMedia> requiredMedia() {
		return List.of(mediaFile(MediaKind.VIDEO, "video/mp4", "clip.mp4", SampleVideos.mp4(40_000)));
	}

	@Override
	protected boolean refusesDuplicateText() {
		return false;
	}

}
