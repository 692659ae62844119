package org.hubben.web.site;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The image of a post that has none of its own: a 1200×630 PNG card (the size Facebook
 * and X show best) with the title and the organisation's name, so that every shared link
 * has a preview and every share kit an image to download. Drawn on the server with its
 * own fonts; nothing is fetched from anywhere.
 */
final class ShareCard {

	static final int WIDTH = 1200;

	static final int HEIGHT = 630;

	private static final Color BACKGROUND = new Color(0x0b5cad);

	private static final Color BAND = new Color(0x1b1f24);

	private static final int MARGIN = 72;

	private static final int MAX_TITLE_LINES = 5;

	private ShareCard() {
	}

	/**
	 * @param title the post's title
	 * @param organisation the organisation's name
	 * @param address the address shown at the bottom, e.g. the host name
	 * @return the PNG bytes
	 */
	static byte[] png(String title, String organisation, String address) {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			graphics.setColor(BACKGROUND);
			graphics.fillRect(0, 0, WIDTH, HEIGHT);
			graphics.setColor(BAND);
			graphics.fillRect(0, HEIGHT - 120, WIDTH, 120);
			graphics.setColor(Color.WHITE);
			drawTitle(graphics, title);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 34));
			graphics.drawString(fit(graphics.getFontMetrics(), organisation, WIDTH - 2 * MARGIN), MARGIN, HEIGHT - 70);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 26));
			graphics.drawString(fit(graphics.getFontMetrics(), address, WIDTH - 2 * MARGIN), MARGIN, HEIGHT - 30);
		}
		finally {
			graphics.dispose();
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
		try {
			ImageIO.write(image, "png", bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not encode the share card", ex);
		}
		return bytes.toByteArray();
	}

	private static void drawTitle(Graphics2D graphics, String title) {
		for (int size = 72; size >= 40; size -= 8) {
			graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
			List<String> lines = wrap(graphics.getFontMetrics(), title, WIDTH - 2 * MARGIN);
			int lineHeight = graphics.getFontMetrics().getHeight();
			if (lines.size() * lineHeight <= HEIGHT - 120 - 2 * MARGIN || size == 40) {
				int y = MARGIN + graphics.getFontMetrics().getAscent();
				for (String line : lines.subList(0, Math.min(lines.size(), MAX_TITLE_LINES))) {
					graphics.drawString(line, MARGIN, y);
					y += lineHeight;
				}
				return;
			}
		}
	}

	private static List<String> wrap(FontMetrics metrics, String text, int width) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : text.strip().split("\\s+")) {
			String candidate = line.isEmpty() ? word : line + " " + word;
			if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
				line.setLength(0);
				line.append(fit(metrics, candidate, width));
			}
			else {
				lines.add(line.toString());
				line.setLength(0);
				line.append(fit(metrics, word, width));
			}
		}
		if (!line.isEmpty()) {
			lines.add(line.toString());
		}
		if (lines.size() > MAX_TITLE_LINES) {
			List<String> kept = new ArrayList<>(lines.subList(0, MAX_TITLE_LINES));
			kept.set(MAX_TITLE_LINES - 1, fit(metrics, kept.get(MAX_TITLE_LINES - 1) + " …", width));
			return kept;
		}
		return lines;
	}

	private static String fit(FontMetrics metrics, String text, int width) {
		if (metrics.stringWidth(text) <= width) {
			return text;
		}
		String shorter = text;
		while (!shorter.isEmpty() && metrics.stringWidth(shorter + "…") > width) {
			shorter = shorter.substring(0, shorter.length() - 1);
		}
		return shorter + "…";
	}

}
