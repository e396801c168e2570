package dev.docpipe.dispatcher.annotate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws labelled boxes on a copy of a page image: each box's outline, and its label on a filled
 * tab just above the box (inside it when the box touches the top edge), so the page under the
 * box stays readable. Line width and font scale with the image, so boxes read the same at any DPI.
 */
final class PageAnnotator {

    static final Color BOX = new Color(220, 20, 60);
    private static final Color LABEL_TEXT = Color.WHITE;

    private PageAnnotator() {}

    static BufferedImage draw(BufferedImage page, List<Box> boxes) {
        BufferedImage copy = new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        try {
            g.drawImage(page, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int scale = Math.max(1, Math.max(page.getWidth(), page.getHeight()) / 1000);
            float stroke = 2f * scale;
            g.setStroke(new BasicStroke(stroke));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11 * scale));
            FontMetrics metrics = g.getFontMetrics();
            for (Box box : boxes) {
                g.setColor(BOX);
                g.drawRect(box.left(), box.top(), box.width(), box.height());
                if (!box.label().isBlank()) {
                    int tabWidth = metrics.stringWidth(box.label()) + 4 * scale;
                    int tabHeight = metrics.getHeight();
                    int tabTop = box.top() - tabHeight >= 0 ? box.top() - tabHeight : box.top();
                    g.fillRect(box.left(), tabTop, tabWidth, tabHeight);
                    g.setColor(LABEL_TEXT);
                    g.drawString(box.label(), box.left() + 2 * scale, tabTop + metrics.getAscent());
                }
            }
        } finally {
            g.dispose();
        }
        return copy;
    }
}
