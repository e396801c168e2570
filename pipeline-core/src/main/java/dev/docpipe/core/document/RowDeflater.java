package dev.docpipe.core.document;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

/**
 * The zlib stream of a PNG's rows, where runs of white rows are written as deflate blocks of our
 * own and every other row goes through zlib. White is most of a rendered page, and zlib is slow on
 * it: a page of nothing but white rows cost it 3 ms at level 3, more than half of what the same
 * page full of text cost (it compares each of its candidate matches the full 258 bytes). Here a
 * white row costs a few bits from a table, and its bytes are never looked at.
 *
 * <p>A run of white rows is one dynamic-Huffman block whose code has just the symbols such rows
 * need (the filter byte, a white byte, and matches of the white before them at distance 1), about
 * three bytes a row where zlib wrote seven. zlib is flushed with {@link Deflater#FULL_FLUSH} before
 * each run, so nothing it writes after refers back past the run, and the run ends with an empty
 * stored block, so zlib carries on at a byte boundary. Short runs are not worth the flush (a new
 * block and an empty history for zlib) and go through zlib with the rest. The stream is raw
 * deflate in a zlib header and Adler-32 of our own, the checksum of the white runs computed
 * without reading them.
 */
final class RowDeflater {

    /** White rows in a row below this go through zlib: a flush and a new block cost more than they save. */
    static final int MIN_RUN = 8;
    private static final int ADLER_BASE = 65521;
    private static final int MAX_MATCH = 258;
    private static final int MATCH_CODE = 285;
    private static final int END_OF_BLOCK = 256;
    /** Base lengths and extra bits of the length codes 257 to 284 (RFC 1951, 3.2.5). */
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
        163, 195, 227};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5};
    /** The order in which the code lengths of the code-length alphabet are sent. */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    /** Where compressed bytes go: the PNG's data chunks. */
    interface Sink {
        void data(byte[] bytes, int length) throws IOException;
    }

    private final Deflater deflater;
    private final Sink sink;
    private final int rowBytes;
    private final byte[] whiteRow;
    private final byte[] compressed;
    private final WhiteRunCode code;
    private int checksum = 1;
    private boolean fedSinceFlush;

    /** @param rowBytes the bytes of a row, its filter byte included */
    RowDeflater(int level, int rowBytes, Sink sink, int bufferSize) throws IOException {
        this.deflater = new Deflater(level, true);
        this.sink = sink;
        this.rowBytes = rowBytes;
        this.compressed = new byte[bufferSize];
        this.whiteRow = new byte[rowBytes];
        Arrays.fill(whiteRow, 1, rowBytes, (byte) 0xff);
        // Rows shorter than one longest match are left to zlib.
        this.code = rowBytes - 2 >= MAX_MATCH ? new WhiteRunCode(rowBytes) : null;
        sink.data(header(level), 2);
    }

    /** Whole rows, each starting with its filter byte. */
    void rows(byte[] bytes, int offset, int length) throws IOException {
        Adler32 adler = new Adler32();
        adler.update(bytes, offset, length);
        checksum = combine(checksum, (int) adler.getValue(), length);
        deflater.setInput(bytes, offset, length);
        while (!deflater.needsInput()) {
            sink.data(compressed, deflater.deflate(compressed));
        }
        fedSinceFlush = true;
    }

    /** {@code count} rows of filter byte 0 (None) and white. */
    void whiteRows(int count) throws IOException {
        if (code == null || count < MIN_RUN) {
            for (int i = 0; i < count; i++) {
                rows(whiteRow, 0, rowBytes);
            }
            return;
        }
        if (fedSinceFlush) {
            int written;
            do {
                written = deflater.deflate(compressed, 0, compressed.length, Deflater.FULL_FLUSH);
                sink.data(compressed, written);
            } while (written == compressed.length);
            fedSinceFlush = false;
        }
        Bits bits = new Bits(count * 4 + 64);
        code.block(bits, count);
        // an empty stored block: zlib's next block starts on a byte boundary
        bits.write(0, 3);
        bits.alignToByte();
        bits.write(0, 16);
        bits.write(0xffff, 16);
        sink.data(bits.bytes, bits.length);
        for (int i = 0; i < count; i++) {
            checksum = combine(checksum, code.rowChecksum, rowBytes);
        }
    }

    /** Ends the stream: zlib's last block, then the checksum. */
    void finish() throws IOException {
        deflater.finish();
        while (!deflater.finished()) {
            sink.data(compressed, deflater.deflate(compressed));
        }
        byte[] trailer = {(byte) (checksum >>> 24), (byte) (checksum >>> 16), (byte) (checksum >>> 8), (byte) checksum};
        sink.data(trailer, trailer.length);
    }

    void end() {
        deflater.end();
    }

    /** The zlib header: deflate with a 32 KB window, the level's class, and the check bits. */
    private static byte[] header(int level) {
        int cmf = 0x78;
        int levelClass = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
        int flg = levelClass << 6;
        flg += 31 - (cmf * 256 + flg) % 31;
        return new byte[] {(byte) cmf, (byte) flg};
    }

    /** The Adler-32 of two strings put together, from theirs and the second's length (as zlib's adler32_combine). */
    static int combine(int first, int second, long secondLength) {
        long remainder = secondLength % ADLER_BASE;
        long sum1 = first & 0xffff;
        long sum2 = remainder * sum1 % ADLER_BASE;
        sum1 += (second & 0xffff) + ADLER_BASE - 1;
        sum2 += ((first >>> 16) & 0xffff) + ((second >>> 16) & 0xffff) + ADLER_BASE - remainder;
        if (sum1 >= ADLER_BASE) {
            sum1 -= ADLER_BASE;
        }
        if (sum1 >= ADLER_BASE) {
            sum1 -= ADLER_BASE;
        }
        if (sum2 >= 2L * ADLER_BASE) {
            sum2 -= 2L * ADLER_BASE;
        }
        if (sum2 >= ADLER_BASE) {
            sum2 -= ADLER_BASE;
        }
        return (int) (sum2 << 16 | sum1);
    }

    /**
     * The block of a run of white rows. Each row is: literal 0 (its filter byte), literal 255,
     * then the rest of its white as matches of 258 bytes at distance 1 and one match (or one or two
     * literals) for what is left. The literal/length code has only those symbols, the longest
     * match's code one bit long; the distance code has distance 1 alone.
     */
    private static final class WhiteRunCode {

        private final int full;
        private final int remainder;
        private final int remainderSymbol;
        private final int[] lengths = new int[MATCH_CODE + 1];
        private final int[] codes;
        /** The block's header, the same for every run of these rows. */
        private final byte[] headerBytes;
        private final int headerBits;
        final int rowChecksum;

        WhiteRunCode(int rowBytes) {
            int rest = rowBytes - 2; // after the filter byte and the first white literal
            full = rest / MAX_MATCH;
            remainder = rest % MAX_MATCH;
            remainderSymbol = remainder >= 3 ? lengthSymbol(remainder) : -1;
            lengths[MATCH_CODE] = 1;
            if (remainderSymbol >= 0) {
                lengths[0] = 3;
                lengths[0xff] = 3;
                lengths[END_OF_BLOCK] = 3;
                lengths[remainderSymbol] = 3;
            } else {
                lengths[0] = 2;
                lengths[0xff] = 3;
                lengths[END_OF_BLOCK] = 3;
            }
            codes = canonical(lengths);
            Bits bits = new Bits(64);
            writeHeader(bits);
            headerBits = bits.bitCount();
            headerBytes = bits.snapshot();
            Adler32 adler = new Adler32();
            byte[] row = new byte[rowBytes];
            Arrays.fill(row, 1, rowBytes, (byte) 0xff);
            adler.update(row);
            rowChecksum = (int) adler.getValue();
        }

        void block(Bits bits, int rows) {
            bits.writeBits(headerBytes, headerBits);
            for (int r = 0; r < rows; r++) {
                symbol(bits, 0);
                symbol(bits, 0xff);
                for (int m = 0; m < full; m++) {
                    symbol(bits, MATCH_CODE);
                    bits.write(0, 1); // distance code 0: distance 1
                }
                if (remainderSymbol >= 0) {
                    symbol(bits, remainderSymbol);
                    int index = remainderSymbol - 257;
                    bits.write(remainder - LENGTH_BASE[index], LENGTH_EXTRA[index]);
                    bits.write(0, 1);
                } else {
                    for (int i = 0; i < remainder; i++) {
                        symbol(bits, 0xff);
                    }
                }
            }
            symbol(bits, END_OF_BLOCK);
        }

        private void symbol(Bits bits, int symbol) {
            bits.write(codes[symbol], lengths[symbol]);
        }

        /** BFINAL 0, BTYPE 2, then the code lengths, themselves Huffman-coded. */
        private void writeHeader(Bits bits) {
            bits.write(0, 1);
            bits.write(2, 2);
            int[] sequence = new int[lengths.length + 1];
            System.arraycopy(lengths, 0, sequence, 0, lengths.length);
            sequence[lengths.length] = 1; // the one distance code, one bit long
            // The lengths as code-length symbols: 0 to 15 for a length, 17 and 18 for runs of zeros.
            int[] symbols = new int[sequence.length];
            int[] extras = new int[sequence.length];
            int count = 0;
            for (int i = 0; i < sequence.length; ) {
                if (sequence[i] != 0) {
                    symbols[count++] = sequence[i++];
                    continue;
                }
                int zeros = 0;
                while (i + zeros < sequence.length && sequence[i + zeros] == 0 && zeros < 138) {
                    zeros++;
                }
                if (zeros >= 11) {
                    extras[count] = zeros - 11;
                    symbols[count++] = 18;
                } else if (zeros >= 3) {
                    extras[count] = zeros - 3;
                    symbols[count++] = 17;
                } else {
                    symbols[count++] = 0;
                    zeros = 1;
                }
                i += zeros;
            }
            int[] codeLengthLengths = completeCode(symbols, count, 19);
            int[] codeLengthCodes = canonical(codeLengthLengths);
            int sent = CODE_LENGTH_ORDER.length;
            while (sent > 4 && codeLengthLengths[CODE_LENGTH_ORDER[sent - 1]] == 0) {
                sent--;
            }
            bits.write(MATCH_CODE + 1 - 257, 5); // HLIT: codes 0 to 285
            bits.write(0, 5); // HDIST: one distance code
            bits.write(sent - 4, 4); // HCLEN
            for (int i = 0; i < sent; i++) {
                bits.write(codeLengthLengths[CODE_LENGTH_ORDER[i]], 3);
            }
            for (int i = 0; i < count; i++) {
                int symbol = symbols[i];
                bits.write(codeLengthCodes[symbol], codeLengthLengths[symbol]);
                if (symbol == 18) {
                    bits.write(extras[i], 7);
                } else if (symbol == 17) {
                    bits.write(extras[i], 3);
                }
            }
        }

        private static int lengthSymbol(int length) {
            int index = LENGTH_BASE.length - 1;
            while (LENGTH_BASE[index] > length) {
                index--;
            }
            return 257 + index;
        }

        /** Code lengths of a complete prefix code over the symbols that occur: inflate accepts no incomplete one here. */
        private static int[] completeCode(int[] symbols, int count, int alphabet) {
            boolean[] used = new boolean[alphabet];
            int distinct = 0;
            for (int i = 0; i < count; i++) {
                if (!used[symbols[i]]) {
                    used[symbols[i]] = true;
                    distinct++;
                }
            }
            int depth = 32 - Integer.numberOfLeadingZeros(distinct - 1); // ceil(log2(distinct)), distinct >= 2
            int shallow = (1 << depth) - distinct; // leaves one level up make the code complete
            int[] lengths = new int[alphabet];
            for (int s = 0; s < alphabet; s++) {
                if (used[s]) {
                    lengths[s] = shallow-- > 0 ? depth - 1 : depth;
                }
            }
            return lengths;
        }

        /** Canonical Huffman codes for these lengths (RFC 1951, 3.2.2), bit-reversed to be written LSB first. */
        private static int[] canonical(int[] lengths) {
            int[] perLength = new int[16];
            for (int length : lengths) {
                perLength[length]++;
            }
            perLength[0] = 0;
            int[] next = new int[16];
            for (int bits = 1, code = 0; bits < 16; bits++) {
                code = (code + perLength[bits - 1]) << 1;
                next[bits] = code;
            }
            int[] codes = new int[lengths.length];
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] != 0) {
                    codes[s] = Integer.reverse(next[lengths[s]]++) >>> (32 - lengths[s]);
                }
            }
            return codes;
        }
    }

    /** Bits written least significant first, as deflate packs them. */
    private static final class Bits {
        byte[] bytes;
        int length;
        private long buffer;
        private int buffered;

        Bits(int capacity) {
            bytes = new byte[capacity];
        }

        void write(int value, int count) {
            buffer |= (long) value << buffered;
            buffered += count;
            while (buffered >= 8) {
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
                bytes[length++] = (byte) buffer;
                buffer >>>= 8;
                buffered -= 8;
            }
        }

        /** The first {@code count} bits of {@code source}, as another Bits wrote them. */
        void writeBits(byte[] source, int count) {
            int whole = count / 8;
            for (int i = 0; i < whole; i++) {
                write(source[i] & 0xff, 8);
            }
            if (count % 8 != 0) {
                write(source[whole] & ((1 << (count % 8)) - 1), count % 8);
            }
        }

        /** The bits written so far, the last byte padded. */
        byte[] snapshot() {
            byte[] copy = Arrays.copyOf(bytes, length + 1);
            copy[length] = (byte) buffer;
            return copy;
        }

        int bitCount() {
            return length * 8 + buffered;
        }

        void alignToByte() {
            if (buffered > 0) {
                write(0, 8 - buffered);
            }
        }
    }
}
