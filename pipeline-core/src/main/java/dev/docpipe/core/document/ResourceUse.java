package dev.docpipe.core.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdfparser.PDFStreamParser;

/**
 * The resource names a content stream uses, by resource category (/Font, /XObject, ...): what
 * a part must keep of a resource dictionary that may be shared by every page of its source.
 *
 * <p>Only names matter here, so a content stream is read by a small lexer that builds no object
 * for numbers and strings: a fifth of a split's time went to PDFBox's full content parser. A
 * stream with an inline image, whose binary data only a full parser skips reliably, goes to
 * PDFBox's parser instead, so both read it alike.
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
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** Stands for any operand that is not a name. */
    private static final COSBase OTHER = COSNull.NULL;

    private final Map<COSName, Set<COSName>> names = new HashMap<>();

    /** Adds the names {@code content} uses. */
    void scan(COSStream content) throws IOException {
        byte[] bytes;
        try (InputStream in = content.createInputStream()) {
            bytes = in.readAllBytes();
        }
        if (!new Lexer(bytes).scan()) {
            parseFully(bytes);
        }
    }

    private void parseFully(byte[] bytes) throws IOException {
        PDFStreamParser parser = new PDFStreamParser(bytes);
        List<COSBase> operands = new ArrayList<>();
        for (Object token = parser.parseNextToken(); token != null; token = parser.parseNextToken()) {
            if (token instanceof Operator operator) {
                if ("BI".equals(operator.getName()) && operator.getImageParameters() != null) {
                    // An inline image may name a colour space resource.
                    COSBase space = operator.getImageParameters().getDictionaryObject(COSName.CS, COSName.COLORSPACE);
                    if (space instanceof COSName spaceName) {
                        add(COSName.COLORSPACE, spaceName);
                    }
                }
                record(operator.getName(), operands);
                operands.clear();
            } else if (token instanceof COSBase operand) {
                operands.add(operand);
            }
        }
    }

    private void record(String operator, List<COSBase> operands) {
        if ("scn".equals(operator) || "SCN".equals(operator)) {
            if (!operands.isEmpty() && operands.getLast() instanceof COSName pattern) {
                add(COSName.PATTERN, pattern);
            }
            return;
        }
        COSName category = OPERATORS.get(operator);
        if (category == null) {
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

    /** Names, operators and the rest, as the PDF syntax delimits them (ISO 32000-1, 7.2). */
    private final class Lexer {

        private final byte[] b;
        private final List<COSBase> operands = new ArrayList<>();
        private int at;
        /** Inside an array or a dictionary, whose elements are one operand together. */
        private int depth;

        Lexer(byte[] bytes) {
            this.b = bytes;
        }

        /** @return false at an inline image, which the full parser must read */
        boolean scan() {
            while (at < b.length) {
                int c = b[at] & 0xff;
                if (isWhitespace(c)) {
                    at++;
                } else if (c == '%') {
                    while (at < b.length && b[at] != '\n' && b[at] != '\r') {
                        at++;
                    }
                } else if (c == '/') {
                    COSName name = name();
                    operand(name);
                } else if (c == '(') {
                    skipString();
                    operand(OTHER);
                } else if (c == '<' && at + 1 < b.length && b[at + 1] == '<') {
                    at += 2;
                    depth++;
                } else if (c == '<') {
                    while (at < b.length && b[at] != '>') {
                        at++;
                    }
                    at++;
                    operand(OTHER);
                } else if (c == '>' || c == ']' || c == '}') {
                    at += c == '>' && at + 1 < b.length && b[at + 1] == '>' ? 2 : 1;
                    depth = Math.max(0, depth - 1);
                    operand(OTHER);
                } else if (c == '[' || c == '{') {
                    at++;
                    depth++;
                } else if (c == ')') {
                    at++; // unbalanced: ignore, as PDFBox does
                } else {
                    String word = word();
                    if (depth > 0 || isOperand(word)) {
                        operand(OTHER);
                    } else if ("BI".equals(word)) {
                        return false;
                    } else {
                        record(word, operands);
                        operands.clear();
                    }
                }
            }
            return true;
        }

        private void operand(COSBase operand) {
            if (depth == 0) {
                operands.add(operand);
            }
        }

        private COSName name() {
            at++; // the slash
            ByteArrayOutputStream name = new ByteArrayOutputStream(16);
            while (at < b.length && !isWhitespace(b[at] & 0xff) && !isDelimiter(b[at] & 0xff)) {
                int c = b[at++] & 0xff;
                if (c == '#' && at + 1 < b.length && isHex(b[at]) && isHex(b[at + 1])) {
                    c = Integer.parseInt(new String(b, at, 2, StandardCharsets.US_ASCII), 16);
                    at += 2;
                }
                name.write(c);
            }
            return COSName.getPDFName(decode(name.toByteArray()));
        }

        /** As PDFBox's parser decodes a name: UTF-8 when the bytes are valid UTF-8, else Windows-1252. */
        private static String decode(byte[] name) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(name)).toString();
            } catch (CharacterCodingException e) {
                return new String(name, WINDOWS_1252);
            }
        }

        private void skipString() {
            int open = 0;
            while (at < b.length) {
                int c = b[at++];
                if (c == '\\') {
                    at++;
                } else if (c == '(') {
                    open++;
                } else if (c == ')' && --open == 0) {
                    return;
                }
            }
        }

        private String word() {
            int start = at;
            while (at < b.length && !isWhitespace(b[at] & 0xff) && !isDelimiter(b[at] & 0xff)) {
                at++;
            }
            if (at == start) {
                at++; // a stray delimiter byte
            }
            return new String(b, start, at - start, StandardCharsets.ISO_8859_1);
        }

        private static boolean isOperand(String word) {
            char first = word.isEmpty() ? ' ' : word.charAt(0);
            return (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.'
                    || "true".equals(word) || "false".equals(word) || "null".equals(word);
        }

        private static boolean isWhitespace(int c) {
            return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32;
        }

        private static boolean isDelimiter(int c) {
            return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}'
                    || c == '/' || c == '%';
        }

        private static boolean isHex(byte c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
    }
}
