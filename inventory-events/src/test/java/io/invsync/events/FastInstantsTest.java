package io.invsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FastInstantsTest {

    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Test
    void writesWhatInstantToStringWrites() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    MIN.getEpochSecond() + (long) (random.nextDouble() * (MAX.getEpochSecond() - MIN.getEpochSecond())),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(FastInstants.format(instant)).isEqualTo(instant.toString());
            assertThat(FastInstants.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void writesYearsBeyondFourDigitsAsInstantDoes() {
        Instant far = Instant.parse("+12026-01-01T00:00:00Z");
        assertThat(FastInstants.format(far)).isEqualTo(far.toString());
        assertThat(FastInstants.format(Instant.EPOCH.minusNanos(1))).isEqualTo("1969-12-31T23:59:59.999999999Z");
    }

    @Test
    void readsOneToNineFractionDigits() {
        assertThat(FastInstants.parse("2026-11-27T10:00:00.1Z")).isEqualTo(Instant.parse("2026-11-27T10:00:00.100Z"));
        assertThat(FastInstants.parse("2026-11-27T10:00:00.12Z")).isEqualTo(Instant.parse("2026-11-27T10:00:00.120Z"));
        assertThat(FastInstants.parse("2026-11-27T10:00:00.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-27T10:00:00.123456789Z"));
    }

    @Test
    void leavesEverythingElseToJackson() {
        for (String text : new String[] {"2026-11-27T10:00:00+01:00", "2026-02-30T10:00:00Z", "2026-11-27T24:00:00Z",
                "2026-11-27T10:60:00Z", "2026-11-27 10:00:00Z", "2026-11-27T10:00:00.Z", "2026-11-27T10:00:00.1234567890Z",
                "2026-1a-27T10:00:00Z", "yesterday"}) {
            assertThat(FastInstants.parse(text)).as(text).isNull();
        }
    }

    @Test
    void anOffsetIsStillAcceptedAndAnInvalidDateStillNamesTheField() {
        String offset = """
                {"merchantId":"m","warehouseId":"WH-1","name":"Main","observedAt":"2026-11-27T11:00:00+01:00"}""";
        assertThat(EventJson.read(Topics.WAREHOUSES, offset.getBytes(), WarehouseObserved.class).observedAt())
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        String invalid = """
                {"merchantId":"m","warehouseId":"WH-1","name":"Main","observedAt":"2026-02-30T10:00:00Z"}""";
        assertThatThrownBy(() -> EventJson.read(Topics.WAREHOUSES, invalid.getBytes(), WarehouseObserved.class))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("observedAt");
    }

    @Test
    void tableRowsShareRepeatedTextAndInstantsAndReadTheSame() {
        String json = """
                {"merchantId":"m-share","productId":"P-1","sku":"SKU-1","aliases":{"UPC":"0400"},
                 "observedAt":"2026-11-27T10:00:00.5Z"}""";
        ProductObserved first = EventJson.readTableRow(Topics.PRODUCTS, json.getBytes(), ProductObserved.class);
        ProductObserved second = EventJson.readTableRow(Topics.PRODUCTS, json.getBytes(), ProductObserved.class);
        assertThat(first).isEqualTo(EventJson.read(Topics.PRODUCTS, json.getBytes(), ProductObserved.class));
        assertThat(second.merchantId()).isSameAs(first.merchantId());
        assertThat(second.aliases().keySet().iterator().next()).isSameAs(first.aliases().keySet().iterator().next());
        assertThat(second.observedAt()).isSameAs(first.observedAt());
        String wrongType = json.replace("\"SKU-1\"", "42");
        assertThatThrownBy(() -> EventJson.readTableRow(Topics.PRODUCTS, wrongType.getBytes(), ProductObserved.class))
                .isInstanceOf(EventFormatException.class).hasMessageContaining("sku");
    }
}
