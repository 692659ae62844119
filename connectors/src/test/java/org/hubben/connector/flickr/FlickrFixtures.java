package org.hubben.connector.flickr;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.hubben.connector.emulator.EmulatorTokens;
import org.hubben.connector.flickr.emulator.FlickrEmulator;

/** What the Flickr tests share: a real image, the emulator's key and quick polling. */
public final class FlickrFixtures {

	/** Signs emulator tokens and derives their secrets. */
	public static final String KEY = "test-key";

	/** Polls every few milliseconds, so tests never wait long for a ticket. */
	public static final FlickrConnector.TicketPolling QUICK_POLLING = new FlickrConnector.TicketPolling(
			Duration.ofMillis(1), Duration.ofMillis(20), 20);

	private FlickrFixtures() {
	}

	public static EmulatorTokens tokens() {
		return new EmulatorTokens(KEY, Clock.systemUTC());
	}

	/** An emulator whose tickets complete on the second poll. */
	public static FlickrEmulator emulator(EmulatorTokens tokens) {
		return new FlickrEmulator(tokens, KEY, Clock.systemUTC(),
				FlickrEmulator.Settings.DEFAULT.withTickets(1, Duration.ofMinutes(5)));
	}

	/** A small PNG, drawn here so that its bytes are a real image. */
	public static byte[] png() {
		return image("png");
	}

	/** A small JPEG, drawn here so that its bytes are a real image. */
	public static byte[] jpeg() {
		return image("jpg");
	}

	private static byte[] image(String format) {
		BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, Color.BLUE.getRGB());
		image.setRGB(3, 2, Color.YELLOW.getRGB());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, format, out)) {
				throw new IllegalStateException("No ImageIO writer for " + format);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
