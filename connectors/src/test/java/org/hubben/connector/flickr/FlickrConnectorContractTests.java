package org.hubben.connector.flickr;

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
import org.hubben.connector.flickr.emulator.FlickrEmulator;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The connector and conversations contracts, run for {@link FlickrConnector} against
 * {@link FlickrEmulator} over real HTTP, with a real PNG as the photo every Flickr post
 * needs.
 */
class FlickrConnectorContractTests extends ConversationsContract {

	private static final String NSID = FlickrEmulator.DEFAULT_USER.nsid();

	private final EmulatorTokens tokens = FlickrFixtures.tokens();

	/** Processing ends at once, so that a photo is searchable as soon as it is taken. */
	private final FlickrEmulator flickr = new FlickrEmulator(this.tokens, FlickrFixtures.KEY, Clock.systemUTC(),
			FlickrEmulator.Settings.DEFAULT.withTickets(0, Duration.ZERO));

	private final FlickrEmulator.AccessToken access = this.flickr.issueAccessToken(NSID, "write");

	@Override
	protected Emulator createEmulator() {
		return this.flickr;
	}

	@Override
	protected Connector createConnector(EmulatorServer server) {
		return new FlickrConnector(WebClient.builder(), server.endpoints(Platform.FLICKR, TIMEOUT),
				server.properties(Platform.FLICKR, TIMEOUT), "Hubben", Clock.systemUTC(), FlickrFixtures.QUICK_POLLING,
				Duration.ZERO);
	}

	@Override
	protected ChannelAccess validChannel() {
		return new ChannelAccess(NSID, this.access.token(), this.access.secret());
	}

	@Override
	protected ChannelAccess channelWithForgedToken() {
		String token = this.access.token();
		char last = token.charAt(token.length() - 1);
		return new ChannelAccess(NSID, token.substring(0, token.length() - 1) + ((last == 'A') ? 'B' : 'A'),
				this.access.secret());
	}

	@Override
	protected List<PublishMedia> requiredMedia() {
		return List.of(mediaFile(MediaKind.IMAGE, "image/png", "hubben.png", FlickrFixtures.png()));
	}

	@Override
	protected boolean refusesDuplicateText() {
		return false;
	}

	/** Flickr's comments are flat. */
	@Override
	protected boolean threadsReplies() {
		return false;
	}

}
