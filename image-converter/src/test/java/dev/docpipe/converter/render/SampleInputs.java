package dev.docpipe.converter.render;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** What the converter is given, generated: a single-page PDF, images in each supported format, and bad ones. */
final class SampleInputs {

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private SampleInputs() {}

    /** One US Letter page (8.5 x 11 in) with a line of text. */
    static byte[] letterPdf() {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                text.beginText();
                text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 18);
                text.newLineAtOffset(72, 700);
                text.showText("A page to render");
                text.endText();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A solid image of the given type, encoded by ImageIO in {@code format} ("png", "jpeg", "tiff"). */
    static byte[] image(String format, int width, int height, int imageType, Color fill) {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Graphics2D g = image.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setColor(fill);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Noise behind a PNG signature: sniffed as an image, decodable by nothing. */
    static byte[] garbageWithPngSignature() {
        byte[] bytes = new byte[2048];
        new Random(11).nextBytes(bytes);
        System.arraycopy(PNG_SIGNATURE, 0, bytes, 0, PNG_SIGNATURE.length);
        return bytes;
    }

    /**
     * A valid black RGB PNG of {@code side} x {@code side} pixels, written directly so that a huge
     * one costs a few hundred kilobytes of deflated zeros rather than a huge BufferedImage: a
     * pixel bomb, whose decoded size dwarfs the file.
     */
    static byte[] blackPng(int side) {
        try (ByteArrayOutputStream file = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(file)) {
            out.write(PNG_SIGNATURE);
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            h.writeInt(side);
            h.writeInt(side);
            h.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, truecolour, deflate, no filter, no interlace
            chunk(out, "IHDR", header.toByteArray());
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(data, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
                byte[] row = new byte[1 + side * 3]; // filter byte 0, then black pixels
                for (int y = 0; y < side; y++) {
                    z.write(row);
                }
            }
            chunk(out, "IDAT", data.toByteArray());
            chunk(out, "IEND", new byte[0]);
            out.flush();
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
