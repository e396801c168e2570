package dev.docpipe.core.document;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;

/**
 * The resource names a content stream uses, by resource category (/Font, /XObject, ...): what
 * a part must keep of a resource dictionary that may be shared by every page of its source.
 */
final class ResourceUse {

    /** The operators that name a resource, and the category the name is looked up in. */
    private static final Map<String, COSName> OPERATORS = Map.of(
            "Tf", COSName.FONT,
            "Do", COSName.XOBJECT,
            "gs", COSName.EXT_G_STATE,
            "sh", COSName.SHADING,
            "cs", COSName.COLORSPACE,
            "CS", COSName.COLORSPACE,
            "BDC", COSName.PROPERTIES,
            "DP", COSName.PROPERTIES);

    private final Map<COSName, Set<COSName>> names = new HashMap<>();

    /** Adds the names {@code content} uses. */
    void scan(COSStream content) throws IOException {
        PDFStreamParser parser = new PDFStreamParser(new PDFormXObject(content));
        try {
            List<COSBase> operands = new ArrayList<>();
            for (Object token = parser.parseNextToken(); token != null; token = parser.parseNextToken()) {
                if (token instanceof Operator operator) {
                    record(operator, operands);
                    operands.clear();
                } else if (token instanceof COSBase operand) {
                    operands.add(operand);
                }
            }
        } finally {
            parser.close();
        }
    }

    private void record(Operator operator, List<COSBase> operands) {
        String name = operator.getName();
        if ("BI".equals(name)) {
            // An inline image may name a colour space resource.
            if (operator.getImageParameters() != null) {
                COSBase space = operator.getImageParameters().getDictionaryObject(COSName.CS, COSName.COLORSPACE);
                if (space instanceof COSName spaceName) {
                    add(COSName.COLORSPACE, spaceName);
                }
            }
            return;
        }
        if ("scn".equals(name) || "SCN".equals(name)) {
            if (!operands.isEmpty() && operands.getLast() instanceof COSName pattern) {
                add(COSName.PATTERN, pattern);
            }
            return;
        }
        COSName category = OPERATORS.get(name);
        if (category == null || operands.isEmpty()) {
            return;
        }
        // Tf, Do, gs, sh, cs, CS name the resource first; BDC and DP second, after the tag.
        int index = category == COSName.PROPERTIES ? 1 : 0;
        if (operands.size() > index && operands.get(index) instanceof COSName resource) {
            add(category, resource);
        }
    }

    void add(COSName category, COSName name) {
        names.computeIfAbsent(category, c -> new HashSet<>()).add(name);
    }

    void addAll(ResourceUse other) {
        other.names.forEach((category, used) -> names.computeIfAbsent(category, c -> new HashSet<>()).addAll(used));
    }

    Set<COSName> of(COSName category) {
        return names.getOrDefault(category, Set.of());
    }
}
