package io.invsync.ingest.inventory;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most {@code maxChars} characters (a line ends at LF or CRLF). A longer line is refused as
 * soon as it passes the limit, having held no more than the limit: a single 100 MB line costs what a short one
 * does. The line number is the physical one, from 1.
 */
final class BoundedLines {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[16 * 1024];
    private int position;
    private int end;
    private long lineNumber;

    BoundedLines(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator; null at the end of the input. */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == end) {
                end = in.read(buffer, 0, buffer.length);
                position = 0;
                if (end <= 0) {
                    end = 0;
                    if (line == null) {
                        return null;
                    }
                    lineNumber++;
                    return strip(line);
                }
            }
            int start = position;
            while (position < end && buffer[position] != '\n') {
                position++;
            }
            if (line == null) {
                line = new StringBuilder(Math.min(position - start + 16, maxChars + 1));
            }
            line.append(buffer, start, position - start);
            // one character more is allowed only if it is the CR of a CRLF
            if (line.length() > maxChars + 1
                    || (line.length() == maxChars + 1 && line.charAt(line.length() - 1) != '\r')) {
                throw new PayloadException("line", "line " + (lineNumber + 1) + " is longer than the limit of "
                        + maxChars + " characters", false);
            }
            if (position < end) {
                position++; // the LF
                lineNumber++;
                return strip(line);
            }
        }
    }

    private static String strip(StringBuilder line) {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            length--;
        }
        return line.substring(0, length);
    }

    void close() throws IOException {
        in.close();
    }
}
