package io.invsync.ingest.merchant;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.invsync.events.InventorySync;

/** The body of {@code PUT /api/merchants/{merchantId}}: the field names of DESIGN §1. */
record MerchantSettingsRequest(
        @Size(max = 200) String name,
        @NotNull InventorySync inventorySync,
        Duration pollInterval,
        @Valid Wms wms) {

    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(15);

    /** {@code credentialsRef} names a secret (INVSYNC_SECRET_<ref>); the secret itself is never accepted here. */
    record Wms(
            @Size(max = 50) String type,
            @Size(max = 2000) String url,
            @Pattern(regexp = "[A-Za-z0-9_]{1,100}", message = "must be a secret name of letters, digits and _")
            String credentialsRef) {
    }
}
