package io.invsync.cartpush.cart;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.invsync.events.CartType;

/** The body of {@code PUT /api/carts/{cartId}}: the field names of DESIGN §1. No secret: only its name. */
record CartSettingsRequest(
        @NotBlank @Pattern(regexp = "[^/\\s]{1,100}", message = "must be an id without '/' or blanks") String merchantId,
        @NotNull CartType type,
        @NotBlank @Pattern(regexp = "https?://\\S{1,2000}", message = "must be an http(s) URL") String baseUrl,
        @Size(max = 200) String location,
        @Pattern(regexp = "[A-Za-z0-9_]{1,100}", message = "must be a secret name of letters, digits and _")
        String credentialsRef,
        Boolean inventoryUploadEnabled,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}", message = "must be a warehouse id or ALL")
        String syncWarehouse,
        @Pattern(regexp = "[A-Z][A-Z0-9_]{0,49}", message = "must be an upper-case alias name such as SKU or UPC")
        String pushAlias,
        @Min(value = 0, message = "must not be negative") Long minimumInventoryLevel) {
}
