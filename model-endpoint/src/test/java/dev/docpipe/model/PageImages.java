package dev.docpipe.model;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Page images drawn in code, sized like pages rendered at 150 DPI. */
final class PageImages {

    static final int A4_WIDTH = 1240;
    static final int A4_HEIGHT = 1754;

    static final List<String> VOCABULARY = List.of("invoice", "total", "amount", "customer", "delivery",
            "payment", "account", "number", "order", "shipping", "address", "balance", "period", "service",
            "quantity", "price", "discount", "reference", "contract", "monthly", "statement", "summary");

    private PageImages() {}

    /** Large sans-serif lines on a white strip, like a heading. */
    static BufferedImage headline(String... lines) {
        return draw(A4_WIDTH, 120 + 70 * lines.length, new Font(Font.SANS_SERIF, Font.PLAIN, 48), 70,
                Arrays.asList(lines));
    }

    /** A full A4 page of 10 pt body text (about 21 px at 150 DPI), 50 lines of ordinary words. */
    static BufferedImage densePage() {
        Random random = new Random(42);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            StringBuilder line = new StringBuilder();
            while (line.length() < 80) {
                line.append(VOCABULARY.get(random.nextInt(VOCABULARY.size()))).append(' ');
            }
            lines.add(line.toString().strip());
        }
        return draw(A4_WIDTH, A4_HEIGHT, new Font(Font.SERIF, Font.PLAIN, 21), 32, lines);
    }

    static BufferedImage blank(int width, int height) {
        return draw(width, height, new Font(Font.SANS_SERIF, Font.PLAIN, 12), 0, List.of());
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("No ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    private static BufferedImage draw(int width, int height, Font font, int lineHeight, List<String> lines) {
        // RGB without alpha, so that the JPEG writer accepts the same image.
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(font);
            int baseline = 60 + font.getSize();
            for (String line : lines) {
                g.drawString(line, 80, baseline);
                baseline += lineHeight;
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
