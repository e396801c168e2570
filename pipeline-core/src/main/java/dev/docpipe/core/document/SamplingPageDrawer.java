package dev.docpipe.core.document;

import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.shading.PDShading;
import org.apache.pdfbox.pdmodel.graphics.state.PDGraphicsState;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.apache.pdfbox.util.Matrix;

/**
 * PDFBox's page drawer, except that a shading painted with the {@code sh} operator whose function
 * is costly to run per pixel is painted from samples ({@link SampledFunctionShading}), clipped and
 * composited as PDFBox does it. A shading under a soft mask, and any shading of a document with
 * optional content (whose hidden parts only PDFBox's drawer knows), is left to PDFBox.
 */
final class SamplingPageDrawer extends PageDrawer {

    private final boolean optionalContent;

    private SamplingPageDrawer(PageDrawerParameters parameters, boolean optionalContent) throws IOException {
        super(parameters);
        this.optionalContent = optionalContent;
    }

    /** A renderer whose pages are drawn by this drawer. */
    static PDFRenderer renderer(PDDocument document) {
        boolean optionalContent = document.getDocumentCatalog().getOCProperties() != null;
        return new PDFRenderer(document) {
            @Override
            protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
                return new SamplingPageDrawer(parameters, optionalContent);
            }
        };
    }

    @Override
    public void shadingFill(COSName name) throws IOException {
        PDResources resources = getResources();
        PDShading shading = resources == null ? null : resources.getShading(name);
        PDGraphicsState state = getGraphicsState();
        SampledFunctionShading sampled = shading == null ? null : SampledFunctionShading.sampling(shading);
        if (sampled == null || optionalContent || state.getSoftMask() != null) {
            super.shadingFill(name);
            return;
        }
        Matrix ctm = state.getCurrentTransformationMatrix();
        Graphics2D graphics = getGraphics();
        graphics.setComposite(state.getNonStrokingJavaComposite());
        // The shading fills the clipping path, cut to its bounding box where it has one; the
        // device clip is lifted meanwhile and then restored as it was.
        Shape savedClip = graphics.getClip();
        graphics.setClip(null);
        Area area;
        if (sampled.getBBox() != null) {
            area = new Area(sampled.getBBox().transform(ctm));
            area.intersect(state.getCurrentClippingPath());
        } else {
            Rectangle2D bounds = sampled.getBounds(new AffineTransform(), ctm);
            area = new Area(state.getCurrentClippingPath());
            if (bounds != null) {
                bounds.setFrameFromDiagonal(Math.floor(bounds.getMinX() - 1), Math.floor(bounds.getMinY() - 1),
                        Math.ceil(bounds.getMaxX() + 1), Math.ceil(bounds.getMaxY() + 1));
                area.intersect(new Area(bounds));
            }
        }
        if (!area.isEmpty()) {
            graphics.setPaint(sampled.sampledPaint(ctm));
            graphics.fill(area);
        }
        graphics.setClip(savedClip);
    }
}
