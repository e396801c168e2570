package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.testing.TestDocuments;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.multipdf.Splitter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts carry only what their pages use, link nowhere outside themselves, and look the same: on
 * a document whose pages share one resource dictionary holding every page's image.
 */
class LeanPartBuilderTest {

    private static final int PAGES = 12;

    @TempDir
    Path dir;

    private PDDocument source;
    private LeanPartBuilder builder;

    @BeforeEach
    void open() throws IOException {
        source = Loader.loadPDF(TestDocuments.sharedResourcesPdf(PAGES));
        builder = new LeanPartBuilder(source);
    }

    @AfterEach
    void close() throws IOException {
        source.close();
    }

    @Test
    void aPageKeepsOnlyTheResourcesItsContentNames() throws IOException {
        try (PDDocument part = reopened(5, 5)) {
            COSDictionary xobjects = part.getPage(0).getResources().getCOSObject().getCOSDictionary(COSName.XOBJECT);
            // Its own image and the form, out of twelve images and the form.
            assertThat(xobjects.keySet()).hasSize(2);
            PDFormXObject form = (PDFormXObject) part.getPage(0).getResources().getXObject(COSName.getPDFName("Form1"));
            // The form's resources were the shared dictionary too; it keeps only its font.
            assertThat(form.getResources().getCOSObject().keySet()).containsExactly(COSName.FONT);
        }
    }

    @Test
    void aSinglePageIsAFractionOfWhatPdfBoxsSplitterWrites() throws IOException {
        Path lean = dir.resolve("lean.pdf");
        PageRangeExtractor.extract(builder, 5, 5, lean);
        Splitter splitter = new Splitter();
        splitter.setStartPage(5);
        splitter.setEndPage(5);
        Path plain = dir.resolve("plain.pdf");
        try (PDDocument part = splitter.split(source).getFirst()) {
            part.save(plain.toFile());
        }

        assertThat(Files.size(lean) * 5).isLessThan(Files.size(plain));
    }

    @Test
    void linksIntoThePartFollowItAndLinksOutOfItAreDropped() throws IOException {
        try (PDDocument part = reopened(1, 3)) {
            COSDictionary toLastPage = (COSDictionary) part.getPage(0).getCOSObject().getCOSArray(COSName.ANNOTS).getObject(0);
            assertThat(toLastPage.containsKey(COSName.DEST)).isFalse();
            COSDictionary toPageThree = (COSDictionary) part.getPage(1).getCOSObject().getCOSArray(COSName.ANNOTS).getObject(0);
            COSArray destination = (COSArray) toPageThree.getDictionaryObject(COSName.DEST);
            assertThat(destination.getObject(0)).isSameAs(part.getPage(2).getCOSObject());
        }
    }

    @Test
    void annotationsKeepTheirOrderForTheyPaintInIt() throws IOException {
        PDPage page = source.getPage(6);
        for (int i = 0; i < 20; i++) {
            PDAnnotationText note = new PDAnnotationText();
            note.setRectangle(new PDRectangle(10 + i, 10, 20, 20));
            note.setContents("note " + i);
            page.getAnnotations().add(note);
        }
        page.setAnnotations(page.getAnnotations());

        try (PDDocument part = new LeanPartBuilder(source).build(7, 7)) {
            List<String> contents = part.getPage(0).getAnnotations().stream().map(PDAnnotation::getContents).toList();
            assertThat(contents).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "note " + i).toList());
        }
    }

    @Test
    void aPartCarriesNoStructureTreeNorLinksIntoIt() throws IOException {
        try (PDDocument part = reopened(2, 4)) {
            assertThat(part.getDocumentCatalog().getStructureTreeRoot()).isNull();
            for (PDPage page : part.getPages()) {
                assertThat(page.getCOSObject().containsKey(COSName.STRUCT_PARENTS)).isFalse();
            }
            assertThat(part.getNumberOfPages()).isEqualTo(3);
        }
    }

    @Test
    void everyPageRendersTheSameAfterTheSplit() throws IOException {
        PDFRenderer before = new PDFRenderer(source);
        for (int first = 1; first <= PAGES; first += 5) {
            int last = Math.min(PAGES, first + 4);
            try (PDDocument part = reopened(first, last)) {
                PDFRenderer after = new PDFRenderer(part);
                for (int n = first; n <= last; n++) {
                    assertThat(samePixels(before.renderImageWithDPI(n - 1, 72), after.renderImageWithDPI(n - first, 72)))
                            .as("page %d", n)
                            .isTrue();
                }
            }
        }
    }

    /** The part as written to disk and read back, as the next stage sees it. */
    private PDDocument reopened(int first, int last) throws IOException {
        Path file = dir.resolve("part-%d-%d.pdf".formatted(first, last));
        PageRangeExtractor.extract(builder, first, last, file);
        return Loader.loadPDF(file.toFile());
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
