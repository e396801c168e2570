package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The PNG writer's output, decoded by ImageIO: the same pixels, in the same colour type. */
class PngWriterTest {

    @Test
    void writesAGreyImageAsEightBitGreyWithEveryPixelKept() throws IOException {
        BufferedImage grey = noise(BufferedImage.TYPE_BYTE_GRAY, 301, 207, 7);

        BufferedImage decoded = roundTrip(grey);

        assertThat(decoded.getColorModel().getNumComponents()).isEqualTo(1);
        assertThat(decoded.getColorModel().getPixelSize()).isEqualTo(8);
        assertSamePixels(decoded, grey);
    }

    @Test
    void writesAnRgbImageAsEightBitRgbWithEveryPixelKept() throws IOException {
        BufferedImage rgb = noise(BufferedImage.TYPE_INT_RGB, 301, 207, 7);

        BufferedImage decoded = roundTrip(rgb);

        assertThat(decoded.getColorModel().getNumComponents()).isEqualTo(3);
        assertThat(decoded.getColorModel().hasAlpha()).isFalse();
        assertSamePixels(decoded, rgb);
    }

    @Test
    void writesAnImageOfAnotherLayoutThroughItsRgbValues() throws IOException {
        BufferedImage bgr = noise(BufferedImage.TYPE_3BYTE_BGR, 97, 61, 7);
        BufferedImage cropped = noise(BufferedImage.TYPE_INT_RGB, 200, 100, 7).getSubimage(13, 7, 150, 80);

        assertSamePixels(roundTrip(bgr), bgr);
        assertSamePixels(roundTrip(cropped), cropped);
    }

    @Test
    void splitsLargeCompressedDataIntoSeveralDataChunks() throws IOException {
        // Noise does not compress: well over one 64 KB chunk of deflated data.
        BufferedImage rgb = noise(BufferedImage.TYPE_INT_RGB, 400, 400, 1);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = PngWriter.write(rgb, 4, out);

        assertThat(written).isEqualTo(out.size()).isGreaterThan(3 * 400 * 400);
        assertSamePixels(ImageIO.read(new ByteArrayInputStream(out.toByteArray())), rgb);
    }

    private static BufferedImage roundTrip(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngWriter.write(image, 4, out);
        return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    }

    /** White with noise in every {@code period}-th column: runs and noise, as on a page, so deflate sees both. */
    private static BufferedImage noise(int type, int width, int height, int period) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x % period == 0 ? random.nextInt() : 0xffffff);
            }
        }
        return image;
    }

    private static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if (expected.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                    assertThat(actual.getRaster().getSample(x, y, 0)).as("(%d, %d)", x, y).isEqualTo(expected.getRaster().getSample(x, y, 0));
                } else {
                    assertThat(actual.getRGB(x, y) & 0xffffff).as("(%d, %d)", x, y).isEqualTo(expected.getRGB(x, y) & 0xffffff);
                }
            }
        }
    }
}
