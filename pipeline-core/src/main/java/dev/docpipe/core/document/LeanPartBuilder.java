package dev.docpipe.core.document;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * Builds a part of a document (a chunk, a single page) that carries only what its pages use, as
 * qpdf does and PDFBox's {@code Splitter} does not. A part shares the source's objects (fonts,
 * images, content streams are written straight from the source file, never copied in memory),
 * but:
 * <ul>
 *   <li>each page gets its own resource dictionary, holding only the fonts, XObjects, graphics
 *       states, colour spaces, patterns, shadings and properties its content names: a
 *       dictionary shared by every page of the source would otherwise bring every page's fonts
 *       and images into every part. Form XObjects, tiling patterns, Type 3 fonts, soft masks and
 *       annotation appearances are pruned the same way, recursively;</li>
 *   <li>nothing links the part to the rest of the source: no page tree parent, no structure
 *       tree ({@code /StructParents}, {@code /StructParent}), no article beads, no page actions,
 *       and an annotation's link to a page outside the part is dropped (one into the part is
 *       pointed at the part's copy), so that one link cannot pull the whole source in.</li>
 * </ul>
 * What a page shows does not change: inherited attributes (resources, boxes, rotation) are set
 * on the page itself, and optional content settings are kept.
 *
 * <p>Pruning a form's resources is a property of the form alone, so it is done on the source
 * object, once, and every later part shares it. One builder per source document and thread.
 */
public final class LeanPartBuilder {

    private static final COSName STRUCT_PARENTS = COSName.STRUCT_PARENTS;
    private static final COSName BEADS = COSName.getPDFName("B");
    private static final COSName SEPARATION_INFO = COSName.getPDFName("SeparationInfo");
    private static final COSName PIECE_INFO = COSName.getPDFName("PieceInfo");
    private static final COSName CHAR_PROCS = COSName.getPDFName("CharProcs");
    private static final COSName OC_PROPERTIES = COSName.getPDFName("OCProperties");

    /** Keys a part's page never keeps from its source: links out of the part, or rebuilt below. */
    private static final Set<COSName> PAGE_KEYS_REBUILT = Set.of(COSName.PARENT, STRUCT_PARENTS, BEADS, COSName.AA,
            SEPARATION_INFO, PIECE_INFO, COSName.ANNOTS, COSName.RESOURCES);
    private static final List<COSName> INHERITED_BOXES = List.of(COSName.MEDIA_BOX, COSName.CROP_BOX, COSName.ROTATE);
    private static final List<COSName> CATEGORIES = List.of(COSName.FONT, COSName.XOBJECT, COSName.EXT_G_STATE,
            COSName.COLORSPACE, COSName.PATTERN, COSName.SHADING, COSName.PROPERTIES);
    private static final int MAX_TREE_DEPTH = 64;
    private static final MemoryUsageSetting PART_STREAMS = MemoryUsageSetting.setupMixed(4L * 1024 * 1024);

    private final PDDocument source;
    private final List<COSDictionary> pages = new ArrayList<>();
    /** Forms, patterns, fonts and masks whose resources were already pruned in place. */
    private final Set<COSDictionary> pruned = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Walks the source's page tree once; the caller keeps the source open while it builds parts. */
    public LeanPartBuilder(PDDocument source) {
        this.source = source;
        for (PDPage page : source.getPages()) {
            pages.add(page.getCOSObject());
        }
    }

    public int pageCount() {
        return pages.size();
    }

    /**
     * How to save the parts: with object streams only when the source has them, as qpdf's
     * default does. Packing a part's objects into object streams took a third of a split's time
     * and saves little next to the content streams, fonts and images a part shares with its source.
     */
    public CompressParameters compression() {
        return source.getDocument().isXRefStream() ? CompressParameters.DEFAULT_COMPRESSION : CompressParameters.NO_COMPRESSION;
    }

    /**
     * A new document of the source's pages {@code first} to {@code last} (1-based, inclusive). It
     * shares the source's objects, so save it before the source is closed; the caller closes it.
     */
    public PDDocument build(int first, int last) throws IOException {
        if (first < 1 || last > pages.size() || first > last) {
            throw new IllegalArgumentException("pages %d-%d of %d".formatted(first, last, pages.size()));
        }
        // A part creates only its object and cross-reference streams (its content is the source's,
        // read from the source file): a few megabytes in memory, beyond that a temp file. A temp
        // file for every single page cost a file creation and deletion per page.
        PDDocument part = new PDDocument(PART_STREAMS.streamCache);
        part.setVersion(Math.max(source.getVersion(), part.getVersion()));
        Map<COSDictionary, COSDictionary> copies = new IdentityHashMap<>();
        for (int n = first; n <= last; n++) {
            COSDictionary page = pages.get(n - 1);
            COSDictionary copy = copyPage(page);
            copies.put(page, copy);
            part.addPage(new PDPage(copy));
        }
        for (Map.Entry<COSDictionary, COSDictionary> page : copies.entrySet()) {
            PartAnnotations.copy(page.getKey(), page.getValue(), copies, form -> pruneInPlace(form, List.of(form)));
        }
        // Which layers show is a document setting; without it a hidden layer would show.
        COSBase layers = source.getDocumentCatalog().getCOSObject().getItem(OC_PROPERTIES);
        if (layers != null) {
            part.getDocumentCatalog().getCOSObject().setItem(OC_PROPERTIES, layers);
        }
        return part;
    }

    private COSDictionary copyPage(COSDictionary page) throws IOException {
        COSDictionary copy = new COSDictionary();
        for (Map.Entry<COSName, COSBase> entry : page.entrySet()) {
            if (!PAGE_KEYS_REBUILT.contains(entry.getKey())) {
                copy.setItem(entry.getKey(), entry.getValue());
            }
        }
        for (COSName key : INHERITED_BOXES) {
            COSBase value = inherited(page, key);
            if (value != null) {
                copy.setItem(key, value);
            }
        }
        ResourceUse use = new ResourceUse();
        for (COSStream content : contentStreams(page.getDictionaryObject(COSName.CONTENTS))) {
            use.scan(content);
        }
        COSBase resources = inherited(page, COSName.RESOURCES);
        if (resources != null && resolve(resources) instanceof COSDictionary) {
            copy.setItem(COSName.RESOURCES, lean(dictionary(resources), use));
        }
        return copy;
    }

    /** The page's own value of an inheritable attribute, or its nearest ancestor's; unresolved, so references stay references. */
    private static COSBase inherited(COSDictionary page, COSName key) {
        COSDictionary node = page;
        for (int depth = 0; node != null && depth < MAX_TREE_DEPTH; depth++) {
            COSBase value = node.getItem(key);
            if (value != null && !(resolve(value) instanceof COSNull)) {
                return value;
            }
            node = node.getCOSDictionary(COSName.PARENT);
        }
        return null;
    }

    /** The part of {@code resources} that {@code use} names, with nested content pruned in turn. */
    private COSDictionary lean(COSDictionary resources, ResourceUse use) throws IOException {
        inheritFormsWithoutResources(resources, use);
        COSDictionary lean = new COSDictionary();
        for (Map.Entry<COSName, COSBase> entry : resources.entrySet()) {
            COSName category = entry.getKey();
            if (!CATEGORIES.contains(category)) {
                lean.setItem(category, entry.getValue()); // /ProcSet and the like: small, kept
                continue;
            }
            if (!(resolve(entry.getValue()) instanceof COSDictionary all)) {
                continue;
            }
            COSDictionary kept = new COSDictionary();
            for (COSName name : use.of(category)) {
                COSBase item = all.getItem(name);
                if (item != null) {
                    kept.setItem(name, item);
                    pruneNested(category, resolve(item));
                }
            }
            if (kept.size() > 0) {
                lean.setItem(category, kept);
            }
        }
        return lean;
    }

    /**
     * A form without resources of its own uses those of whatever draws it (PDFBox renders it so),
     * so its names count as the drawer's: added to {@code use} until no new form turns up.
     */
    private void inheritFormsWithoutResources(COSDictionary resources, ResourceUse use) throws IOException {
        COSDictionary xobjects = resources.getCOSDictionary(COSName.XOBJECT);
        if (xobjects == null) {
            return;
        }
        Deque<COSName> pending = new ArrayDeque<>(use.of(COSName.XOBJECT));
        Set<COSName> seen = new HashSet<>(pending);
        while (!pending.isEmpty()) {
            if (xobjects.getDictionaryObject(pending.pop()) instanceof COSStream form && isForm(form)
                    && form.getDictionaryObject(COSName.RESOURCES) == null) {
                ResourceUse inner = new ResourceUse();
                inner.scan(form);
                use.addAll(inner);
                for (COSName name : inner.of(COSName.XOBJECT)) {
                    if (seen.add(name)) {
                        pending.add(name);
                    }
                }
            }
        }
    }

    private void pruneNested(COSName category, COSBase item) throws IOException {
        if (category.equals(COSName.XOBJECT) && item instanceof COSStream form && isForm(form)) {
            pruneInPlace(form, List.of(form));
        } else if (category.equals(COSName.PATTERN) && item instanceof COSStream tiling) {
            pruneInPlace(tiling, List.of(tiling));
        } else if (category.equals(COSName.FONT) && item instanceof COSDictionary font
                && COSName.TYPE3.equals(font.getCOSName(COSName.SUBTYPE))) {
            COSDictionary procs = font.getCOSDictionary(CHAR_PROCS);
            pruneInPlace(font, procs == null ? List.of() : contentStreams(procs.getValues()));
        } else if (category.equals(COSName.EXT_G_STATE) && item instanceof COSDictionary state
                && state.getDictionaryObject(COSName.SMASK) instanceof COSDictionary mask
                && mask.getDictionaryObject(COSName.G) instanceof COSStream group) {
            pruneInPlace(group, List.of(group));
        }
    }

    /** Replaces the holder's own resources with the part of them its content streams name; once per holder. */
    private void pruneInPlace(COSDictionary holder, List<COSStream> contents) throws IOException {
        if (!(holder.getDictionaryObject(COSName.RESOURCES) instanceof COSDictionary resources) || !pruned.add(holder)) {
            return;
        }
        ResourceUse use = new ResourceUse();
        for (COSStream content : contents) {
            use.scan(content);
        }
        holder.setItem(COSName.RESOURCES, lean(resources, use));
    }

    private static List<COSStream> contentStreams(COSBase contents) {
        List<COSStream> streams = new ArrayList<>();
        if (contents instanceof COSStream stream) {
            streams.add(stream);
        } else if (contents instanceof COSArray array) {
            for (COSBase element : array) {
                if (element != null && resolve(element) instanceof COSStream stream) {
                    streams.add(stream);
                }
            }
        }
        return streams;
    }

    private static List<COSStream> contentStreams(Iterable<COSBase> values) {
        List<COSStream> streams = new ArrayList<>();
        for (COSBase value : values) {
            if (value != null && resolve(value) instanceof COSStream stream) {
                streams.add(stream);
            }
        }
        return streams;
    }

    private static boolean isForm(COSStream stream) {
        return COSName.FORM.equals(stream.getCOSName(COSName.SUBTYPE));
    }

    private static COSDictionary dictionary(COSBase value) {
        return (COSDictionary) resolve(value);
    }

    private static COSBase resolve(COSBase value) {
        return value instanceof COSObject object ? object.getObject() : value;
    }
}
