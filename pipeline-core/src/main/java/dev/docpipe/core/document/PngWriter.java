package dev.docpipe.core.document;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Page images as PNG, 8-bit grey or 8-bit RGB, rows unfiltered, deflated at a measured level on
 * the calling thread (every core already renders a page of its own).
 *
 * <p>Measured in CPU time (thread CPU, so other load on a shared machine does not count): on
 * rendered pages deflate is nearly all of the cost, about 8.5 ms for an average grey page at
 * 150 dpi and 15 ms for a dense page of text, two to three times that in RGB. This writer reads the raster's
 * own array and hands rows to {@link Deflater} in batches; pngencoder, which it replaced, took 4-5%
 * longer at the same bytes, so it saves a little and a dependency. Rows stay unfiltered: with
 * few {@link Levels levels} per channel, every PNG filter (Sub, Up, Paeth, or chosen per row) came
 * out 15-20% larger than none, and slower. The level: over the render corpus in grey, 64 levels
 * came out at 85, 83 and 72 KB per page at deflate levels 2, 3 and 4, in 5.0, 5.0 and 8.0 ms; 32
 * levels at 78, 76 and 64 KB in 4.9, 5.0 and 7.9 ms (MuPDF's: 66 KB). So 32 levels at level 3: 3 ms
 * less per page than 64 at level 4, for 5% more bytes.
 */
final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int GREY = 0;
    private static final int RGB = 2;
    /** Rows go to deflate in batches of about this many bytes, and IDAT chunks hold up to this many. */
    private static final int BATCH = 1 << 16;

    private PngWriter() {}

    /** @return the bytes written */
    static long write(BufferedImage image, int compressionLevel, Path png) {
        try (OutputStream file = Files.newOutputStream(png)) {
            return write(image, compressionLevel, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long write(BufferedImage image, int compressionLevel, OutputStream stream) throws IOException {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] grey = PixelArrays.grey(image);
        int channels = grey != null ? 1 : 3;
        int stride = 1 + width * channels;
        Chunks out = new Chunks(stream);
        out.signature();
        out.header(width, height, grey != null ? GREY : RGB);
        Deflater deflater = new Deflater(compressionLevel);
        try {
            byte[] rows = new byte[Math.max(1, BATCH / stride) * stride];
            byte[] compressed = new byte[BATCH];
            int[] rgbRow = grey == null ? new int[width] : null;
            int[] rgb = grey == null ? PixelArrays.rgb(image) : null;
            for (int y = 0; y < height; ) {
                int filled = 0;
                for (; y < height && filled + stride <= rows.length; y++, filled += stride) {
                    rows[filled] = 0; // filter type None
                    if (grey != null) {
                        System.arraycopy(grey, y * width, rows, filled + 1, width);
                    } else {
                        int[] source = rgb;
                        int offset = y * width;
                        if (source == null) {
                            image.getRGB(0, y, width, 1, rgbRow, 0, width);
                            source = rgbRow;
                            offset = 0;
                        }
                        for (int x = 0, i = filled + 1; x < width; x++) {
                            int pixel = source[offset + x];
                            rows[i++] = (byte) (pixel >> 16);
                            rows[i++] = (byte) (pixel >> 8);
                            rows[i++] = (byte) pixel;
                        }
                    }
                }
                deflater.setInput(rows, 0, filled);
                while (!deflater.needsInput()) {
                    out.data(compressed, deflater.deflate(compressed));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.data(compressed, deflater.deflate(compressed));
            }
        } finally {
            deflater.end();
        }
        out.end();
        return out.written;
    }

    /** PNG chunks: length, type, data, CRC of type and data. */
    private static final class Chunks {
        private final DataOutputStream out;
        private final CRC32 crc = new CRC32();
        private long written;

        Chunks(OutputStream stream) {
            this.out = new DataOutputStream(new BufferedOutputStream(stream, BATCH + 12));
        }

        void signature() throws IOException {
            out.write(SIGNATURE);
            written += SIGNATURE.length;
        }

        void header(int width, int height, int colourType) throws IOException {
            byte[] header = new byte[13];
            intAt(header, 0, width);
            intAt(header, 4, height);
            header[8] = 8; // bits per sample
            header[9] = (byte) colourType;
            // compression 0 (deflate), filter method 0, no interlace
            chunk("IHDR", header, header.length);
        }

        void data(byte[] data, int length) throws IOException {
            if (length > 0) {
                chunk("IDAT", data, length);
            }
        }

        void end() throws IOException {
            chunk("IEND", new byte[0], 0);
            out.flush();
        }

        private void chunk(String type, byte[] data, int length) throws IOException {
            byte[] name = type.getBytes(StandardCharsets.US_ASCII);
            crc.reset();
            crc.update(name);
            crc.update(data, 0, length);
            out.writeInt(length);
            out.write(name);
            out.write(data, 0, length);
            out.writeInt((int) crc.getValue());
            written += 12L + length;
        }

        private static void intAt(byte[] bytes, int at, int value) {
            bytes[at] = (byte) (value >>> 24);
            bytes[at + 1] = (byte) (value >>> 16);
            bytes[at + 2] = (byte) (value >>> 8);
            bytes[at + 3] = (byte) value;
        }
    }
}
