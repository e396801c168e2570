package dev.docpipe.core.document;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;

/**
 * A part's copies of its pages' annotations: nothing in them may link outside the part. A link
 * or go-to action into the part points at the part's copy of its page; one out of it is dropped;
 * the page, structure tree and form field an annotation belongs to are not followed.
 */
final class PartAnnotations {

    /** Prunes an appearance stream's resources, as the builder prunes every form's. */
    @FunctionalInterface
    interface FormPruner {
        void prune(COSStream form) throws IOException;
    }

    private static final COSName IRT = COSName.getPDFName("IRT");
    private static final COSName NEXT = COSName.getPDFName("Next");
    /**
     * Keys of an annotation that point outside it, relinked or dropped. A widget merged with its
     * form field can list the field's other widgets as /Kids, on other pages.
     */
    private static final Set<COSName> ANNOTATION_KEYS_REBUILT = Set.of(COSName.P, COSName.STRUCT_PARENT,
            COSName.PARENT, COSName.KIDS, COSName.POPUP, IRT, COSName.DEST, COSName.A);

    private PartAnnotations() {}

    /**
     * Gives {@code copy}, the part's copy of {@code page}, copies of the page's annotations, in their
     * order, relinked into the part.
     */
    static void copy(COSDictionary page, COSDictionary copy, Map<COSDictionary, COSDictionary> pageCopies, FormPruner forms)
            throws IOException {
        if (!(page.getDictionaryObject(COSName.ANNOTS) instanceof COSArray annotations)) {
            return;
        }
        // Kept in the source's order: annotations paint in it, and overlapping ones would change.
        List<COSDictionary> order = new ArrayList<>();
        Map<COSDictionary, COSDictionary> copies = new IdentityHashMap<>();
        for (COSBase element : annotations) {
            if (element != null && resolve(element) instanceof COSDictionary annotation && !copies.containsKey(annotation)) {
                order.add(annotation);
                COSDictionary annotationCopy = new COSDictionary();
                for (Map.Entry<COSName, COSBase> entry : annotation.entrySet()) {
                    if (!ANNOTATION_KEYS_REBUILT.contains(entry.getKey())) {
                        annotationCopy.setItem(entry.getKey(), entry.getValue());
                    }
                }
                copies.put(annotation, annotationCopy);
                pruneAppearances(annotation.getCOSDictionary(COSName.AP), forms);
            }
        }
        COSArray kept = new COSArray();
        for (COSDictionary annotation : order) {
            COSDictionary annotationCopy = copies.get(annotation);
            annotationCopy.setItem(COSName.P, copy);
            // A popup and its markup annotation, a reply and what it answers: kept only together.
            relink(annotation, annotationCopy, COSName.POPUP, copies);
            relink(annotation, annotationCopy, IRT, copies);
            if (COSName.POPUP.equals(annotation.getCOSName(COSName.SUBTYPE))) {
                relink(annotation, annotationCopy, COSName.PARENT, copies);
            }
            COSBase destination = destination(annotation.getDictionaryObject(COSName.DEST), pageCopies);
            if (destination != null) {
                annotationCopy.setItem(COSName.DEST, destination);
            }
            if (annotation.getDictionaryObject(COSName.A) instanceof COSDictionary action) {
                COSDictionary actionCopy = action(action, pageCopies);
                if (actionCopy != null) {
                    annotationCopy.setItem(COSName.A, actionCopy);
                }
            }
            kept.add(annotationCopy);
        }
        copy.setItem(COSName.ANNOTS, kept);
    }

    private static void pruneAppearances(COSDictionary appearances, FormPruner forms) throws IOException {
        if (appearances == null) {
            return;
        }
        for (COSBase appearance : appearances.getValues()) {
            COSBase resolved = resolve(appearance);
            if (resolved instanceof COSStream form) {
                forms.prune(form);
            } else if (resolved instanceof COSDictionary states) {
                for (COSBase state : states.getValues()) {
                    if (resolve(state) instanceof COSStream form) {
                        forms.prune(form);
                    }
                }
            }
        }
    }

    private static void relink(COSDictionary annotation, COSDictionary copy, COSName key, Map<COSDictionary, COSDictionary> copies) {
        if (annotation.getDictionaryObject(key) instanceof COSDictionary target && copies.containsKey(target)) {
            copy.setItem(key, copies.get(target));
        }
    }

    /** A go-to action pointed at the part's copy of its page, or null when its page is outside the part. */
    private static COSDictionary action(COSDictionary action, Map<COSDictionary, COSDictionary> pageCopies) {
        COSDictionary copy = new COSDictionary();
        for (Map.Entry<COSName, COSBase> entry : action.entrySet()) {
            if (!entry.getKey().equals(NEXT) && !entry.getKey().equals(COSName.D)) {
                copy.setItem(entry.getKey(), entry.getValue());
            }
        }
        COSBase target = action.getDictionaryObject(COSName.D);
        if (target != null) {
            COSBase destination = destination(target, pageCopies);
            if (destination == null) {
                return null;
            }
            copy.setItem(COSName.D, destination);
        }
        return copy;
    }

    /**
     * An explicit destination (an array whose first element is a page, or a dictionary holding one
     * as {@code /D}) pointed at the part's copy, or null when the page is outside the part. Named destinations and page numbers pull nothing
     * in and are kept as they are.
     */
    private static COSBase destination(COSBase destination, Map<COSDictionary, COSDictionary> pageCopies) {
        if (destination instanceof COSDictionary wrapped && wrapped.containsKey(COSName.D)) {
            // The form a named destination's value takes, found in the wild as a link's /Dest too.
            COSBase inner = destination(wrapped.getDictionaryObject(COSName.D), pageCopies);
            if (inner == null) {
                return null;
            }
            COSDictionary copy = new COSDictionary(wrapped);
            copy.setItem(COSName.D, inner);
            return copy;
        }
        if (!(destination instanceof COSArray array) || array.size() == 0) {
            return destination;
        }
        COSBase target = array.getObject(0);
        if (!(target instanceof COSDictionary page)) {
            return destination;
        }
        COSDictionary copy = pageCopies.get(page);
        if (copy == null) {
            return null;
        }
        COSArray relinked = new COSArray();
        relinked.add(copy);
        for (int i = 1; i < array.size(); i++) {
            relinked.add(array.get(i));
        }
        return relinked;
    }

    private static COSBase resolve(COSBase value) {
        return value instanceof COSObject object ? object.getObject() : value;
    }
}
