package io.invsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LimitsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void quotesALongValueByItsStartAndLengthOnly() {
        String huge = "A".repeat(2_097_152);

        assertThat(Limits.quote(huge)).isEqualTo("'" + "A".repeat(40) + "…' (2097152 characters)");
        assertThat(Limits.quote("short")).isEqualTo("'short'");
    }

    @Test
    void anErrorAboutAHugeIdDoesNotEchoIt() {
        String huge = "M".repeat(1_000_000);

        assertThatThrownBy(() -> Keys.merchant(huge))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("merchantId");
                    assertThat(e.getMessage()).hasSizeLessThan(200).contains("(1000000 characters)");
                });
    }

    @Test
    void idsMayHave128CharactersAndNoMore() {
        assertThat(Keys.product("m", "P".repeat(128))).endsWith("P".repeat(128));
        assertThatThrownBy(() -> Keys.product("m", "P".repeat(129)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("productId"));
        assertThatThrownBy(() -> Keys.merchant("m".repeat(129)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("merchantId"));
        assertThatThrownBy(() -> Keys.warehouse("m", "W".repeat(129)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("warehouseId"));
        assertThatThrownBy(() -> Keys.sku("m", "S".repeat(129)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("sku"));
    }

    @Test
    void aliasNamesHave64AndValues256CharactersAtMost() {
        assertThat(Keys.alias("m", "N".repeat(64), "v".repeat(256))).isNotEmpty();
        assertThatThrownBy(() -> Keys.alias("m", "N".repeat(65), "v"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("aliasName"));
        assertThatThrownBy(() -> Keys.alias("m", "UPC", "v".repeat(2_000_000)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("aliasValue");
                    assertThat(e.getMessage()).contains("at most 256").hasSizeLessThan(200);
                });
    }

    @Test
    void refusesAnInstantTooFarInTheFutureSayingHowFarAndTheLimit() {
        Duration skew = Duration.ofMinutes(5);

        assertThat(Limits.requireNotFuture("observedAt", NOW.plus(skew), NOW, skew)).isEqualTo(NOW.plus(skew));
        assertThatThrownBy(() -> Limits.requireNotFuture("observedAt", NOW.plus(Duration.ofHours(3)), NOW, skew))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("observedAt");
                    assertThat(e.getMessage()).contains("PT3H in the future", "PT5M");
                });
    }

    @Test
    void aCartsReasonIsCutTo1024Characters() {
        var result = new CartPushRecorded("m", "c", "A-1", "P", 1L, PushOutcome.REJECTED, "x".repeat(50_000), NOW,
                null, NOW);

        assertThat(result.reason()).hasSize(Limits.MAX_REASON).endsWith("…");
    }
}
