package org.hubben.publishing;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hubben.connector.Platform;
import org.hubben.connector.emulator.Emulator;
import org.hubben.connector.emulator.EmulatorServer;
import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.emulator.ReceivedPost;
import org.hubben.connector.facebook.emulator.FacebookEmulator;
import org.hubben.connector.flickr.emulator.FlickrEmulator;
import org.hubben.connector.x.emulator.XEmulator;
import org.hubben.connector.youtube.emulator.YouTubeEmulator;

/**
 * The four platform emulators in the test JVM, outside every Hubben node, so that what
 * they received outlives a node that is killed. Their rate limits are lifted (as the
 * bench does): the fault tests measure Hubben's guarantees, not the platforms' limits.
 * They accept the tokens of the nodes' demo channels, which are signed with the default
 * emulator key.
 */
final class OutsideEmulators implements AutoCloseable {

	private static final String EMULATOR_KEY = "hubben-emulator";

	private final List<Emulator> emulators;

	private final EmulatorServer server;

	private OutsideEmulators(List<Emulator> emulators) {
		this.emulators = emulators;
		this.server = EmulatorServer.start(emulators.toArray(Emulator[]::new));
	}

	/** Finds any marker of the run in a text. */
	static Pattern markerPattern(String run) {
		return Pattern.compile("\\[" + Pattern.quote(run) + "-\\d{4}\\]");
	}

	static OutsideEmulators start() {
		EmulatorTokens tokens = new EmulatorTokens(EMULATOR_KEY, Clock.systemUTC());
		Clock clock = Clock.systemUTC();
		int unlimited = 100_000_000;
		return new OutsideEmulators(List.of(
				new XEmulator(tokens, clock,
						new XEmulator.Limits(unlimited, unlimited, unlimited, unlimited, unlimited, unlimited,
								unlimited, 100)),
				new FacebookEmulator(tokens, clock,
						new FacebookEmulator.Limits(unlimited, Duration.ofMinutes(10), Duration.ofDays(30))),
				new YouTubeEmulator(tokens, "buckets", 100_000_000_000L, unlimited, unlimited),
				new FlickrEmulator(tokens, EMULATOR_KEY, 1, Duration.ofSeconds(2))));
	}

	/**
	 * @return {@code hubben.platforms.base-urls.<platform>} for every platform, pointing
	 * the nodes' connectors here
	 */
	Map<String, String> baseUrlProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		for (Emulator emulator : this.emulators) {
			properties.put("hubben.platforms.base-urls." + emulator.platform().id(),
					this.server.baseUrl(emulator.platform()).toString());
		}
		return properties;
	}

	List<Emulator> all() {
		return this.emulators;
	}

	Emulator of(Platform platform) {
		return this.emulators.stream().filter((emulator) -> emulator.platform() == platform).findFirst().orElseThrow();
	}

	/** Delays every answer of every emulator, as a platform under load does. */
	void latency(Duration latency) {
		this.emulators.forEach((emulator) -> emulator.faults().latency(latency));
	}

	/**
	 * How often each marker arrived at one platform.
	 * @param marker finds the marker in a received post's text
	 * @return the count per marker found, sorted by marker
	 */
	Map<String, Integer> receivedPerMarker(Platform platform, Pattern marker) {
		Map<String, Integer> counts = new TreeMap<>();
		for (ReceivedPost post : of(platform).received()) {
			Matcher matcher = marker.matcher((post.text() != null) ? post.text() : "");
			if (matcher.find()) {
				counts.merge(matcher.group(), 1, Integer::sum);
			}
		}
		return counts;
	}

	/** As {@link #receivedPerMarker}, for every platform given. */
	Map<Platform, Map<String, Integer>> receivedPerMarker(List<Platform> platforms, Pattern marker) {
		Map<Platform, Map<String, Integer>> counts = new LinkedHashMap<>();
		platforms.forEach((platform) -> counts.put(platform, receivedPerMarker(platform, marker)));
		return counts;
	}

	/**
	 * Counts, per platform, how often each of {@code posts} markers arrived.
	 * @param pattern finds any marker of the run in a received text
	 * @param marker the marker of post {@code n}
	 */
	Tally tally(List<Platform> platforms, Pattern pattern, Function<Integer, String> marker, int posts) {
		Map<Platform, Map<String, Integer>> counts = receivedPerMarker(platforms, pattern);
		int duplicates = 0;
		int lost = 0;
		Map<String, Integer> received = new LinkedHashMap<>();
		for (Platform platform : platforms) {
			for (int n = 0; n < posts; n++) {
				int count = counts.get(platform).getOrDefault(marker.apply(n), 0);
				duplicates += Math.max(0, count - 1);
				lost += (count == 0) ? 1 : 0;
			}
			received.put(platform.id(), counts.get(platform).values().stream().mapToInt(Integer::intValue).sum());
		}
		return new Tally(received, duplicates, lost);
	}

	/**
	 * @param received how many posts of the run each platform received
	 * @param duplicates arrivals beyond the first of a post at a platform
	 * @param lost posts that never arrived at a platform they were scheduled for
	 */
	record Tally(Map<String, Integer> received, int duplicates, int lost) {

	}

	/** The marker of post {@code n} of a run: {@code [<run>-0042]}. */
	static Function<Integer, String> markers(String run) {
		return (n) -> String.format("[%s-%04d]", run, n);
	}

	@Override
	public void close() {
		this.server.close();
	}

}
