package io.invsync.diagnostics.explain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.invsync.diagnostics.explain.Check.Status;
import io.invsync.diagnostics.explain.Explanation.Quantities;
import io.invsync.diagnostics.explain.Explanation.Verdict;
import io.invsync.events.CartLocation;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.FastInstants;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventorySync;
import io.invsync.events.PushOutcome;
import io.invsync.events.RunStatus;
import io.invsync.rules.PushQuantity;
import io.invsync.rules.QuantityRules;

/**
 * The support engineer's troubleshooting checklist (DESIGN §5), in the order they would work through it. A pure
 * function of a {@link Subject}: the first FAIL is the cause.
 */
public final class Checklist {

    /** The check ids in the checklist's order (the order of {@link CheckId}). */
    public static final List<String> ORDER = Arrays.stream(CheckId.values()).map(Enum::name).toList();

    private final Duration stalenessLimit;
    private final Duration pendingGrace;
    private final Duration holdLimit;

    /** @param holdLimit how long an order line holds stock back at most (as cart-push-service applies it) */
    public Checklist(Duration stalenessLimit, Duration pendingGrace, Duration holdLimit) {
        this.stalenessLimit = stalenessLimit;
        this.pendingGrace = pendingGrace;
        this.holdLimit = holdLimit;
    }

    /**
     * The quantity the cart should show, with its steps: the very function cart-push-service plans with, on the
     * same inputs (the product's level, its push-alias value and SKU, the order lines of its SKU); null without
     * cart settings or a level, where cart-push-service plans nothing either.
     */
    public PushQuantity quantity(Subject s) {
        if (s.cart() == null || s.level() == null) {
            return null;
        }
        CartSettingsChanged cart = s.cart();
        return QuantityRules.compute(cart, s.place(), s.level(), s.level().sku(),
                s.level().aliases().get(cart.pushAlias()), s.orders(), s.now(), holdLimit);
    }

    /**
     * The explanation of a value at each of the cart's locations, as one: the checks and quantities are those of
     * the location that stands worst (the first not synced, else the first pending, else the first), their
     * location-specific findings naming it when the cart has several; {@code locations[]} says how the value
     * stands at every location.
     */
    public Explanation explain(List<Subject> atEachLocation) {
        if (atEachLocation.size() == 1) {
            return explain(atEachLocation.get(0));
        }
        List<Explanation> each = atEachLocation.stream().map(this::explain).toList();
        Explanation worst = each.stream().filter(e -> e.verdict() == Verdict.NOT_SYNCED).findFirst()
                .or(() -> each.stream().filter(e -> e.verdict() == Verdict.PENDING).findFirst())
                .orElse(each.get(0));
        String at = atEachLocation.get(each.indexOf(worst)).place().location();
        List<Check> checks = worst.checks().stream().map(c -> c.id().perLocation()
                ? new Check(c.id(), c.status(), "Location " + at + ": " + c.finding(), c.remedy(), c.evidence())
                : c).toList();
        List<Explanation.Location> locations = each.stream().flatMap(e -> e.locations().stream()).toList();
        return new Explanation(worst.merchantId(), worst.cartId(), worst.aliasName(), worst.aliasValue(),
                worst.matchedBy(), worst.productIds(), worst.verdict(), worst.cause(), worst.quantities(), locations,
                checks);
    }

    public Explanation explain(Subject s) {
        PushQuantity q = quantity(s);
        Long expected = q == null ? null : q.expected();
        Long pushed = s.lastResult() != null && s.lastResult().outcome().cartHasQuantity() ? s.lastResult().quantity()
                : null;
        Long inCart = cartQuantity(s, pushed);
        Instant cartReadAt = s.cartProduct() == null || s.cartProduct().cartQuantity() == null ? null
                : s.cartProduct().observedAt();
        var quantities = q == null
                ? new Quantities(null, null, null, null, null, null, pushed, inCart, cartReadAt)
                : new Quantities(q.onHand(), q.allocated(), q.available(), q.available() == null ? null : q.inFlight(),
                        q.afterRules(), expected, pushed, inCart, cartReadAt);

        List<Check> checks = new ArrayList<>();
        checks.add(quantityBasis(quantities));
        checks.addAll(merchantChecks(s));
        checks.add(cartInventoryUpload(s));
        checks.add(cartSyncWarehouse(s));
        checks.add(skuMatchesOneProduct(s));
        checks.add(productHasPushAlias(s));
        checks.add(warehouseLevelLoaded(s));
        checks.add(kitComponents(s));
        checks.add(inFlightOrders(q));
        checks.add(channelRules(s, q));
        checks.add(minimumInventoryLevel(s, q));
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
                .allMatch(c -> c.id().catchingUp())) {
            verdict = Verdict.PENDING;
        } else {
            verdict = Verdict.NOT_SYNCED;
            cause = firstFail.id().name();
        }
        return new Explanation(s.merchantId(), s.cartId(), s.cart() == null ? null : s.cart().pushAlias(),
                s.aliasValue(), s.matchedBy(), s.productIds(), verdict, cause, quantities,
                q == null ? List.of() : List.of(Explanation.Location.of(q, quantities, verdict, cause)),
                List.copyOf(checks));
    }

    /** The merchant-level checks alone (also the first part of every SKU's checklist). */
    public List<Check> merchantChecks(Subject s) {
        return List.of(merchantInventorySync(s), lastInventoryRun(s), lastRunStatus(s));
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

    private static String warehouses(CartLocation location) {
        return location.warehouses().size() == 1 ? "warehouse " + location.warehouses().get(0)
                : "warehouses " + String.join(", ", location.warehouses());
    }

    /** The newest load among the warehouses that feed the cart's location. */
    private static Instant loadedAt(Subject s) {
        if (s.level() == null || s.cart() == null) {
            return null;
        }
        CartLocation location = s.place();
        return s.level().warehouses().entrySet().stream().filter(e -> location.fedBy(e.getKey()))
                .map(e -> e.getValue().loadedAt()).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
    }

    /** An instant as {@link Instant#toString()} writes it, without {@code DateTimeFormatter}: each recheck explains. */
    private static String text(Instant instant) {
        return instant == null ? "null" : FastInstants.format(instant);
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

    private static Check quantityBasis(Quantities q) {
        if (q.available() == null) {
            return Check.pass(CheckId.QUANTITY_BASIS, "Sync compares available (on hand minus allocated), never on "
                    + "hand; no level is known yet for this product in the cart's warehouses.", Map.of());
        }
        return Check.pass(CheckId.QUANTITY_BASIS, "Sync compares available " + q.available() + " (on hand "
                + q.onHand() + " minus allocated " + q.allocated() + "), not on hand " + q.onHand() + ".",
                evidence("onHand", q.onHand(), "allocated", q.allocated(), "available", q.available()));
    }

    private static Check merchantInventorySync(Subject s) {
        CheckId id = CheckId.MERCHANT_INVENTORY_SYNC;
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
        CheckId id = CheckId.MERCHANT_LAST_INVENTORY_RUN;
        if (wmsControlsRuns(s)) {
            return Check.skip(id, "Inventory sync is AUTOMATIC: the WMS decides when inventory arrives"
                    + (s.lastRun() == null ? "; nothing has arrived yet." : "; the last arrived at "
                    + text(s.lastRun().startedAt()) + "."));
        }
        if (s.lastRun() == null) {
            return Check.fail(id, "The last inventory run: never. No inventory has been downloaded from the WMS.",
                    "Run one now (POST /api/merchants/" + s.merchantId() + "/inventory-runs) and check the WMS "
                            + "connection in the merchant's settings.", Map.of("lastInventoryRun", "never"));
        }
        return Check.pass(id, "The last inventory run started at " + text(s.lastRun().startedAt()) + " ("
                + s.lastRun().trigger() + ").", evidence("runId", s.lastRun().runId(), "startedAt",
                text(s.lastRun().startedAt())));
    }

    private static Check lastRunStatus(Subject s) {
        CheckId id = CheckId.MERCHANT_LAST_RUN_STATUS;
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
            return Check.fail(id, "The last inventory run (" + text(run.startedAt()) + ") FAILED: " + run.error(),
                    "Fix the cause shown, then run again (POST /api/merchants/" + s.merchantId() + "/inventory-runs).",
                    evidence);
        }
        if (run.status() == RunStatus.PARTIAL) {
            return Check.warn(id, "The last inventory run (" + text(run.startedAt()) + ") was PARTIAL: "
                    + run.rejected()
                    + " of " + run.read() + " rows were rejected.", "See the rejected rows and their reasons in "
                    + "GET /api/merchants/" + s.merchantId() + "/inventory-runs and correct them in the WMS.",
                    evidence);
        }
        return Check.pass(id, "The last inventory run (" + text(run.startedAt()) + ") is " + run.status() + ": "
                + run.accepted() + " of " + run.read() + " rows accepted.", evidence);
    }

    private static Check cartInventoryUpload(Subject s) {
        CheckId id = CheckId.CART_INVENTORY_UPLOAD;
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
        CheckId id = CheckId.CART_SYNC_WAREHOUSE;
        if (s.cart() == null) {
            return Check.skip(id, "No cart settings.");
        }
        CartLocation location = s.place();
        String feeds = "location " + location.location() + " ← " + String.join(", ", location.warehouses());
        var evidence = evidence("location", location.location(), "warehouses", location.warehouses());
        if (location.allWarehouses()) {
            return Check.pass(id, "The cart's " + feeds + ": the sum over all " + s.warehouses().size()
                    + " warehouses of the merchant." + amazonNote(s.cart()), evidence);
        }
        List<String> known = s.warehouses().stream().map(w -> w.warehouseId()).sorted().toList();
        List<String> unknown = location.warehouses().stream().filter(w -> !known.contains(w)).toList();
        if (!unknown.isEmpty()) {
            return Check.fail(id, "The cart's " + feeds + ": " + unknown + " not among the merchant's warehouses "
                    + known + ".", "Set syncWarehouse (or the location's warehouses in locations) in the cart's "
                    + "settings to some of " + known + " or ALL.", evidence("location", location.location(), "warehouses", location.warehouses(),
                    "unknown", unknown, "merchantWarehouses", known));
        }
        if (s.level() != null) {
            boolean stockedHere = s.level().warehouses().entrySet().stream()
                    .anyMatch(e -> location.fedBy(e.getKey()) && e.getValue().available() > 0);
            // stock in a warehouse that feeds another location of the cart is offered there: not a fault
            List<String> elsewhere = s.level().warehouses().entrySet().stream()
                    .filter(e -> s.cart().locations().stream().noneMatch(place -> place.fedBy(e.getKey()))
                            && e.getValue().available() > 0).map(Map.Entry::getKey).sorted().toList();
            if (!stockedHere && !elsewhere.isEmpty()) {
                return Check.fail(id, "The product has stock only in warehouses that feed no location of this cart "
                        + elsewhere + "; the cart's " + feeds + ".", "Add " + elsewhere + " to the location's "
                        + "warehouses (or use ALL), or move stock to " + location.warehouses() + ".",
                        evidence("location", location.location(), "warehouses", location.warehouses(), "stockedIn",
                                elsewhere));
            }
        }
        return Check.pass(id, "The cart's " + feeds + ", all of them the merchant's." + amazonNote(s.cart()),
                evidence);
    }

    /** Amazon takes merchant-fulfilled stock only: what FBA holds is Amazon's, never pushed. */
    private static String amazonNote(CartSettingsChanged cart) {
        return cart.type() == CartType.AMAZON ? " Amazon gets merchant-fulfilled stock (fulfillment channel DEFAULT) "
                + "only; FBA stock is Amazon's own and never pushed." : "";
    }

    private static Check skuMatchesOneProduct(Subject s) {
        CheckId id = CheckId.SKU_MATCHES_ONE_PRODUCT;
        if (s.productIds().isEmpty() && s.vacated() != null) {
            var gone = s.vacated();
            String pushed = s.lastResult() != null && s.lastResult().quantity() != null
                    && s.lastResult().outcome().cartHasQuantity() ? " (" + s.lastResult().quantity() + ")" : "";
            return Check.fail(id, "The value '" + s.aliasValue() + "' was the " + gone.aliasName() + " of product "
                    + String.join(", ", gone.formerProductIds()) + " until " + text(gone.observedAt())
                    + "; no product has "
                    + "it now, so invsync no longer pushes it and the cart keeps the last quantity it got" + pushed
                    + ".", "If the alias was removed by mistake, send it again with the product from the WMS; if "
                    + "the product is now sold under another code, change the code in the cart (or set its quantity "
                    + "there).", evidence("aliasName", gone.aliasName(), "formerProductIds",
                    gone.formerProductIds(), "until", text(gone.observedAt())));
        }
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
        CheckId id = CheckId.PRODUCT_HAS_PUSH_ALIAS;
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

    private Check warehouseLevelLoaded(Subject s) {
        CheckId id = CheckId.WAREHOUSE_LEVEL_LOADED;
        if (s.cart() == null || s.productIds().size() != 1) {
            return Check.skip(id, "No single product or no cart settings.");
        }
        CartLocation location = s.place();
        Instant loaded = loadedAt(s);
        if (loaded == null) {
            return Check.fail(id, "No inventory level of the product has been loaded for "
                    + (location.allWarehouses() ? "any warehouse" : warehouses(location) + " (location "
                    + location.location() + ")") + ".", "Make sure the WMS sends this product for "
                    + "those warehouses (see the last inventory run's rejected rows).",
                    evidence("location", location.location(), "warehouses", location.warehouses()));
        }
        Duration age = Duration.between(loaded, s.now());
        var evidence = evidence("loadedAt", text(loaded), "ageSeconds", age.toSeconds());
        if (age.compareTo(stalenessLimit) > 0) {
            return Check.warn(id, "The level was last loaded at " + text(loaded) + ", " + age.toHours()
                    + " h ago (limit " + stalenessLimit.toHours() + " h).", "Check that the WMS still sends this "
                    + "product; run an inventory download.", evidence);
        }
        return Check.pass(id, "The level was loaded at " + text(loaded) + ".", evidence);
    }

    /**
     * A kit's level comes from its components: one the index does not resolve allows no kits; otherwise the
     * limiting component in each warehouse of the location, with its numbers.
     */
    private static Check kitComponents(Subject s) {
        CheckId id = CheckId.KIT_COMPONENTS;
        if (s.level() == null || s.level().kit() == null) {
            return Check.skip(id, "Not a kit.");
        }
        var kit = s.level().kit();
        String recipe = kit.components().stream().map(c -> c.quantity() + " × " + c.sku())
                .collect(Collectors.joining(" + "));
        List<String> unknown = kit.components().stream().filter(c -> c.productId() == null)
                .map(InventoryLevelChanged.Kit.Component::sku).toList();
        if (!unknown.isEmpty()) {
            return Check.fail(id, "The kit (" + recipe + ") has components no single product holds as its SKU: "
                    + unknown + " (unknown, held by several products, or a kit itself: kits do not nest), so each "
                    + "allows no kits.", "Send " + unknown + " from the WMS, correct the kit's components, or give "
                    + "the SKU to one product only.", evidence("components", recipe, "unknown", unknown));
        }
        List<String> perWarehouse = new ArrayList<>();
        Map<String, Object> limiting = new LinkedHashMap<>();
        kit.warehouses().forEach((warehouse, w) -> {
            if (s.place() == null || s.place().fedBy(warehouse)) {
                var l = w.limiting();
                String own = w.own() == null || w.own().available() == 0 ? ""
                        : " plus " + w.own().available() + " of the kit's own";
                perWarehouse.add(l == null ? warehouse + ": " + w.assembled() + own
                        : warehouse + ": " + l.sku() + " limits it, " + l.available() + " available ÷ " + l.quantity()
                        + " = " + l.kits() + " kits" + own);
                if (l != null) {
                    limiting.put(warehouse, evidence("sku", l.sku(), "available", l.available(), "quantity",
                            l.quantity(), "kits", l.kits(), "own", w.own() == null ? null : w.own().available()));
                }
            }
        });
        return Check.pass(id, "A kit of " + recipe + (perWarehouse.isEmpty() ? "; no component has a level in the "
                + "location's warehouses." : ": " + String.join("; ", perWarehouse) + "."),
                evidence("components", recipe, "limiting", limiting));
    }

    /** Order lines the carts took that the WMS's figures do not hold yet: held back until it catches up. */
    private Check inFlightOrders(PushQuantity q) {
        CheckId id = CheckId.IN_FLIGHT_ORDERS;
        if (q == null || q.inFlight() == 0) {
            return Check.skip(id, "No in-flight orders hold stock back.");
        }
        // a line stops holding at a level observed after it was placed, or at the hold limit whatever the WMS sends
        return Check.warn(id, "In-flight orders hold back " + q.inFlight() + " units: taken by carts since the WMS's "
                + "figures were observed (" + text(q.snapshotObservedAt()) + "), the oldest placed at "
                + text(q.oldestInFlightPlacedAt()) + ". The first hold ends at " + text(q.holdEndsAt())
                + " at the latest (order "
                + "hold limit " + holdLimit + "), sooner when the WMS sends a level observed after the order.",
                "Nothing to change if the orders are real: the WMS's next figures include them. If the WMS never "
                + "receives these orders, check its order import.", evidence("inFlightOrders", q.inFlight(),
                "oldestPlacedAt", text(q.oldestInFlightPlacedAt()), "holdEndsAt", text(q.holdEndsAt()),
                "snapshotObservedAt", q.snapshotObservedAt() == null ? null : text(q.snapshotObservedAt())));
    }

    /** The cart's channel rules, or the override that replaced them, each step with its numbers. */
    private static Check channelRules(Subject s, PushQuantity q) {
        CheckId id = CheckId.CHANNEL_RULES;
        if (q == null || (q.steps().isEmpty() && q.override() == null)) {
            return Check.skip(id, "No channel rule or override applies to this product in this cart.");
        }
        String steps = q.steps().stream().map(Checklist::describe).collect(Collectors.joining("; "));
        String by = q.override() == null ? "The cart's channel rules"
                : "Override '" + q.override().match() + "' (the first that matches)";
        var evidence = new LinkedHashMap<String, Object>();
        if (q.override() != null) {
            evidence.put("override", q.override().match());
        }
        evidence.put("steps", q.steps().stream().map(step -> evidence("rule", step.kind(), "setting", step.setting(),
                "before", step.before(), "after", step.after())).toList());
        evidence.put("afterRules", q.afterRules());
        if (q.steps().isEmpty()) {
            return Check.pass(id, by + " applies; no channel rule changes the quantity.", evidence);
        }
        if (q.rulesChanged()) {
            return Check.warn(id, by + ": " + steps + ".", q.override() == null
                    ? "Change rules (buffer, percent, maximum) in the cart's settings if the cart should show more."
                    : "Change or remove override '" + q.override().match() + "' in the cart's ruleOverrides.",
                    evidence);
        }
        return Check.pass(id, by + " leave the quantity as it is: " + steps + ".", evidence);
    }

    private static String describe(PushQuantity.Step step) {
        return switch (step.kind()) {
            case BUFFER -> "buffer " + step.setting() + ": " + step.before() + " → " + step.after();
            case PERCENT -> step.setting() + "%: " + step.before() + " → " + step.after();
            case MAXIMUM -> "maximum " + step.setting() + ": " + step.before() + " → " + step.after();
            case FIXED -> "fixed quantity " + step.setting() + " whatever the stock (" + step.before() + ")";
        };
    }

    private static Check minimumInventoryLevel(Subject s, PushQuantity q) {
        CheckId id = CheckId.CART_MINIMUM_INVENTORY_LEVEL;
        if (q == null || q.afterRules() == null) {
            return Check.skip(id, "No quantity to compare with the floor.");
        }
        if (q.fixed()) {
            return Check.skip(id, "Override '" + q.override().match() + "' fixes the quantity: no floor applies.");
        }
        var evidence = evidence("minimumInventoryLevel", q.floor(), "beforeFloor", q.afterRules(), "expected",
                q.expected());
        if (q.floorZeroed()) {
            return Check.warn(id, "The floor " + q.floor() + " turned " + q.afterRules() + " into 0 for the cart.",
                    "Lower minimumInventoryLevel in the cart's settings (or the override's) if the cart should show "
                    + "small quantities.", evidence);
        }
        return Check.pass(id, "The floor " + q.floor() + " leaves the quantity at " + q.expected() + ".", evidence);
    }

    private static Check cartHasSku(Subject s) {
        CheckId id = CheckId.CART_HAS_SKU;
        boolean saidMissing = (s.cartProduct() != null && !s.cartProduct().exists())
                || (s.lastResult() != null && s.lastResult().outcome() == PushOutcome.NOT_IN_CART);
        if (saidMissing) {
            return Check.fail(id, "The cart has no product with the value '" + s.aliasValue() + "'.",
                    "Create the product in the cart with this code, or correct its code in the cart.",
                    evidence("exists", false));
        }
        if (s.cartProduct() != null) {
            return Check.pass(id, "The cart has the product (" + s.cartProduct().cartItemRef() + "), read at "
                    + text(s.cartProduct().observedAt()) + ".", evidence("cartItemRef", s.cartProduct().cartItemRef()));
        }
        if (s.lastResult() != null && s.lastResult().outcome() == PushOutcome.PUSHED) {
            return Check.pass(id, "The cart accepted a push for it at " + text(s.lastResult().attemptedAt()) + ".",
                    Map.of());
        }
        return Check.skip(id, "The cart's catalog has not been read for this value yet.");
    }

    private static Check cartInventoryTracking(Subject s) {
        CheckId id = CheckId.CART_INVENTORY_TRACKING;
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
        CheckId id = CheckId.CART_LAST_SYNC;
        Instant synced = s.lastResult() == null ? null : s.lastResult().syncedAt();
        if (synced == null) {
            return Check.fail(id, "Last sync: never. invsync has not set a quantity for '" + s.aliasValue()
                    + "' in this cart.", "See the checks above; once they pass, POST /api/carts/" + s.cartId()
                    + "/resync.", Map.of("lastSync", "never"));
        }
        Duration age = Duration.between(synced, s.now());
        var evidence = evidence("syncedAt", text(synced), "ageSeconds", age.toSeconds());
        if (age.compareTo(stalenessLimit) > 0 && changeSinceSync(s, synced)) {
            return Check.warn(id, "Last sync at " + text(synced) + ", " + age.toHours()
                    + " h ago, and inventory changed "
                    + "since.", "POST /api/carts/" + s.cartId() + "/resync.", evidence);
        }
        return Check.pass(id, "Last sync at " + text(synced) + ".", evidence);
    }

    private static boolean changeSinceSync(Subject s, Instant synced) {
        Instant loaded = loadedAt(s);
        return loaded != null && loaded.isAfter(synced);
    }

    private static Check cartLastPush(Subject s) {
        CheckId id = CheckId.CART_LAST_PUSH;
        var last = s.lastResult();
        if (last == null) {
            return Check.skip(id, "No push has been attempted.");
        }
        var evidence = evidence("outcome", last.outcome(), "attemptedAt", text(last.attemptedAt()), "reason",
                last.reason());
        if (last.outcome() == PushOutcome.REJECTED || last.outcome() == PushOutcome.FAILED) {
            return Check.fail(id, "The last push (" + text(last.attemptedAt()) + ") was " + last.outcome() + ": "
                    + last.reason(), last.outcome() == PushOutcome.REJECTED
                    ? "Correct what the cart objected to, then POST /api/carts/" + s.cartId() + "/resync."
                    : "Check the cart's reachability and credentials (credentialsRef); the next change or a resync "
                    + "tries again.", evidence);
        }
        return Check.pass(id, "The last outcome (" + text(last.attemptedAt()) + ") was " + last.outcome()
                + (last.reason() == null ? "." : ": " + last.reason()), evidence);
    }

    /**
     * @param fromRead whether {@code inCart} is the cart's own read (a catalog read or reconciliation) rather than
     *        what invsync's last confirmed push left: a difference found by a read is drift
     */
    private static Check quantityMatch(Subject s, Long expected, Long inCart, boolean fromRead) {
        CheckId id = CheckId.QUANTITY_MATCH;
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
        String source = fromRead ? "A read of the cart at " + text(readAt) + " shows "
                : "The cart shows (as invsync's last confirmed push at " + text(s.lastResult().attemptedAt())
                        + " left it) ";
        var evidence = evidence("expected", expected, "cart", inCart, "source", fromRead ? "cart read" : "last push",
                "cartReadAt", readAt == null ? null : text(readAt));
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
