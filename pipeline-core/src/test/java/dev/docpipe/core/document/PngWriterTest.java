package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The PNG writer's output, decoded by ImageIO: the same pixels, in the same colour type; and its
 * zlib stream, with the blocks it writes for runs of white rows, inflated to exactly the rows.
 */
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

    @Test
    void writesRunsOfWhiteRowsOfEveryLengthAndPlaceAsAValidZlibStream() throws IOException, DataFormatException {
        // Widths around one longest deflate match (258) leave 0, 1, 2 and 3 bytes after the last
        // one; 258 itself is too narrow for the white-run blocks; 1275 is Letter at 150 dpi.
        for (int width : new int[] {258, 259, 260, 261, 262, 1275}) {
            BufferedImage grey = whiteRuns(BufferedImage.TYPE_BYTE_GRAY, width, 0xffffff);
            byte[] png = encode(grey);
            assertSamePixels(ImageIO.read(new ByteArrayInputStream(png)), grey);
            assertThat(inflatedImageData(png)).as("width %d", width).isEqualTo(rawRows(grey));
        }
        for (int white : new int[] {0xffffff, 0xffffffff}) {
            BufferedImage rgb = whiteRuns(BufferedImage.TYPE_INT_RGB, 400, white);
            byte[] png = encode(rgb);
            assertSamePixels(ImageIO.read(new ByteArrayInputStream(png)), rgb);
            assertThat(inflatedImageData(png)).isEqualTo(rawRows(rgb));
        }
    }

    @Test
    void writesAWhitePageInAboutThreeBytesARow() throws IOException, DataFormatException {
        BufferedImage white = new BufferedImage(1275, 1650, BufferedImage.TYPE_BYTE_GRAY);
        Arrays.fill(((DataBufferByte) white.getRaster().getDataBuffer()).getData(), (byte) 0xff);

        byte[] png = encode(white);

        // zlib alone writes these rows in about 7.4 bytes each
        assertThat(png.length).isLessThan(4 * 1650);
        assertThat(inflatedImageData(png)).isEqualTo(rawRows(white));
    }

    @Test
    void combinesAdlerChecksumsAsComputingThemOverTheWholeDoes() {
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        for (int split : new int[] {0, 1, 65_521, 70_000, 100_000}) {
            assertThat(RowDeflater.combine(adler(data, 0, split), adler(data, split, data.length - split), data.length - split))
                    .isEqualTo(adler(data, 0, data.length));
        }
    }

    private static int adler(byte[] data, int from, int length) {
        Adler32 adler = new Adler32();
        adler.update(data, from, length);
        return (int) adler.getValue();
    }

    /**
     * Runs of white rows of 1 to 300 rows between rows of noise, at the top and the bottom of the
     * page too, {@code white} the white pixel as the raster holds it.
     */
    private static BufferedImage whiteRuns(int type, int width, int white) {
        int[] runs = {3, 1, 7, 8, 9, 300, 2, 40};
        int height = Arrays.stream(runs).sum() + runs.length;
        BufferedImage image = noise(type, width, height, 5);
        int y = 0;
        for (int run : runs) {
            for (int r = 0; r < run; r++, y++) {
                for (int x = 0; x < width; x++) {
                    if (type == BufferedImage.TYPE_INT_RGB) {
                        ((DataBufferInt) image.getRaster().getDataBuffer()).getData()[y * width + x] = white;
                    } else {
                        image.getRaster().setSample(x, y, 0, 255);
                    }
                }
            }
            y++; // a row of noise between runs, and after the last (whose run then ends the page with it)
        }
        return image;
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngWriter.write(image, 3, out);
        return out.toByteArray();
    }

    /** The IDAT chunks put together and inflated: Inflater checks the zlib header and the Adler-32 at the end. */
    private static byte[] inflatedImageData(byte[] png) throws DataFormatException {
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        ByteBuffer chunks = ByteBuffer.wrap(png, 8, png.length - 8);
        while (chunks.hasRemaining()) {
            int length = chunks.getInt();
            byte[] type = new byte[4];
            chunks.get(type);
            if (new String(type, StandardCharsets.US_ASCII).equals("IDAT")) {
                zlib.write(png, chunks.position(), length);
            }
            chunks.position(chunks.position() + length + 4);
        }
        Inflater inflater = new Inflater();
        inflater.setInput(zlib.toByteArray());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            assertThat(n > 0 || !inflater.needsInput()).as("the stream ends before its last block").isTrue();
            raw.write(buffer, 0, n);
        }
        assertThat(inflater.getRemaining()).isZero();
        inflater.end();
        return raw.toByteArray();
    }

    /** The rows as a PNG with filter None holds them. */
    private static byte[] rawRows(BufferedImage image) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < image.getHeight(); y++) {
            raw.write(0);
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                    raw.write(image.getRaster().getSample(x, y, 0));
                } else {
                    int rgb = image.getRGB(x, y);
                    raw.write(rgb >> 16);
                    raw.write(rgb >> 8);
                    raw.write(rgb);
                }
            }
        }
        return raw.toByteArray();
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
