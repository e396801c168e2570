package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Every way an untrusted file is refused has its own reason code. */
class SafePdfOpenerTest {

    @TempDir
    Path dir;

    private final SafePdfOpener opener = new SafePdfOpener(new DocumentLimits(DataSize.ofMegabytes(1), 10));

    @Test
    void opensAValidPdfAndCountsItsPages() throws IOException {
        Path file = write("ok.pdf", pdf(7, null));
        try (PDDocument document = opener.open(file, Files.size(file))) {
            assertThat(opener.countPages(document)).isEqualTo(7);
        }
    }

    @Test
    void rejectsZeroBytesAsEmpty() throws IOException {
        assertReason(write("empty.pdf", new byte[0]), FailureReason.EMPTY_FILE);
    }

    @Test
    void rejectsTextNamedPdfAsNotAPdf() throws IOException {
        assertReason(write("notes.pdf", "hello, I am plain text".getBytes()), FailureReason.NOT_A_PDF);
    }

    @Test
    void rejectsATruncatedPdfAsCorrupt() throws IOException {
        byte[] whole = pdf(3, null);
        assertReason(write("cut.pdf", Arrays.copyOf(whole, whole.length / 3)), FailureReason.CORRUPT);
    }

    @Test
    void rejectsAPdfWithAUserPasswordAsEncrypted() throws IOException {
        assertReason(write("locked.pdf", pdf(1, "secret")), FailureReason.ENCRYPTED);
    }

    @Test
    void rejectsACertificateEncryptedPdfAsEncrypted() throws IOException {
        // PDFBox's own test file, encrypted for a certificate (/Filter /Adobe.PubSec).
        Path corpus = Path.of("../../shared/corpus/pdfbox/pdfbox_src_test_resources_org_apache_pdfbox_encryption_AESkeylength128.pdf");
        Assumptions.assumeTrue(Files.exists(corpus), "the shared corpus is not beside the repository");
        assertReason(Files.copy(corpus, dir.resolve("certificate.pdf")), FailureReason.ENCRYPTED);
    }

    @Test
    void opensAPdfWithOnlyAnOwnerPassword() throws IOException {
        Path file = write("owner.pdf", pdf(2, ""));
        try (PDDocument document = opener.open(file, Files.size(file))) {
            assertThat(opener.countPages(document)).isEqualTo(2);
        }
    }

    @Test
    void rejectsMorePagesThanTheLimit() throws IOException {
        assertReason(write("long.pdf", pdf(11, null)), FailureReason.TOO_MANY_PAGES);
    }

    @Test
    void rejectsAFileOverTheSizeLimitBeforeOpeningIt() throws IOException {
        Path file = write("big.pdf", pdf(1, null));
        assertThatThrownBy(() -> opener.open(file, DataSize.ofMegabytes(2).toBytes()))
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_LARGE));
    }

    @Test
    void rejectsAPartWhosePageCountIsNotTheExpectedOne() throws IOException {
        Path file = write("part.pdf", pdf(4, null));
        assertThatThrownBy(() -> opener.openExpecting(file, Files.size(file), 5))
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT));
    }

    @Test
    void recognisesImagesByContentNotName() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
        assertThat(ContentSniffer.sniff(write("scan.pdf", png))).isEqualTo(SourceKind.IMAGE);
        assertThat(ContentSniffer.sniff(write("doc.png", pdf(1, null)))).isEqualTo(SourceKind.PDF);
        assertReason(write("scan2.pdf", png), FailureReason.NOT_A_PDF);
    }

    private void assertReason(Path file, FailureReason reason) throws IOException {
        long size = Files.size(file);
        assertThatThrownBy(() -> opener.open(file, size).close())
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] pdf(int pages, String userPassword) throws IOException {
        try (PDDocument document = new PDDocument(); var out = new java.io.ByteArrayOutputStream()) {
            for (int i = 0; i < pages; i++) {
                document.addPage(new PDPage());
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword, new AccessPermission());
                policy.setEncryptionKeyLength(256);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
