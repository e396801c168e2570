package dev.docpipe.model;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Turns PNG, JPEG or TIFF bytes into a grey page. The format is sniffed from the bytes, not taken
 * from the content type, and only the first image of a multi-page TIFF is read. The size is checked
 * from the header before any pixel is decoded, so a small file cannot expand into gigabytes.
 */
@Component
class PageImageDecoder {

    private static final double MM_PER_INCH = 25.4;

    private final int maxPixelsPerSide;
    private final int defaultDpi;

    PageImageDecoder(ModelEndpointProperties properties) {
        this.maxPixelsPerSide = properties.maxPixelsPerSide();
        this.defaultDpi = properties.defaultDpi();
    }

    GrayPage decode(byte[] image) {
        // An in-memory stream: ImageIO's default file cache would write every request to a temp file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImageException(415, "The payload is not a PNG, JPEG or TIFF image.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                return decode(reader);
            } finally {
                reader.dispose();
            }
        } catch (UnreadableImageException | PayloadTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders throw unchecked exceptions too on crafted input; either way the image is at fault.
            throw new UnreadableImageException(400, "The image could not be decoded: " + e.getMessage(), e);
        }
    }

    private GrayPage decode(ImageReader reader) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width > maxPixelsPerSide || height > maxPixelsPerSide) {
            throw new PayloadTooLargeException("The image is " + width + "x" + height
                    + " pixels; at most " + maxPixelsPerSide + " pixels per side are accepted.");
        }
        int dpi = declaredDpi(reader.getImageMetadata(0));
        return toGray(reader.read(0), dpi);
    }

    private static GrayPage toGray(BufferedImage image, int dpi) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        try {
            // Transparent areas would otherwise turn black and hide dark text.
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        byte[] pixels = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        return new GrayPage(pixels, width, height, dpi);
    }

    /** Reads the resolution from the format-neutral metadata that PNG, JPEG and TIFF readers all offer. */
    private int declaredDpi(IIOMetadata metadata) {
        if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
            return defaultDpi;
        }
        Element root = (Element) metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
        NodeList sizes = root.getElementsByTagName("HorizontalPixelSize");
        if (sizes.getLength() == 0) {
            return defaultDpi;
        }
        try {
            double mmPerPixel = Double.parseDouble(((Element) sizes.item(0)).getAttribute("value"));
            long dpi = Math.round(MM_PER_INCH / mmPerPixel);
            // Some files carry placeholders such as 1 dpi; Tesseract distrusts anything under 70 anyway.
            return dpi >= 70 && dpi <= 1200 ? (int) dpi : defaultDpi;
        } catch (NumberFormatException e) {
            return defaultDpi;
        }
    }
}
