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
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Page images as PNG, 8-bit grey or 8-bit RGB, rows unfiltered, deflated at a measured level on
 * the calling thread (every core already renders a page of its own).
 *
 * <p>Measured in CPU time (thread CPU, so other load on a shared machine does not count): on
 * rendered pages deflate is nearly all of the cost of encoding, two to three times as much in RGB
 * as in grey. This writer reads the raster's own array; pngencoder, which it replaced, took 4-5%
 * longer at the same bytes, so it saves a little and a dependency. Rows stay unfiltered: with
 * few {@link Levels levels} per channel, every PNG filter (Sub, Up, Paeth, or chosen per row) came
 * out 15-20% larger than none, and slower. The level: over the render corpus in grey, 64 levels
 * came out at 85, 83 and 72 KB per page at deflate levels 2, 3 and 4, in 5.0, 5.0 and 8.0 ms; 32
 * levels at 78, 76 and 64 KB in 4.9, 5.0 and 7.9 ms (MuPDF's: 66 KB). So 32 levels at level 3.
 * Rows white throughout, two thirds of a page of text, skip zlib ({@link RowDeflater}): over 60
 * corpus pages in grey at 32 levels, 3.2 ms and 69 KB per page where zlib alone took 5.1 ms for
 * 77 KB.
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
        int[] rgb = grey == null ? PixelArrays.rgb(image) : null;
        int channels = grey != null ? 1 : 3;
        int stride = 1 + width * channels;
        Chunks out = new Chunks(stream);
        out.signature();
        out.header(width, height, grey != null ? GREY : RGB);
        RowDeflater deflater = new RowDeflater(compressionLevel, stride, out::data, BATCH);
        try {
            WhiteRows white = new WhiteRows(width, grey, rgb);
            byte[] rows = new byte[Math.max(1, BATCH / stride) * stride];
            int[] rgbRow = grey == null ? new int[width] : null;
            int filled = 0;
            int whiteRun = 0;
            for (int y = 0; y < height; y++) {
                if (white.row(y)) {
                    whiteRun++;
                    continue;
                }
                if (whiteRun > 0) {
                    deflater.rows(rows, 0, filled);
                    filled = 0;
                    deflater.whiteRows(whiteRun);
                    whiteRun = 0;
                }
                if (filled + stride > rows.length) {
                    deflater.rows(rows, 0, filled);
                    filled = 0;
                }
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
                filled += stride;
            }
            deflater.rows(rows, 0, filled);
            deflater.whiteRows(whiteRun);
            deflater.finish();
        } finally {
            deflater.end();
        }
        out.end();
        return out.written;
    }

    /** Which rows are white throughout, by one vectorised comparison each, for a page with a pixel array. */
    private static final class WhiteRows {
        private final int width;
        private final byte[] grey;
        private final int[] rgb;
        private final byte[] whiteGrey;
        private final int[] whiteRgb;
        private final int[] opaqueWhiteRgb;

        WhiteRows(int width, byte[] grey, int[] rgb) {
            this.width = width;
            this.grey = grey;
            this.rgb = rgb;
            whiteGrey = grey != null ? new byte[width] : null;
            whiteRgb = rgb != null ? new int[width] : null;
            opaqueWhiteRgb = rgb != null ? new int[width] : null;
            if (grey != null) {
                Arrays.fill(whiteGrey, (byte) 0xff);
            }
            if (rgb != null) {
                // The byte above RGB is not written to the PNG: Java2D's fills leave it 0xff, Levels 0.
                Arrays.fill(whiteRgb, 0xffffff);
                Arrays.fill(opaqueWhiteRgb, 0xffffffff);
            }
        }

        boolean row(int y) {
            int from = y * width;
            if (grey != null) {
                return Arrays.mismatch(grey, from, from + width, whiteGrey, 0, width) < 0;
            }
            if (rgb != null) {
                return Arrays.mismatch(rgb, from, from + width, whiteRgb, 0, width) < 0
                        || Arrays.mismatch(rgb, from, from + width, opaqueWhiteRgb, 0, width) < 0;
            }
            return false;
        }
    }

    /** PNG chunks: length, type, data, CRC of type and data. */
    private static final class Chunks {
        private final DataOutputStream out;
        private final CRC32 crc = new CRC32();
        private final byte[] pending = new byte[BATCH];
        private int pendingLength;
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

        /** Compressed data, gathered into IDAT chunks of up to BATCH bytes (zlib and the white runs hand it over in small pieces). */
        void data(byte[] data, int length) throws IOException {
            for (int at = 0; at < length; ) {
                int taken = Math.min(length - at, pending.length - pendingLength);
                System.arraycopy(data, at, pending, pendingLength, taken);
                pendingLength += taken;
                at += taken;
                if (pendingLength == pending.length) {
                    flushData();
                }
            }
        }

        void end() throws IOException {
            flushData();
            chunk("IEND", new byte[0], 0);
            out.flush();
        }

        private void flushData() throws IOException {
            if (pendingLength > 0) {
                chunk("IDAT", pending, pendingLength);
                pendingLength = 0;
            }
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
