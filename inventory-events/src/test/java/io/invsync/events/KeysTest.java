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
    void cartKeysPutTheCartFirstThenTheLocation() {
        assertThat(Keys.cartValue("shop-1", "DEFAULT", "A/1")).isEqualTo("shop-1/DEFAULT/A/1");
        assertThat(Keys.owner(Keys.cartValue("shop-1", "DEFAULT", "A/1"))).isEqualTo("shop-1");
    }

    @Test
    void aLocationWithTheSeparatorIsEscapedSoTwoLocationsNeverShareAKey() {
        String gid = Keys.cartValue("shop-1", "gid://shopify/Location/7", "A");
        assertThat(gid).isEqualTo("shop-1/gid:%2F%2Fshopify%2FLocation%2F7/A");
        // "a/b" + "c" and "a" + "b/c" would otherwise both be shop-1/a/b/c
        assertThat(Keys.cartValue("shop-1", "a/b", "c")).isNotEqualTo(Keys.cartValue("shop-1", "a", "b/c"));
        assertThat(Keys.cartValue("shop-1", "a%2Fb", "c")).isNotEqualTo(Keys.cartValue("shop-1", "a/b", "c"));
    }

    @Test
    void aLeadingIdMustNotContainTheSeparator() {
        assertThatThrownBy(() -> Keys.product("de/mo", "P-1"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("merchantId"));
    }

    @Test
    void aMissingPartIsNamed() {
        assertThatThrownBy(() -> Keys.cartValue("shop-1", "DEFAULT", " "))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("aliasValue"));
    }
}
