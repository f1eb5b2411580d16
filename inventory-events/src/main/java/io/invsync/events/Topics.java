package io.invsync.events;

import java.util.List;

/** Every topic invsync uses, in one place. The version is part of the name: a breaking change is a new topic. */
public final class Topics {

    public static final String MERCHANTS = "invsync.merchants.v1";
    public static final String INVENTORY_RUNS = "invsync.inventory-runs.v1";
    public static final String WAREHOUSES = "invsync.warehouses.v1";
    public static final String PRODUCTS = "invsync.products.v1";
    public static final String AVAILABLE_QUANTITIES = "invsync.available-quantities.v1";
    public static final String CART_ORDERS = "invsync.cart-orders.v1";
    public static final String INVENTORY_LEVELS = "invsync.inventory-levels.v1";
    public static final String ALIAS_INDEX = "invsync.alias-index.v1";
    public static final String CARTS = "invsync.carts.v1";
    public static final String CART_PRODUCTS = "invsync.cart-products.v1";
    public static final String CART_PUSH_RESULTS = "invsync.cart-push-results.v1";
    /** Merchant API keys (their SHA-256 only), keyed by key id; every service reads it whole (a small table). */
    public static final String MERCHANT_KEYS = "invsync.merchant-keys.v1";
    /** merchantId/runId: inventory-service has indexed every record of the run (InventoryRunIndexed). */
    public static final String RUNS_INDEXED = "invsync.runs-indexed.v1";

    /** Suffix of the dead-letter topic beside each consumed topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Topics whose latest value per key is the state (cleanup.policy=compact). */
    public static final List<String> COMPACTED = List.of(
            MERCHANTS, WAREHOUSES, PRODUCTS, INVENTORY_LEVELS, ALIAS_INDEX, CARTS, CART_PRODUCTS, CART_PUSH_RESULTS,
            MERCHANT_KEYS);

    /** Topics that are a log of what happened (cleanup.policy=delete). */
    public static final List<String> LOGS = List.of(INVENTORY_RUNS, AVAILABLE_QUANTITIES, CART_ORDERS, RUNS_INDEXED);

    public static final List<String> ALL = List.of(
            MERCHANTS, INVENTORY_RUNS, WAREHOUSES, PRODUCTS, AVAILABLE_QUANTITIES, CART_ORDERS,
            INVENTORY_LEVELS, ALIAS_INDEX, CARTS, CART_PRODUCTS, CART_PUSH_RESULTS, MERCHANT_KEYS, RUNS_INDEXED);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    public static boolean isCompacted(String topic) {
        return COMPACTED.contains(topic);
    }

    /** The event type carried by a topic: one type per topic. */
    public static Class<?> eventType(String topic) {
        return switch (topic) {
            case MERCHANTS -> MerchantSettingsChanged.class;
            case INVENTORY_RUNS -> InventoryRunRecorded.class;
            case WAREHOUSES -> WarehouseObserved.class;
            case PRODUCTS -> ProductObserved.class;
            case AVAILABLE_QUANTITIES -> AvailableQuantityObserved.class;
            case CART_ORDERS -> CartOrderLineReceived.class;
            case INVENTORY_LEVELS -> InventoryLevelChanged.class;
            case ALIAS_INDEX -> AliasIndexChanged.class;
            case CARTS -> CartSettingsChanged.class;
            case CART_PRODUCTS -> CartProductObserved.class;
            case CART_PUSH_RESULTS -> CartPushRecorded.class;
            case MERCHANT_KEYS -> MerchantKeyIssued.class;
            case RUNS_INDEXED -> InventoryRunIndexed.class;
            default -> {
                if (topic.endsWith(DLQ_SUFFIX)) {
                    yield DeadLetter.class;
                }
                throw new IllegalArgumentException("unknown topic " + topic);
            }
        };
    }
}
