package dev.docpipe.ingestion.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UploadsTest {

    @Test
    void keepsOnlyTheLastSegmentOfAFileNameInSafeCharacters() {
        assertThat(Uploads.sanitised("invoice 2026-03.pdf")).isEqualTo("invoice_2026-03.pdf");
        assertThat(Uploads.sanitised("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Uploads.sanitised("C:\\Users\\me\\scan.png")).isEqualTo("scan.png");
        assertThat(Uploads.sanitised(".hidden")).isEqualTo("hidden");
        assertThat(Uploads.sanitised("Überweisung\u0000\n.tiff")).isEqualTo("berweisung_.tiff");
        assertThat(Uploads.sanitised("")).isEqualTo("upload");
        assertThat(Uploads.sanitised(null)).isEqualTo("upload");
        assertThat(Uploads.sanitised("..")).isEqualTo("upload");
    }

    @Test
    void shortensALongNameButKeepsItsExtension() {
        String name = Uploads.sanitised("a".repeat(300) + ".pdf");

        assertThat(name).hasSize(100).endsWith(".pdf").startsWith("aaaa");
    }
}
