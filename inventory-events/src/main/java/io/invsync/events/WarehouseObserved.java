package io.invsync.events;

import java.time.Instant;

public record WarehouseObserved(String merchantId, String warehouseId, String name, Instant observedAt) {

    public WarehouseObserved {
        Require.present("merchantId", merchantId);
        Require.present("warehouseId", warehouseId);
        Require.present("observedAt", observedAt);
    }
}
