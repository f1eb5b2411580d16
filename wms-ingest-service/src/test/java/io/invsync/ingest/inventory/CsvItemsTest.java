package io.invsync.ingest.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CsvItemsTest {

    /** Counts what the reader took from a header and one line of {@code size} bytes, generated as read. */
    static final class LongLine extends InputStream {
        private final byte[] header = "sku,onHand\n".getBytes(StandardCharsets.US_ASCII);
        private final long size;
        long taken;

        LongLine(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = 0;
            while (n < length && taken < header.length + size) {
                buffer[offset + n++] = taken < header.length ? header[(int) taken] : (byte) 'A';
                taken++;
            }
            return n == 0 ? -1 : n;
        }
    }

    @Test
    void refusesA100MegabyteLineHavingReadLittleMoreThanTheLimit() {
        LongLine body = new LongLine(100L * 1024 * 1024);
        CsvItems rows = new CsvItems(body, 65_536);

        assertThatThrownBy(rows::hasNext)
                .isInstanceOfSatisfying(PayloadException.class, e -> {
                    assertThat(e.field()).isEqualTo("line");
                    assertThat(e.getMessage()).contains("line 2", "65536");
                });
        assertThat(body.taken).isLessThan(1024 * 1024);
    }

    @Test
    void takesALineOfExactlyTheLimitWithCrLf() {
        String cell = "A".repeat(20);
        String csv = "sku,onHand\r\n" + cell + ",1\r\n";
        CsvItems rows = new CsvItems(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)),
                cell.length() + 2);

        assertThat(rows.next().fields().get("sku").asString()).isEqualTo(cell);
        assertThat(rows.hasNext()).isFalse();
    }

    @Test
    void refusesAQuotedRecordThatSpansLinesPastTheLimit() {
        String csv = "sku,onHand\n\"" + "A\n".repeat(100) + "\",1\n";
        CsvItems rows = new CsvItems(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), 50);

        assertThatThrownBy(rows::hasNext)
                .isInstanceOfSatisfying(PayloadException.class, e -> assertThat(e.field()).isEqualTo("line"));
    }
}
