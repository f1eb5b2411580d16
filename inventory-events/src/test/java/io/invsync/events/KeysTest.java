package io.invsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void productKeysPutTheMerchantFirst() {
        assertThat(Keys.product("demo", "P-1")).isEqualTo("demo/P-1");
        assertThat(Keys.owner(Keys.product("demo", "P/1"))).isEqualTo("demo");
    }

    @Test
    void aliasKeysCarryNameAndValue() {
        assertThat(Keys.alias("demo", "UPC", "0123")).isEqualTo("demo/UPC/0123");
    }

    @Test
    void cartKeysPutTheCartFirst() {
        assertThat(Keys.cartAlias("shop-1", "A/1")).isEqualTo("shop-1/A/1");
        assertThat(Keys.owner(Keys.cartAlias("shop-1", "A/1"))).isEqualTo("shop-1");
    }

    @Test
    void aLeadingIdMustNotContainTheSeparator() {
        assertThatThrownBy(() -> Keys.product("de/mo", "P-1"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("merchantId"));
    }

    @Test
    void aMissingPartIsNamed() {
        assertThatThrownBy(() -> Keys.cartAlias("shop-1", " "))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("aliasValue"));
    }
}
