package dev.docpipe.benchmarks;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A page as the converter sends it to the model: a Letter page at 150 dpi, grey, full of text,
 * as PNG. Its size (some tens of kilobytes) is what both sides of the benchmark send per call.
 */
final class PageImage {

    private static final String[] WORDS = ("invoice total amount due payment account customer order delivery date "
            + "reference number period service tax balance statement address contract terms page item quantity price")
            .split(" ");

    private PageImage() {}

    static byte[] png() {
        BufferedImage image = new BufferedImage(1275, 1650, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
            Random random = new Random(42);
            for (int line = 0; line < 50; line++) {
                StringBuilder text = new StringBuilder();
                while (text.length() < 90) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                }
                g.drawString(text.toString(), 110, 150 + line * 27);
            }
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
