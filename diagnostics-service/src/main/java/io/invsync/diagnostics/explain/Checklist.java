package io.invsync.diagnostics.explain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.invsync.diagnostics.explain.Check.Status;
import io.invsync.diagnostics.explain.Explanation.Quantities;
import io.invsync.diagnostics.explain.Explanation.Verdict;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.InventorySync;
import io.invsync.events.PushOutcome;
import io.invsync.events.RunStatus;
import io.invsync.support.QuantityRules;

/**
 * The support engineer's troubleshooting checklist (DESIGN §5), in the order they would work through it. A pure
 * function of a {@link Subject}: the first FAIL is the cause.
 */
public final class Checklist {

    public static final List<String> ORDER = List.of("QUANTITY_BASIS", "MERCHANT_INVENTORY_SYNC",
            "MERCHANT_LAST_INVENTORY_RUN", "MERCHANT_LAST_RUN_STATUS", "CART_INVENTORY_UPLOAD", "CART_SYNC_WAREHOUSE",
            "SKU_MATCHES_ONE_PRODUCT", "PRODUCT_HAS_PUSH_ALIAS", "WAREHOUSE_LEVEL_LOADED",
            "CART_MINIMUM_INVENTORY_LEVEL", "CART_HAS_SKU", "CART_INVENTORY_TRACKING", "CART_LAST_SYNC",
            "CART_LAST_PUSH", "QUANTITY_MATCH");

    /** Checks that only say the cart has not caught up yet; a recent change explains them (PENDING). */
    private static final List<String> CATCHING_UP = List.of("CART_LAST_SYNC", "QUANTITY_MATCH");

    private final Duration stalenessLimit;
    private final Duration pendingGrace;
    private final Duration holdLimit;

    /** @param holdLimit how long an order line holds stock back at most (as cart-push-service applies it) */
    public Checklist(Duration stalenessLimit, Duration pendingGrace, Duration holdLimit) {
        this.stalenessLimit = stalenessLimit;
        this.pendingGrace = pendingGrace;
        this.holdLimit = holdLimit;
    }

    public Explanation explain(Subject s) {
        CartSettingsChanged cart = s.cart();
        WarehouseLevel cartLevel = cartLevel(s);
        Long available = cart == null || s.level() == null ? null : QuantityRules.available(cart, s.level());
        Instant snapshot = cart == null || s.level() == null ? null : QuantityRules.snapshotObservedAt(cart, s.level());
        Long inFlight = cart == null || s.level() == null ? null
                : QuantityRules.inFlight(snapshot, s.orders(), s.now(), holdLimit);
        Instant holdEnds = inFlight == null || inFlight == 0 ? null
                : QuantityRules.nextHoldEnd(snapshot, s.orders(), s.now(), holdLimit);
        Long expected = available == null ? null
                : QuantityRules.toPush(available, inFlight, cart.minimumInventoryLevel());
        Long pushed = s.lastResult() != null && s.lastResult().outcome().cartHasQuantity() ? s.lastResult().quantity()
                : null;
        Long inCart = cartQuantity(s, pushed);
        Instant cartReadAt = s.cartProduct() == null || s.cartProduct().cartQuantity() == null ? null
                : s.cartProduct().observedAt();
        Long onHand = null;
        Long allocated = null;
        if (cartLevel != null) {
            onHand = cartLevel.onHand();
            allocated = cartLevel.allocated();
        } else if (allLevels(s)) {
            onHand = s.level().total().onHand();
            allocated = s.level().total().allocated();
        }
        var quantities = new Quantities(onHand, allocated, available, inFlight, expected, pushed, inCart, cartReadAt);

        List<Check> checks = new ArrayList<>();
        checks.add(quantityBasis(quantities, holdEnds));
        checks.addAll(merchantChecks(s));
        checks.add(cartInventoryUpload(s));
        checks.add(cartSyncWarehouse(s));
        checks.add(skuMatchesOneProduct(s));
        checks.add(productHasPushAlias(s));
        checks.add(warehouseLevelLoaded(s, cartLevel));
        checks.add(minimumInventoryLevel(s, available, inFlight, expected));
        checks.add(cartHasSku(s));
        checks.add(cartInventoryTracking(s));
        checks.add(cartLastSync(s));
        checks.add(cartLastPush(s));
        checks.add(quantityMatch(s, expected, inCart, readFromCart(s, pushed)));

        Check firstFail = checks.stream().filter(c -> c.status() == Status.FAIL).findFirst().orElse(null);
        Verdict verdict;
        String cause = null;
        if (firstFail == null) {
            verdict = Verdict.IN_SYNC;
        } else if (changeInFlight(s) && checks.stream().filter(c -> c.status() == Status.FAIL)
                .allMatch(c -> CATCHING_UP.contains(c.id()))) {
            verdict = Verdict.PENDING;
        } else {
            verdict = Verdict.NOT_SYNCED;
            cause = firstFail.id();
        }
        return new Explanation(s.merchantId(), s.cartId(), cart == null ? null : cart.pushAlias(), s.aliasValue(),
                s.matchedBy(), s.productIds(), verdict, cause, quantities, List.copyOf(checks));
    }

    /** The merchant-level checks alone (also the first part of every SKU's checklist). */
    public List<Check> merchantChecks(Subject s) {
        return List.of(merchantInventorySync(s), lastInventoryRun(s), lastRunStatus(s));
    }

    private static boolean allLevels(Subject s) {
        return s.cart() != null && s.level() != null
                && CartSettingsChanged.ALL_WAREHOUSES.equals(s.cart().syncWarehouse()) && !s.level().warehouses().isEmpty();
    }

    private static WarehouseLevel cartLevel(Subject s) {
        if (s.cart() == null || s.level() == null || CartSettingsChanged.ALL_WAREHOUSES.equals(s.cart().syncWarehouse())) {
            return null;
        }
        return s.level().warehouses().get(s.cart().syncWarehouse());
    }

    /** The cart's own read when it is newer than the last confirmed push, else what the push confirmed. */
    private static Long cartQuantity(Subject s, Long pushed) {
        return readFromCart(s, pushed) ? s.cartProduct().cartQuantity() : pushed;
    }

    /** Whether the cart's quantity as the explanation states it is the cart's own read (not the last push). */
    private static boolean readFromCart(Subject s, Long pushed) {
        var read = s.cartProduct();
        return read != null && read.cartQuantity() != null
                && (s.lastResult() == null || read.observedAt().isAfter(s.lastResult().attemptedAt()) || pushed == null);
    }

    /** The newest level in the cart's warehouse arrived after the last push attempt, within the grace period. */
    private boolean changeInFlight(Subject s) {
        Instant loaded = loadedAt(s);
        if (loaded == null || loaded.plus(pendingGrace).isBefore(s.now())) {
            return false;
        }
        return s.lastResult() == null || !s.lastResult().attemptedAt().isAfter(loaded);
    }

    private static Instant loadedAt(Subject s) {
        if (s.level() == null || s.cart() == null) {
            return null;
        }
        WarehouseLevel level = cartLevel(s);
        if (level != null) {
            return level.loadedAt();
        }
        return allLevels(s) ? s.level().warehouses().values().stream().map(WarehouseLevel::loadedAt)
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(null) : null;
    }

    private static Map<String, Object> evidence(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1] instanceof Enum<?> e ? e.name() : pairs[i + 1]);
            }
        }
        return map;
    }

    private Check quantityBasis(Quantities q, Instant holdEnds) {
        if (q.available() == null) {
            return Check.pass("QUANTITY_BASIS", "Sync compares available (on hand minus allocated), never on hand; "
                    + "no level is known yet for this product in the cart's warehouse.", Map.of());
        }
        String finding = "Sync compares available " + q.available() + " (on hand " + q.onHand() + " minus allocated "
                + q.allocated() + "), not on hand " + q.onHand() + ".";
        var evidence = evidence("onHand", q.onHand(), "allocated", q.allocated(), "available", q.available());
        if (holdEnds != null) {
            // an order line stops holding stock at a newer level, or at the hold limit whatever the WMS sends
            finding += " In-flight orders hold back " + q.inFlightOrders() + " of it; the first hold ends at "
                    + holdEnds + " at the latest (order hold limit " + holdLimit + "), sooner if the WMS sends a level"
                    + " observed after the order.";
            evidence = new LinkedHashMap<>(evidence);
            evidence.put("inFlightOrders", q.inFlightOrders());
            evidence.put("holdEndsAt", holdEnds.toString());
        }
        return Check.pass("QUANTITY_BASIS", finding, evidence);
    }

    private static Check merchantInventorySync(Subject s) {
        String id = "MERCHANT_INVENTORY_SYNC";
        if (s.merchant() == null) {
            return Check.fail(id, "Merchant " + s.merchantId() + " has no settings in invsync.",
                    "Save the merchant's settings: PUT /api/merchants/" + s.merchantId() + " with inventorySync ON or "
                            + "AUTOMATIC.", Map.of());
        }
        InventorySync sync = s.merchant().inventorySync();
        var evidence = evidence("inventorySync", sync, "pollInterval", String.valueOf(s.merchant().pollInterval()));
        return switch (sync) {
            case OFF -> Check.fail(id, "Inventory sync is OFF for merchant " + s.merchantId()
                    + ": no inventory is taken from the WMS.", "Set inventorySync to ON (invsync pulls) or AUTOMATIC "
                    + "(the WMS pushes) in the merchant's settings.", evidence);
            case AUTOMATIC -> Check.pass(id, "Inventory sync is AUTOMATIC: the WMS controls this step and pushes "
                    + "inventory itself.", evidence);
            case ON -> Check.pass(id, "Inventory sync is ON: invsync pulls from the WMS every "
                    + s.merchant().pollInterval() + ".", evidence);
        };
    }

    private static boolean wmsControlsRuns(Subject s) {
        return s.merchant() != null && s.merchant().inventorySync() == InventorySync.AUTOMATIC;
    }

    private static Check lastInventoryRun(Subject s) {
        String id = "MERCHANT_LAST_INVENTORY_RUN";
        if (wmsControlsRuns(s)) {
            return Check.skip(id, "Inventory sync is AUTOMATIC: the WMS decides when inventory arrives"
                    + (s.lastRun() == null ? "; nothing has arrived yet." : "; the last arrived at "
                    + s.lastRun().startedAt() + "."));
        }
        if (s.lastRun() == null) {
            return Check.fail(id, "The last inventory run: never. No inventory has been downloaded from the WMS.",
                    "Run one now (POST /api/merchants/" + s.merchantId() + "/inventory-runs) and check the WMS "
                            + "connection in the merchant's settings.", Map.of("lastInventoryRun", "never"));
        }
        return Check.pass(id, "The last inventory run started at " + s.lastRun().startedAt() + " ("
                + s.lastRun().trigger() + ").", evidence("runId", s.lastRun().runId(), "startedAt",
                s.lastRun().startedAt().toString()));
    }

    private static Check lastRunStatus(Subject s) {
        String id = "MERCHANT_LAST_RUN_STATUS";
        if (wmsControlsRuns(s)) {
            return Check.skip(id, "Inventory sync is AUTOMATIC: run status is the WMS's to report.");
        }
        var run = s.lastRun();
        if (run == null) {
            return Check.skip(id, "No inventory run yet.");
        }
        var evidence = evidence("runId", run.runId(), "status", run.status(), "read", run.read(), "rejected",
                run.rejected());
        if (run.status() == RunStatus.FAILED) {
            return Check.fail(id, "The last inventory run (" + run.startedAt() + ") FAILED: " + run.error(),
                    "Fix the cause shown, then run again (POST /api/merchants/" + s.merchantId() + "/inventory-runs).",
                    evidence);
        }
        if (run.status() == RunStatus.PARTIAL) {
            return Check.warn(id, "The last inventory run (" + run.startedAt() + ") was PARTIAL: " + run.rejected()
                    + " of " + run.read() + " rows were rejected.", "See the rejected rows and their reasons in "
                    + "GET /api/merchants/" + s.merchantId() + "/inventory-runs and correct them in the WMS.",
                    evidence);
        }
        return Check.pass(id, "The last inventory run (" + run.startedAt() + ") is " + run.status() + ": "
                + run.accepted() + " of " + run.read() + " rows accepted.", evidence);
    }

    private static Check cartInventoryUpload(Subject s) {
        String id = "CART_INVENTORY_UPLOAD";
        if (s.cart() == null) {
            return Check.fail(id, "Cart " + s.cartId() + " has no settings in invsync.",
                    "Save the cart's settings: PUT /api/carts/" + s.cartId() + ".", Map.of());
        }
        if (!s.cart().inventoryUploadEnabled()) {
            return Check.fail(id, "The inventory upload service is off for cart " + s.cartId() + ".",
                    "Set inventoryUploadEnabled to true in the cart's settings.",
                    evidence("inventoryUploadEnabled", false));
        }
        return Check.pass(id, "The inventory upload service is on for cart " + s.cartId() + ".",
                evidence("inventoryUploadEnabled", true));
    }

    private static Check cartSyncWarehouse(Subject s) {
        String id = "CART_SYNC_WAREHOUSE";
        if (s.cart() == null) {
            return Check.skip(id, "No cart settings.");
        }
        String warehouse = s.cart().syncWarehouse();
        if (CartSettingsChanged.ALL_WAREHOUSES.equals(warehouse)) {
            return Check.pass(id, "The cart takes the sum over all " + s.warehouses().size() + " warehouses.",
                    evidence("syncWarehouse", warehouse));
        }
        List<String> known = s.warehouses().stream().map(w -> w.warehouseId()).sorted().toList();
        if (!known.contains(warehouse)) {
            return Check.fail(id, "The cart's warehouse " + warehouse + " is not among the merchant's warehouses "
                    + known + ".", "Set syncWarehouse in the cart's settings to one of " + known + " or ALL.",
                    evidence("syncWarehouse", warehouse, "warehouses", known));
        }
        if (s.level() != null) {
            WarehouseLevel here = s.level().warehouses().get(warehouse);
            List<String> elsewhere = s.level().warehouses().entrySet().stream()
                    .filter(e -> !e.getKey().equals(warehouse) && e.getValue().available() > 0).map(Map.Entry::getKey)
                    .sorted().toList();
            if ((here == null || here.available() <= 0) && !elsewhere.isEmpty()) {
                return Check.fail(id, "The product has stock only in other warehouses " + elsewhere + ", not in the "
                        + "cart's warehouse " + warehouse + ".", "Set syncWarehouse to ALL or to a warehouse that "
                        + "stocks it, or move stock to " + warehouse + ".",
                        evidence("syncWarehouse", warehouse, "stockedIn", elsewhere));
            }
        }
        return Check.pass(id, "The cart syncs warehouse " + warehouse + ", one of the merchant's warehouses.",
                evidence("syncWarehouse", warehouse));
    }

    private static Check skuMatchesOneProduct(Subject s) {
        String id = "SKU_MATCHES_ONE_PRODUCT";
        if (s.productIds().isEmpty()) {
            return Check.fail(id, "No product of merchant " + s.merchantId() + " has an alias with the value '"
                    + s.aliasValue() + "': the codes in the cart do not match the WMS.", "Correct the code in the "
                    + "cart or the product's alias in the WMS so that they are equal.", Map.of());
        }
        if (s.productIds().size() > 1) {
            return Check.fail(id, "The value '" + s.aliasValue() + "' is held by " + s.productIds().size()
                    + " products (" + String.join(", ", s.productIds()) + ") under " + s.matchedBy()
                    + ": a duplicate alias, so none of them is pushed under it.", "Give each product a unique "
                    + s.matchedBy() + " in the WMS.", evidence("productIds", s.productIds()));
        }
        return Check.pass(id, "'" + s.aliasValue() + "' matches exactly one product, " + s.productIds().get(0)
                + " (by " + s.matchedBy() + ").", evidence("productId", s.productIds().get(0)));
    }

    private static Check productHasPushAlias(Subject s) {
        String id = "PRODUCT_HAS_PUSH_ALIAS";
        if (s.cart() == null || s.aliases() == null) {
            return Check.skip(id, "No single product or no cart settings to compare.");
        }
        String pushAlias = s.cart().pushAlias();
        String value = s.aliases().get(pushAlias);
        if (value == null) {
            return Check.fail(id, "The product has no " + pushAlias + " alias, the cart's push alias (it has "
                    + s.aliases().keySet() + "), so it is ignored for this cart.", "Add a " + pushAlias + " alias to "
                    + "the product in the WMS, or change pushAlias in the cart's settings.",
                    evidence("pushAlias", pushAlias, "aliases", s.aliases().keySet()));
        }
        return Check.pass(id, "The product has the push alias " + pushAlias + " = '" + value + "'.",
                evidence("pushAlias", pushAlias, "value", value));
    }

    private Check warehouseLevelLoaded(Subject s, WarehouseLevel cartLevel) {
        String id = "WAREHOUSE_LEVEL_LOADED";
        if (s.cart() == null || s.productIds().size() != 1) {
            return Check.skip(id, "No single product or no cart settings.");
        }
        String warehouse = s.cart().syncWarehouse();
        Instant loaded = loadedAt(s);
        if (loaded == null) {
            return Check.fail(id, "No inventory level of the product has been loaded for "
                    + (CartSettingsChanged.ALL_WAREHOUSES.equals(warehouse) ? "any warehouse" : "warehouse " + warehouse)
                    + ".", "Make sure the WMS sends this product for that warehouse (see the last inventory run's "
                    + "rejected rows).", evidence("syncWarehouse", warehouse));
        }
        Duration age = Duration.between(loaded, s.now());
        var evidence = evidence("loadedAt", loaded.toString(), "ageSeconds", age.toSeconds());
        if (age.compareTo(stalenessLimit) > 0) {
            return Check.warn(id, "The level was last loaded at " + loaded + ", " + age.toHours()
                    + " h ago (limit " + stalenessLimit.toHours() + " h).", "Check that the WMS still sends this "
                    + "product; run an inventory download.", evidence);
        }
        return Check.pass(id, "The level was loaded at " + loaded + ".", evidence);
    }

    private static Check minimumInventoryLevel(Subject s, Long available, Long inFlight, Long expected) {
        String id = "CART_MINIMUM_INVENTORY_LEVEL";
        if (s.cart() == null || available == null) {
            return Check.skip(id, "No quantity to compare with the floor.");
        }
        long floor = s.cart().minimumInventoryLevel();
        long beforeFloor = Math.max(0, available - inFlight);
        var evidence = evidence("minimumInventoryLevel", floor, "beforeFloor", beforeFloor, "expected", expected);
        if (beforeFloor > 0 && expected == 0) {
            return Check.warn(id, "The floor " + floor + " turned " + beforeFloor + " into 0 for the cart.",
                    "Lower minimumInventoryLevel in the cart's settings if the cart should show small quantities.",
                    evidence);
        }
        return Check.pass(id, "The floor " + floor + " leaves the quantity at " + expected + ".", evidence);
    }

    private static Check cartHasSku(Subject s) {
        String id = "CART_HAS_SKU";
        boolean saidMissing = (s.cartProduct() != null && !s.cartProduct().exists())
                || (s.lastResult() != null && s.lastResult().outcome() == PushOutcome.NOT_IN_CART);
        if (saidMissing) {
            return Check.fail(id, "The cart has no product with the value '" + s.aliasValue() + "'.",
                    "Create the product in the cart with this code, or correct its code in the cart.",
                    evidence("exists", false));
        }
        if (s.cartProduct() != null) {
            return Check.pass(id, "The cart has the product (" + s.cartProduct().cartItemRef() + "), read at "
                    + s.cartProduct().observedAt() + ".", evidence("cartItemRef", s.cartProduct().cartItemRef()));
        }
        if (s.lastResult() != null && s.lastResult().outcome() == PushOutcome.PUSHED) {
            return Check.pass(id, "The cart accepted a push for it at " + s.lastResult().attemptedAt() + ".", Map.of());
        }
        return Check.skip(id, "The cart's catalog has not been read for this value yet.");
    }

    private static Check cartInventoryTracking(Subject s) {
        String id = "CART_INVENTORY_TRACKING";
        boolean disabled = (s.cartProduct() != null && s.cartProduct().exists() && !s.cartProduct().inventoryTracked())
                || (s.lastResult() != null && s.lastResult().outcome() == PushOutcome.TRACKING_DISABLED);
        if (disabled) {
            return Check.fail(id, "Inventory Enabled: NO. The cart does not track inventory for this product, so a "
                    + "quantity would be ignored.", "Turn on inventory tracking for the product in the cart.",
                    evidence("inventoryTracked", false));
        }
        if (s.cartProduct() != null && s.cartProduct().exists()) {
            return Check.pass(id, "Inventory Enabled: YES.", evidence("inventoryTracked", true));
        }
        return Check.skip(id, "Not known until the cart's catalog is read.");
    }

    private Check cartLastSync(Subject s) {
        String id = "CART_LAST_SYNC";
        Instant synced = s.lastResult() == null ? null : s.lastResult().syncedAt();
        if (synced == null) {
            return Check.fail(id, "Last sync: never. invsync has not set a quantity for '" + s.aliasValue()
                    + "' in this cart.", "See the checks above; once they pass, POST /api/carts/" + s.cartId()
                    + "/resync.", Map.of("lastSync", "never"));
        }
        Duration age = Duration.between(synced, s.now());
        var evidence = evidence("syncedAt", synced.toString(), "ageSeconds", age.toSeconds());
        if (age.compareTo(stalenessLimit) > 0 && changeSinceSync(s, synced)) {
            return Check.warn(id, "Last sync at " + synced + ", " + age.toHours() + " h ago, and inventory changed "
                    + "since.", "POST /api/carts/" + s.cartId() + "/resync.", evidence);
        }
        return Check.pass(id, "Last sync at " + synced + ".", evidence);
    }

    private static boolean changeSinceSync(Subject s, Instant synced) {
        Instant loaded = loadedAt(s);
        return loaded != null && loaded.isAfter(synced);
    }

    private static Check cartLastPush(Subject s) {
        String id = "CART_LAST_PUSH";
        var last = s.lastResult();
        if (last == null) {
            return Check.skip(id, "No push has been attempted.");
        }
        var evidence = evidence("outcome", last.outcome(), "attemptedAt", last.attemptedAt().toString(), "reason",
                last.reason());
        if (last.outcome() == PushOutcome.REJECTED || last.outcome() == PushOutcome.FAILED) {
            return Check.fail(id, "The last push (" + last.attemptedAt() + ") was " + last.outcome() + ": "
                    + last.reason(), last.outcome() == PushOutcome.REJECTED
                    ? "Correct what the cart objected to, then POST /api/carts/" + s.cartId() + "/resync."
                    : "Check the cart's reachability and credentials (credentialsRef); the next change or a resync "
                    + "tries again.", evidence);
        }
        return Check.pass(id, "The last outcome (" + last.attemptedAt() + ") was " + last.outcome()
                + (last.reason() == null ? "." : ": " + last.reason()), evidence);
    }

    /**
     * @param fromRead whether {@code inCart} is the cart's own read (a catalog read or reconciliation) rather than
     *        what invsync's last confirmed push left: a difference found by a read is drift
     */
    private static Check quantityMatch(Subject s, Long expected, Long inCart, boolean fromRead) {
        String id = "QUANTITY_MATCH";
        if (expected == null) {
            return Check.skip(id, "No expected quantity: no level in the cart's warehouse.");
        }
        String reconcile = "POST /api/carts/" + s.cartId() + "/reconcile";
        if (inCart == null) {
            return Check.fail(id, "The cart's quantity is not known; " + expected + " is expected.",
                    "Reconcile the cart (" + reconcile + "): it reads the cart's quantities and pushes the differences.",
                    evidence("expected", expected));
        }
        Instant readAt = fromRead ? s.cartProduct().observedAt() : null;
        String source = fromRead ? "A read of the cart at " + readAt + " shows "
                : "The cart shows (as invsync's last confirmed push at " + s.lastResult().attemptedAt() + " left it) ";
        var evidence = evidence("expected", expected, "cart", inCart, "source", fromRead ? "cart read" : "last push",
                "cartReadAt", readAt == null ? null : readAt.toString());
        if (!inCart.equals(expected)) {
            return fromRead
                    ? Check.fail(id, source + inCart + " but " + expected + " is expected: the cart's quantity was "
                            + "changed outside invsync (drift), or a push did not reach it.",
                            "Reconcile the cart (" + reconcile + ") to push the expected quantity back, or resync it "
                            + "(POST /api/carts/" + s.cartId() + "/resync); if it drifts again, find what else writes "
                            + "the cart's quantities (another app, the cart's admin).", evidence)
                    : Check.fail(id, source + inCart + " but " + expected + " is expected.",
                            "Resync the cart (POST /api/carts/" + s.cartId() + "/resync); if it persists, see the last "
                            + "push.", evidence);
        }
        return Check.pass(id, source + inCart + ", as expected.", evidence);
    }
}
