package dev.docpipe.core.document;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Tells a PDF from a supported image by content, never by name. */
public final class ContentSniffer {

    /** Readers accept a PDF header anywhere in the first kilobyte (after junk some producers prepend). */
    private static final int PDF_HEADER_WINDOW = 1024;
    private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] TIFF_LE = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BE = {'M', 'M', 0, 42};

    private ContentSniffer() {}

    /**
     * @throws DocumentRejectedException EMPTY_FILE for zero bytes, NOT_A_PDF for anything else unknown
     */
    public static SourceKind sniff(Path file) {
        byte[] head = readHead(file);
        if (head.length == 0) {
            throw new DocumentRejectedException(FailureReason.EMPTY_FILE, "the object has zero bytes");
        }
        if (startsWith(head, PNG) || startsWith(head, JPEG) || startsWith(head, TIFF_LE) || startsWith(head, TIFF_BE)) {
            return SourceKind.IMAGE;
        }
        if (indexOf(head, PDF) >= 0) {
            return SourceKind.PDF;
        }
        throw new DocumentRejectedException(FailureReason.NOT_A_PDF, "no PDF header in the first %d bytes and not a PNG, JPEG or TIFF image".formatted(PDF_HEADER_WINDOW));
    }

    private static byte[] readHead(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PDF_HEADER_WINDOW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
