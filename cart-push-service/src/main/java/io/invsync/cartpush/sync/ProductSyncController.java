package io.invsync.cartpush.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpMethod;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.cartpush.plan.PlanStage;
import io.invsync.cartpush.streams.CartViews;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Limits;
import io.invsync.support.NotFoundException;
import io.invsync.support.streams.MerchantRouting;
import io.invsync.support.streams.StateStores;

/**
 * "View Product Sync": per (location, alias value) of a cart, what the cart says and what invsync last did
 * ({@code location} narrows it to one of the cart's locations). Answered by the
 * instance that plans the cart's merchant (it holds the cart's results and cart products); any other instance
 * passes the request on.
 */
@RestController
@Validated
class ProductSyncController {

    private final CartViews views;

    ProductSyncController(CartViews views) {
        this.views = views;
    }

    @GetMapping("/api/carts/{cartId}/product-sync")
    Page productSync(@PathVariable String cartId, @RequestParam(required = false) @Size(max = 256) String search,
            @RequestParam(required = false) @Size(max = Limits.MAX_LOCATION) String location,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        CartSettingsChanged cart = views.cart(cartId)
                .orElseThrow(() -> new NotFoundException("cartId", "cart '" + cartId + "' is not known"));
        if (location != null && cart.location(location).isEmpty()) {
            throw new NotFoundException("location", "cart '" + cartId + "' has no location '" + location + "'");
        }
        HostInfo planner = localOnly ? null : views.planner(cart);
        StateStores stores = views.stores();
        if (planner != null) {
            return stores.forward(planner, HttpMethod.GET, StateStores.pathAndQuery(request), Page.class);
        }
        String needle = search == null ? "" : search.toLowerCase(Locale.ROOT);
        // the page is kept in key order (location, value) while the matches are counted: never the cart's every
        // result at once
        TreeMap<String, CartPushRecorded> page = new TreeMap<>();
        int[] total = { 0 };
        String prefix = location == null ? MerchantRouting.cartPrefix(cart.merchantId(), cartId)
                : MerchantRouting.cartLocationPrefix(cart.merchantId(), cartId, location);
        stores.<CartPushRecorded>forEachLocal(PlanStage.RESULTS, prefix, (key, r) -> {
            if (needle.isEmpty() || r.aliasValue().toLowerCase(Locale.ROOT).contains(needle)
                    || (r.productId() != null && r.productId().toLowerCase(Locale.ROOT).contains(needle))) {
                total[0]++;
                page.put(key, r);
                if (page.size() > offset + limit) {
                    page.pollLastEntry();
                }
            }
        });
        ReadOnlyKeyValueStore<String, CartProductObserved> cartProducts = stores.local(PlanStage.CART_PRODUCTS);
        List<Row> rows = new ArrayList<>();
        int index = 0;
        for (CartPushRecorded r : page.values()) {
            if (index++ >= offset) {
                rows.add(Row.of(r, cartProducts.get(MerchantRouting.cartKey(cart.merchantId(), cartId, r.location(),
                        r.aliasValue()))));
            }
        }
        return new Page(total[0], offset, limit, rows);
    }

    record Page(int total, int offset, int limit, List<Row> items) {
    }

    /**
     * @param inventoryEnabled YES/NO as the cart said at its last catalog read, UNKNOWN before any read
     * @param lastSyncTime when the cart last confirmed a quantity, or "never"
     */
    record Row(String location, String aliasValue, String productId, String inventoryEnabled, String lastSyncTime,
            Long lastQuantityPushed, String lastOutcome, String reason, Instant lastAttemptAt) {

        static Row of(CartPushRecorded r, CartProductObserved cartProduct) {
            String enabled = cartProduct == null ? "UNKNOWN" : cartProduct.inventoryTracked() ? "YES" : "NO";
            return new Row(r.location(), r.aliasValue(), r.productId(), enabled,
                    r.syncedAt() == null ? "never" : r.syncedAt().toString(),
                    r.outcome().cartHasQuantity() ? r.quantity() : null, r.outcome().name(), r.reason(),
                    r.attemptedAt());
        }
    }
}
