package io.invsync.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartLocation;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.InventorySync;
import io.invsync.events.Keys;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.ProductObserved;
import io.invsync.events.PushOutcome;
import io.invsync.events.RunStatus;
import io.invsync.events.RunTrigger;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;

/**
 * One merchant, one cart and one product, published as the events the other services write. The defaults are a
 * healthy, in-sync baseline (on hand 10, allocated 3, available 7 in WH-1; the cart shows 7, pushed a minute ago);
 * a scenario changes one or two fields. Ids are derived from the name, so scenarios never share state.
 */
public final class Scenario {

    public final String name;
    public final String merchantId;
    public final String cartId;
    public final String productId;
    public final String sku;
    public final Instant now = Instant.now();

    public boolean publishMerchant = true;
    public InventorySync inventorySync = InventorySync.ON;

    /** null: no run at all ("never"). */
    public RunStatus runStatus = RunStatus.SUCCEEDED;
    public String runError;
    public long runRead = 10;
    public long runRejected = 0;
    public Instant runStartedAt = now.minus(Duration.ofMinutes(15));
    public Instant runFinishedAt = now.minus(Duration.ofMinutes(14));

    public List<String> warehouses = new ArrayList<>(List.of("WH-1"));

    public boolean cartUploadEnabled = true;
    public String syncWarehouse = "WH-1";
    public String pushAlias = "SKU";
    public long minimumInventoryLevel = 0;
    public io.invsync.events.ChannelRules rules;
    public List<io.invsync.events.RuleOverride> ruleOverrides = new ArrayList<>();
    /** When the cart's settings were saved; a later one is a settings change. */
    public Instant cartSavedAt = now.minus(Duration.ofDays(2));

    /** The product's aliases besides SKU. */
    public Map<String, String> extraAliases = new TreeMap<>();
    /** Products holding the SKU value in the alias index; more than one is a duplicate alias. */
    public List<String> productsWithSku;

    /** An order line the cart took after the level was observed (units), null for none. */
    public Long orderQuantity;
    public Instant orderPlacedAt = now.minus(Duration.ofMinutes(2));

    /** The kit the level says the product is (its level then is the kits' level), null for a plain product. */
    public InventoryLevelChanged.Kit kit;
    /** An alias value under {@link #vacatedAlias} that this product gave up: the index lists no product for it. */
    public String vacatedValue;
    public String vacatedAlias = "UPC";

    /** Per warehouse: {onHand, allocated}; empty publishes no level. */
    public Map<String, long[]> levels = new LinkedHashMap<>(Map.of("WH-1", new long[] {10, 3}));
    public Instant levelObservedAt = now.minus(Duration.ofMinutes(10));
    public Instant levelLoadedAt = levelObservedAt;

    /** The alias value the cart's records are keyed by and the lookup uses (the SKU unless changed). */
    public String cartValue;

    public boolean publishCartProduct = true;
    public boolean cartProductExists = true;
    public boolean inventoryTracked = true;
    public Long cartQuantity = 7L;
    public Instant cartReadAt = now.minus(Duration.ofMinutes(5));

    /** null: nothing was ever pushed. */
    public PushOutcome outcome = PushOutcome.PUSHED;
    public Long pushedQuantity = 7L;
    public String pushReason;
    public Instant attemptedAt = now.minus(Duration.ofMinutes(1));
    public Instant syncedAt = attemptedAt;

    public Scenario(String name) {
        this(name, "m-" + name, "c-" + name, "P-" + name, "S-" + name);
    }

    private Scenario(String name, String merchantId, String cartId, String productId, String sku) {
        this.name = name;
        this.merchantId = merchantId;
        this.cartId = cartId;
        this.productId = productId;
        this.sku = sku;
        this.productsWithSku = List.of(productId);
        this.cartValue = sku;
    }

    /**
     * Another product of this scenario's merchant and cart ({@code P-<name>-<suffix>}, SKU {@code S-<name>-<suffix>}),
     * with the same defaults; {@link #publishProduct} sends only its own records.
     */
    public Scenario otherProduct(String suffix, Consumer<Scenario> change) {
        Scenario other = new Scenario(name + "-" + suffix, merchantId, cartId, productId + "-" + suffix,
                sku + "-" + suffix);
        change.accept(other);
        return other;
    }

    public static Scenario of(String name, Consumer<Scenario> change) {
        Scenario scenario = new Scenario(name);
        change.accept(scenario);
        return scenario;
    }

    public String lookupValue() {
        return cartValue;
    }

    public Map<String, String> aliases() {
        Map<String, String> aliases = new TreeMap<>(extraAliases);
        aliases.put(ProductObserved.SKU_ALIAS, sku);
        return aliases;
    }

    /** Everything, in the order the services would write it (diagnostics reads each topic on its own anyway). */
    public Scenario publish(Events events) {
        if (publishMerchant) {
            events.send(Topics.MERCHANTS, Keys.merchant(merchantId), new MerchantSettingsChanged(merchantId,
                    "Merchant " + name, inventorySync, Duration.ofMinutes(15),
                    new MerchantSettingsChanged.Wms("HTTP_JSON", "http://wms.invalid", "WMS_KEY"),
                    now.minus(Duration.ofDays(3))));
        }
        if (runStatus != null) {
            publishRun(events);
        }
        for (String warehouse : warehouses) {
            events.send(Topics.WAREHOUSES, Keys.warehouse(merchantId, warehouse),
                    new WarehouseObserved(merchantId, warehouse, "Warehouse " + warehouse, now.minus(Duration.ofDays(3))));
        }
        publishCatalog(events);
        publishCart(events);
        publishCartSide(events);
        return this;
    }

    /** The product's own records: the product, its level, its alias entries, what the cart says of it, its result. */
    public Scenario publishProduct(Events events) {
        publishCatalog(events);
        publishCartSide(events);
        return this;
    }

    private void publishCatalog(Events events) {
        events.send(Topics.PRODUCTS, Keys.product(merchantId, productId),
                new ProductObserved(merchantId, productId, sku, aliases(), now.minus(Duration.ofDays(1))));
        if (!levels.isEmpty()) {
            publishLevel(events);
        }
        events.send(Topics.ALIAS_INDEX, Keys.alias(merchantId, ProductObserved.SKU_ALIAS, sku),
                new AliasIndexChanged(merchantId, ProductObserved.SKU_ALIAS, sku, productsWithSku, now.minus(Duration.ofDays(1))));
        extraAliases.forEach((name, value) -> events.send(Topics.ALIAS_INDEX, Keys.alias(merchantId, name, value),
                new AliasIndexChanged(merchantId, name, value, List.of(productId), now.minus(Duration.ofDays(1)))));
        if (vacatedValue != null) {
            events.send(Topics.ALIAS_INDEX, Keys.alias(merchantId, vacatedAlias, vacatedValue),
                    new AliasIndexChanged(merchantId, vacatedAlias, vacatedValue, List.of(),
                            now.minus(Duration.ofHours(3)), List.of(productId)));
        }
    }

    private void publishOrder(Events events) {
        events.send(Topics.CART_ORDERS, Keys.sku(merchantId, sku), new io.invsync.events.CartOrderLineReceived(
                merchantId, "order-" + name, cartId, sku, orderQuantity, orderPlacedAt, orderPlacedAt));
    }

    private void publishCartSide(Events events) {
        if (orderQuantity != null) {
            publishOrder(events);
        }
        if (publishCartProduct) {
            publishCartProduct(events);
        }
        if (outcome != null) {
            publishPushResult(events);
        }
    }

    public void publishRun(Events events) {
        events.send(Topics.INVENTORY_RUNS, Keys.merchant(merchantId), new InventoryRunRecorded(merchantId,
                "run-" + name, RunTrigger.SCHEDULED, runStatus, runStartedAt,
                runStatus.finished() ? runFinishedAt : null, runRead, runRead - runRejected, runRejected, runError,
                List.of(), runStatus.finished() ? runFinishedAt : runStartedAt));
    }

    public void publishCart(Events events) {
        events.send(Topics.CARTS, Keys.cart(cartId), new CartSettingsChanged(cartId, merchantId, CartType.WEBHOOK,
                "http://cart.invalid", null, "CART_KEY", cartUploadEnabled, syncWarehouse, pushAlias,
                minimumInventoryLevel, cartSavedAt, null, rules, ruleOverrides));
    }

    public void publishLevel(Events events) {
        Map<String, WarehouseLevel> byWarehouse = new TreeMap<>();
        levels.forEach((warehouse, q) -> byWarehouse.put(warehouse,
                new WarehouseLevel(q[0], q[1], q[0] - q[1], levelObservedAt, levelLoadedAt)));
        events.send(Topics.INVENTORY_LEVELS, Keys.product(merchantId, productId), new InventoryLevelChanged(merchantId,
                productId, sku, aliases(), byWarehouse, null, levelObservedAt, kit));
    }

    public void publishCartProduct(Events events) {
        events.send(Topics.CART_PRODUCTS, Keys.cartValue(cartId, CartLocation.DEFAULT_LOCATION, cartValue), new CartProductObserved(merchantId,
                cartId, cartValue, cartProductExists, inventoryTracked, cartProductExists ? "item-" + name : null,
                cartQuantity, cartReadAt));
    }

    public void publishPushResult(Events events) {
        events.send(Topics.CART_PUSH_RESULTS, Keys.cartValue(cartId, CartLocation.DEFAULT_LOCATION, cartValue), new CartPushRecorded(merchantId,
                cartId, cartValue, productId, pushedQuantity, outcome, pushReason, attemptedAt, syncedAt,
                attemptedAt));
    }

    @Override
    public String toString() {
        return name;
    }
}
