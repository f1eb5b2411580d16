package io.invsync.cartpush.sync;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.cartpush.state.PushState;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.support.NotFoundException;

/** "View Product Sync": per alias value of a cart, what the cart says and what invsync last did. */
@RestController
@Validated
class ProductSyncController {

    private final PushState state;

    ProductSyncController(PushState state) {
        this.state = state;
    }

    @GetMapping("/api/carts/{cartId}/product-sync")
    Page productSync(@PathVariable String cartId, @RequestParam(required = false) String search,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (state.cart(cartId).isEmpty()) {
            throw new NotFoundException("cartId", "cart '" + cartId + "' is not known");
        }
        String needle = search == null ? "" : search.toLowerCase(Locale.ROOT);
        List<Row> rows = state.resultsOf(cartId).stream()
                .filter(r -> needle.isEmpty() || r.aliasValue().toLowerCase(Locale.ROOT).contains(needle)
                        || (r.productId() != null && r.productId().toLowerCase(Locale.ROOT).contains(needle)))
                .sorted(Comparator.comparing(CartPushRecorded::aliasValue))
                .map(r -> Row.of(r, state.cartProduct(cartId, r.aliasValue()).orElse(null)))
                .toList();
        return new Page(rows.size(), offset, limit, rows.stream().skip(offset).limit(limit).toList());
    }

    record Page(int total, int offset, int limit, List<Row> items) {
    }

    /**
     * @param inventoryEnabled YES/NO as the cart said at its last catalog read, UNKNOWN before any read
     * @param lastSyncTime when the cart last confirmed a quantity, or "never"
     */
    record Row(String aliasValue, String productId, String inventoryEnabled, String lastSyncTime,
            Long lastQuantityPushed, String lastOutcome, String reason, Instant lastAttemptAt) {

        static Row of(CartPushRecorded r, CartProductObserved cartProduct) {
            String enabled = cartProduct == null ? "UNKNOWN" : cartProduct.inventoryTracked() ? "YES" : "NO";
            return new Row(r.aliasValue(), r.productId(), enabled,
                    r.syncedAt() == null ? "never" : r.syncedAt().toString(),
                    r.outcome().cartHasQuantity() ? r.quantity() : null, r.outcome().name(), r.reason(),
                    r.attemptedAt());
        }
    }
}
