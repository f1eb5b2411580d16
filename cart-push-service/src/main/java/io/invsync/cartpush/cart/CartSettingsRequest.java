package io.invsync.cartpush.cart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonFormat;

import io.invsync.events.CartLocation;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.ChannelRules;
import io.invsync.events.InvalidFieldException;
import io.invsync.events.RuleOverride;

/**
 * The body of {@code PUT /api/carts/{cartId}}: the field names of DESIGN §1. No secret: only its name. Every number
 * is bounded (a quantity above {@value #MAX_QUANTITY} is more than any cart takes) and so are the lists.
 */
record CartSettingsRequest(
        @NotBlank @Pattern(regexp = "[^/\\s]{1,100}", message = "must be an id without '/' or blanks") String merchantId,
        @NotNull CartType type,
        @NotBlank @Pattern(regexp = "https?://\\S{1,2000}", message = "must be an http(s) URL") String baseUrl,
        @Size(max = 200) String location,
        @Pattern(regexp = "[A-Za-z0-9_]{1,100}", message = "must be a secret name of letters, digits and _")
        String credentialsRef,
        Boolean inventoryUploadEnabled,
        @Pattern(regexp = WAREHOUSE, message = "must be a warehouse id or ALL") String syncWarehouse,
        @Pattern(regexp = "[A-Z][A-Z0-9_]{0,49}", message = "must be an upper-case alias name such as SKU or UPC")
        String pushAlias,
        @Min(value = 0, message = "must not be negative") @Max(MAX_QUANTITY) Long minimumInventoryLevel,
        @Size(max = MAX_LOCATIONS) List<@NotNull @Valid LocationRequest> locations,
        @Valid RulesRequest rules,
        @Size(max = MAX_OVERRIDES) List<@NotNull @Valid OverrideRequest> ruleOverrides) {

    /**
     * The settings this body saves for the cart. The shorthand ({@code location}, {@code syncWarehouse}) and
     * {@code locations} exclude each other, so that a cart never has two answers to "which warehouses feed it".
     */
    CartSettingsChanged toSettings(String cartId, Instant observedAt) {
        List<CartLocation> places = null;
        if (locations != null && !locations.isEmpty()) {
            if (location != null || syncWarehouse != null) {
                throw new InvalidFieldException("locations", "give either locations or the shorthand location and "
                        + "syncWarehouse, not both");
            }
            if (locations.size() > 1 && !type.multiLocation()) {
                throw new InvalidFieldException("locations", "a " + type + " cart has one location, was given "
                        + locations.size());
            }
            places = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < locations.size(); i++) {
                LocationRequest place = locations.get(i);
                if (!ids.add(place.location())) {
                    throw new InvalidFieldException("locations[" + i + "].location", "'" + place.location()
                            + "' is given twice: a location is fed once, by all its warehouses");
                }
                if (place.warehouses().contains(CartSettingsChanged.ALL_WAREHOUSES) && place.warehouses().size() > 1) {
                    throw new InvalidFieldException("locations[" + i + "].warehouses", "ALL stands alone: it means "
                            + "every warehouse");
                }
                places.add(place.toLocation());
            }
        }
        return new CartSettingsChanged(cartId, merchantId, type, baseUrl, location, credentialsRef,
                inventoryUploadEnabled == null || inventoryUploadEnabled, syncWarehouse, pushAlias,
                minimumInventoryLevel == null ? 0 : minimumInventoryLevel, observedAt, places,
                rules == null ? null : rules.toRules(),
                ruleOverrides == null ? null : ruleOverrides.stream().map(OverrideRequest::toOverride).toList());
    }

    static final String WAREHOUSE = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";
    static final long MAX_QUANTITY = 1_000_000_000L;
    static final int MAX_LOCATIONS = 50;
    static final int MAX_OVERRIDES = 1000;

    /** A cart-side location and the warehouses that feed it ({@code "ALL"} or a list). */
    record LocationRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = "\\S+", message = "must not contain blanks") String location,
            @NotEmpty @Size(max = 1000) @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<@NotNull @Pattern(regexp = WAREHOUSE, message = "must be a warehouse id or ALL") String> warehouses) {

        CartLocation toLocation() {
            return new CartLocation(location, warehouses);
        }
    }

    /** The channel rules: buffer, then percent, then maximum. */
    record RulesRequest(
            @Min(value = 0, message = "must not be negative") @Max(MAX_QUANTITY) Long buffer,
            @Min(value = 0, message = "must be from 0 to 100") @Max(value = 100, message = "must be from 0 to 100")
            Integer percent,
            @Min(value = 0, message = "must not be negative") @Max(MAX_QUANTITY) Long maximum) {

        ChannelRules toRules() {
            return new ChannelRules(buffer, percent, maximum);
        }
    }

    /** A per-SKU exception: a value or a glob ({@code *}, {@code ?}), and the fields it changes. */
    record OverrideRequest(
            @NotBlank @Size(max = 256) @Pattern(regexp = "\\S+", message = "must be a value or glob without blanks")
            String match,
            @Min(value = 0, message = "must not be negative") @Max(MAX_QUANTITY) Long buffer,
            @Min(value = 0, message = "must be from 0 to 100") @Max(value = 100, message = "must be from 0 to 100")
            Integer percent,
            @Min(value = 0, message = "must not be negative") @Max(MAX_QUANTITY) Long maximum,
            @Min(value = 0, message = "must not be negative") @Max(MAX_QUANTITY) Long minimumInventoryLevel,
            @Min(value = 0, message = "must not be negative") @Max(MAX_QUANTITY) Long fixedQuantity) {

        RuleOverride toOverride() {
            return new RuleOverride(match, buffer, percent, maximum, minimumInventoryLevel, fixedQuantity);
        }
    }
}
