package io.invsync.events;

import java.time.Instant;
import java.util.List;

/** The products holding one alias value. More than one is a duplicate alias: none of them is pushed under it. */
public record AliasIndexChanged(
        String merchantId,
        String aliasName,
        String aliasValue,
        List<String> productIds,
        Instant observedAt) {

    public AliasIndexChanged {
        Require.present("merchantId", merchantId);
        Require.present("aliasName", aliasName);
        Require.present("aliasValue", aliasValue);
        productIds = productIds == null ? List.of() : productIds.stream().sorted().distinct().toList();
    }

    public boolean duplicate() {
        return productIds.size() > 1;
    }
}
