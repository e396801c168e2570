package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.junit.jupiter.api.Test;

/** The names a content stream uses, and only those: not what strings, comments or dictionaries hold. */
class ResourceUseTest {

    private static final String CONTENT = """
            /F1 12 Tf (a string with /Fake Tf inside \\) and (nested) parens) Tj
            % a comment: /Commented Do
            /Im1 Do /GS1 gs /CS0 cs /P1 scn /Sh1 sh
            /OC /MC0 BDC EMC /Span <</MCID 1 /Alt (/Alt Do)>> BDC EMC
            [(x) -20 (y)] TJ <414243> Tj
            /Name#20With#20Space Do q 1 0 0 1 0 0 cm /F2 9.5 Tf Q
            """;

    @Test
    void findsTheNamesEachOperatorUses() throws IOException {
        ResourceUse use = scan(CONTENT);

        assertThat(use.of(COSName.FONT)).containsExactlyInAnyOrder(name("F1"), name("F2"));
        assertThat(use.of(COSName.XOBJECT)).containsExactlyInAnyOrder(name("Im1"), name("Name With Space"));
        assertThat(use.of(COSName.EXT_G_STATE)).containsExactly(name("GS1"));
        assertThat(use.of(COSName.COLORSPACE)).containsExactly(name("CS0"));
        assertThat(use.of(COSName.PATTERN)).containsExactly(name("P1"));
        assertThat(use.of(COSName.SHADING)).containsExactly(name("Sh1"));
        assertThat(use.of(COSName.PROPERTIES)).containsExactly(name("MC0"));
    }

    @Test
    void readsAStreamWithAnInlineImageAsPdfBoxDoes() throws IOException {
        ResourceUse use = scan(CONTENT + "q BI /W 2 /H 1 /CS /Indexed0 /BPC 8 ID \u00ff\u00ee EI Q /Im2 Do\n");

        assertThat(use.of(COSName.COLORSPACE)).containsExactlyInAnyOrder(name("CS0"), name("Indexed0"));
        assertThat(use.of(COSName.XOBJECT)).containsExactlyInAnyOrder(name("Im1"), name("Im2"), name("Name With Space"));
        assertThat(use.of(COSName.FONT)).doesNotContain(name("Fake"));
    }

    private static ResourceUse scan(String content) throws IOException {
        COSStream stream = new COSStream();
        try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(content.getBytes(StandardCharsets.ISO_8859_1));
        }
        ResourceUse use = new ResourceUse();
        use.scan(stream);
        return use;
    }

    private static COSName name(String name) {
        return COSName.getPDFName(name);
    }
}
