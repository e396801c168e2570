package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.core.document.QualityGate.PageQuality;
import dev.docpipe.core.document.QualityGate.Verdict;
import dev.docpipe.testing.TestDocuments;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Blank and unreadable pages are told from clean ones, sparse or dense, by cheap measures. */
class QualityGateTest {

    private final QualityGate gate = new QualityGate(QualityThresholds.defaults());

    @Test
    void passesACleanPageOfText() {
        PageQuality quality = gate.judge(TestDocuments.textPage(1275, 1650, 0));

        assertThat(quality.verdict()).as(quality.describe()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void measuresAnRgbPageTheSameWhateverItsPixelLayout() {
        BufferedImage rgb = new BufferedImage(1275, 1650, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(TestDocuments.textPage(1275, 1650, 0), 0, 0, null);
        g.setColor(new Color(200, 40, 60));
        g.fillRect(300, 300, 400, 200);
        g.dispose();
        BufferedImage bgr = new BufferedImage(1275, 1650, BufferedImage.TYPE_3BYTE_BGR);
        bgr.createGraphics().drawImage(rgb, 0, 0, null);

        // TYPE_INT_RGB is read from its own array, TYPE_3BYTE_BGR through getRGB: the same pixels.
        assertThat(gate.judge(rgb)).isEqualTo(gate.judge(bgr));
    }

    @Test
    void passesAPageWithASingleLineOfTextAsClean() {
        // Sharpness is measured where there is content, so little text is not mistaken for blur.
        BufferedImage page = blankPage(1275, 1650, 255, 0);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(36f));
        g.drawString("Invoice 2026-0042", 100, 200);
        g.dispose();

        PageQuality quality = gate.judge(page);

        assertThat(quality.verdict()).as(quality.describe()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void flagsAWhitePageAsBlank() {
        assertThat(gate.judge(blankPage(1275, 1650, 255, 0)).verdict()).isEqualTo(Verdict.BLANK);
    }

    @Test
    void flagsAGreyScanWithSensorNoiseAsBlank() {
        PageQuality quality = gate.judge(blankPage(1275, 1650, 200, 6));

        assertThat(quality.verdict()).as(quality.describe()).isEqualTo(Verdict.BLANK);
    }

    @Test
    void flagsAPageWithASpeckOfDustAsBlank() {
        BufferedImage page = blankPage(1275, 1650, 255, 0);
        page.getRaster().setSample(600, 800, 0, 0);

        assertThat(gate.judge(page).verdict()).isEqualTo(Verdict.BLANK);
    }

    @Test
    void flagsAHeavilyBlurredPageOfTextAsBlurred() {
        PageQuality quality = gate.judge(TestDocuments.textPage(1275, 1650, 9));

        assertThat(quality.verdict()).as(quality.describe()).isEqualTo(Verdict.BLURRED);
    }

    @Test
    void passesASlightlySoftScanOfTextAsClean() {
        PageQuality quality = gate.judge(TestDocuments.textPage(1275, 1650, 2));

        assertThat(quality.verdict()).as(quality.describe()).isEqualTo(Verdict.CLEAN);
    }

    private static BufferedImage blankPage(int width, int height, int level, int noise) {
        BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = level + (noise == 0 ? 0 : random.nextInt(2 * noise + 1) - noise);
                page.getRaster().setSample(x, y, 0, Math.clamp(v, 0, 255));
            }
        }
        return page;
    }
}
