package dev.docpipe.testing;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureTreeRoot;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;

/** Documents and images for tests, built in code: valid, broken and hostile ones. */
public final class TestDocuments {

    private TestDocuments() {}

    /** A PDF of Letter pages, each saying "Page n of N". */
    public static byte[] pdf(int pages) {
        return pdf(pages, PDRectangle.LETTER, null);
    }

    /** A PDF of pages of the given size, optionally protected with a user password. */
    public static byte[] pdf(int pages, PDRectangle size, String userPassword) {
        return pdf(pages, size, userPassword, CompressParameters.DEFAULT_COMPRESSION);
    }

    private static byte[] pdf(int pages, PDRectangle size, String userPassword, CompressParameters compression) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(size);
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(font, 18);
                    text.newLineAtOffset(36, size.getHeight() - 72);
                    text.showText("Page %d of %d".formatted(n, pages));
                    text.endText();
                }
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-" + userPassword, userPassword, new AccessPermission());
                policy.setEncryptionKeyLength(256);
                document.protect(policy);
            }
            document.save(out, compression);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PDF whose pages share one resource dictionary holding every page's image and a form, as
     * some generators write them, with links between pages and a structure tree: page n shows
     * image n (random, so incompressible) and "Page n"; page 1 links to the last page and page 2
     * to page 3; every page draws the same form XObject, whose own resources are the shared
     * dictionary too.
     */
    public static byte[] sharedResourcesPdf(int pages) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDResources shared = new PDResources();
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            COSName fontName = shared.add(font);
            PDFormXObject stamp = new PDFormXObject(document);
            stamp.setBBox(new PDRectangle(200, 40));
            stamp.setResources(shared);
            try (OutputStream stream = stamp.getContentStream().createOutputStream(COSName.FLATE_DECODE)) {
                stream.write("BT /%s 12 Tf 4 12 Td (docpipe) Tj ET".formatted(fontName.getName()).getBytes(StandardCharsets.US_ASCII));
            }
            shared.add(stamp);
            Random random = new Random(pages);
            PDStructureTreeRoot structure = new PDStructureTreeRoot();
            document.getDocumentCatalog().setStructureTreeRoot(structure);
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.A6);
                page.setResources(shared);
                page.setStructParents(n - 1);
                document.addPage(page);
                BufferedImage noise = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 48; x++) {
                        noise.setRGB(x, y, random.nextInt(0x1000000));
                    }
                }
                PDImageXObject image = LosslessFactory.createFromImage(document, noise);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(image, 20, 120, 96, 96);
                    content.drawForm(stamp);
                    content.beginText();
                    content.setFont(font, 14);
                    content.newLineAtOffset(20, 260);
                    content.showText("Page %d of %d".formatted(n, pages));
                    content.endText();
                }
            }
            link(document.getPage(0), document.getPage(pages - 1));
            if (pages >= 3) {
                link(document.getPage(1), document.getPage(2));
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void link(PDPage from, PDPage to) throws IOException {
        PDPageFitDestination destination = new PDPageFitDestination();
        destination.setPage(to);
        PDAnnotationLink link = new PDAnnotationLink();
        link.setRectangle(new PDRectangle(20, 20, 100, 20));
        link.setDestination(destination);
        from.getAnnotations().add(link);
    }

    /** A one-page PDF that needs a password to open. */
    public static byte[] encryptedPdf() {
        return pdf(1, PDRectangle.LETTER, "secret");
    }

    /** The first third of a three-page PDF: a header and no cross-reference table. */
    public static byte[] truncatedPdf() {
        byte[] whole = pdf(3);
        return Arrays.copyOf(whole, whole.length / 3);
    }

    /** A PDF header followed by noise. */
    public static byte[] headerThenGarbage() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    /** A PDF that declares far more pages than its page tree holds (PDFBox trusts /Count). */
    public static byte[] pdfDeclaringPages(long declared) {
        // Uncompressed, so the page tree's /Count can be rewritten in the bytes.
        byte[] plain = pdf(1, PDRectangle.LETTER, null, CompressParameters.NO_COMPRESSION);
        String body = new String(plain, StandardCharsets.ISO_8859_1).replace("/Count 1", "/Count " + declared);
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** A solid image of the given {@link BufferedImage} type, encoded in {@code format} ("png", "jpeg", "tiff"). */
    public static byte[] image(String format, int width, int height, int imageType, Color fill) {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Graphics2D g = image.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setColor(fill);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return encode(image, format);
    }

    /** Noise behind a PNG signature: sniffed as an image, decodable by nothing. */
    public static byte[] garbageWithPngSignature() {
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
    public static byte[] blackPng(int side) {
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

    /** An image of the given format ("png", "jpeg", "tiff") with a line of text on white. */
    public static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, height / 10)));
            g.drawString("docpipe test image", 10, height / 2);
        } finally {
            g.dispose();
        }
        return encode(image, format);
    }

    /** A one-page Letter PDF with nothing on it. */
    public static byte[] blankPdf() {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.addPage(new PDPage(PDRectangle.LETTER));
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A scanned-looking page: lines of dark text on white, {@code width} x {@code height} pixels,
     * blurred by a box filter {@code blur} pixels wide applied three times (close to a Gaussian);
     * 0 leaves it sharp.
     */
    public static BufferedImage textPage(int width, int height, int blur) {
        BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(20, 20, 20));
            int size = Math.max(8, height / 60);
            g.setFont(new Font(Font.SERIF, Font.PLAIN, size));
            Random words = new Random(7);
            for (int y = size * 4; y < height - size * 4; y += size * 2) {
                StringBuilder line = new StringBuilder();
                while (line.length() < width / (size / 2 + 1)) {
                    line.append("lorem ipsum dolor sit amet consectetur adipiscing elit".split(" ")[words.nextInt(8)]).append(' ');
                }
                g.drawString(line.toString(), size * 3, y);
            }
        } finally {
            g.dispose();
        }
        if (blur > 1) {
            float[] box = new float[blur * blur];
            Arrays.fill(box, 1f / box.length);
            ConvolveOp filter = new ConvolveOp(new Kernel(blur, blur, box), ConvolveOp.EDGE_NO_OP, null);
            for (int pass = 0; pass < 3; pass++) {
                page = filter.filter(page, null);
            }
        }
        return page;
    }

    /** {@link #textPage} encoded in {@code format} ("png", "jpeg", "tiff"). */
    public static byte[] textImage(String format, int width, int height, int blur) {
        return encode(textPage(width, height, blur), format);
    }

    /** A TIFF holding {@code pages} images, each {@code width} x {@code height}, page n filled with grey level 40 n. */
    public static byte[] multiPageTiff(int pages, int width, int height) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ByteArrayOutputStream file = new ByteArrayOutputStream(); ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int n = 1; n <= pages; n++) {
                BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = page.createGraphics();
                g.setColor(new Color(40 * n, 40 * n, 40 * n));
                g.fillRect(0, 0, width, height);
                g.dispose();
                writer.writeToSequence(new IIOImage(page, null, null), null);
            }
            writer.endWriteSequence();
            out.flush();
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
