package io.invsync.events;

import java.time.Instant;
import java.util.List;

/**
 * The products holding one alias value. More than one is a duplicate alias: none of them is pushed under it.
 *
 * @param formerProductIds the products that gave the value up in this change (empty when none did): when
 *                         {@code productIds} is empty, the value was theirs until {@code observedAt}
 */
public record AliasIndexChanged(
        String merchantId,
        String aliasName,
        String aliasValue,
        List<String> productIds,
        Instant observedAt,
        List<String> formerProductIds) {

    public AliasIndexChanged {
        Require.present("merchantId", merchantId);
        Require.present("aliasName", aliasName);
        Require.present("aliasValue", aliasValue);
        productIds = productIds == null ? List.of() : productIds.stream().sorted().distinct().toList();
        formerProductIds = formerProductIds == null ? List.of()
                : formerProductIds.stream().sorted().distinct().toList();
    }

    /** The products holding a value, with none that just gave it up. */
    public AliasIndexChanged(String merchantId, String aliasName, String aliasValue, List<String> productIds,
            Instant observedAt) {
        this(merchantId, aliasName, aliasValue, productIds, observedAt, List.of());
    }

    public boolean duplicate() {
        return productIds.size() > 1;
    }
}
