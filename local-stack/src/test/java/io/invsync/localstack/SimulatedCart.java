package io.invsync.localstack;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.invsync.simulator.AmazonSimulator;
import io.invsync.simulator.BigCommerceSimulator;
import io.invsync.simulator.MagentoSimulator;
import io.invsync.simulator.ShopifySimulator;
import io.invsync.simulator.SpecViolations;
import io.invsync.simulator.WebhookCartSimulator;
import io.invsync.simulator.WooCommerceSimulator;
import io.invsync.events.CartType;
import io.invsync.events.EventJson;

/**
 * One cart of a type on its vendor's simulator, as the end-to-end tests drive it: the settings that point a cart at
 * it, the items it holds (tracked, or untracked in the vendor's own sense), the quantity it holds, the calls it
 * received, a throttle in the vendor's way and the vendor's published documents its requests are checked against.
 * Each cart has a merchant of its own ({@link #merchantOf}), to which its secret is granted. Not AutoCloseable: a
 * parameterized test would close it after each invocation, and the carts serve a whole test class.
 */
abstract class SimulatedCart {

    /** The vendor carts' own secrets (credentialsRef → secret), canaries like the stack's others. */
    static final Map<String, String> SECRETS = Map.of(Shopify.REF, Shopify.TOKEN, BigCommerce.REF, BigCommerce.TOKEN,
            Magento.REF, Magento.TOKEN, Amazon.REF, Amazon.SECRET);

    /** Each of {@link #SECRETS} granted to its cart's merchant (INVSYNC_SECRET_GRANTS syntax). */
    static final String GRANTS = Shopify.REF + "=" + merchantOf(CartType.SHOPIFY) + ";" + BigCommerce.REF + "="
            + merchantOf(CartType.BIGCOMMERCE) + ";" + Magento.REF + "=" + merchantOf(CartType.MAGENTO) + ";"
            + Amazon.REF + "=" + merchantOf(CartType.AMAZON);

    final CartType type;
    final String merchantId;
    final String cartId;

    private SimulatedCart(CartType type) {
        this.type = type;
        this.merchantId = merchantOf(type);
        this.cartId = merchantId + "-cart";
    }

    static String merchantOf(CartType type) {
        return "e2e-" + type.name().toLowerCase(Locale.ROOT);
    }

    /** One simulated cart of every type, each listening on a port of its own. */
    static List<SimulatedCart> openAll() {
        return List.of(new Shopify(), new BigCommerce(), new WooCommerce(), new Magento(), new Amazon(),
                new Webhook());
    }

    /** The body of {@code PUT /api/carts/{cartId}}: every warehouse feeds the cart's one location, no floor. */
    final String settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("merchantId", merchantId);
        settings.put("type", type.name());
        settings.put("baseUrl", baseUrl());
        if (location() != null) {
            settings.put("location", location());
        }
        settings.put("credentialsRef", credentialsRef());
        settings.put("syncWarehouse", "ALL");
        settings.put("minimumInventoryLevel", 0);
        return EventJson.mapper().writeValueAsString(settings);
    }

    abstract String baseUrl();

    /** The cart-side location, in the vendor's terms; null where the vendor has one location only. */
    abstract String location();

    abstract String credentialsRef();

    /** Adds an item whose inventory the cart tracks, holding {@code quantity}. */
    abstract void addTracked(String sku, long quantity);

    /** Sets an item's quantity as the cart's own admin (or another app) would: behind invsync's back. */
    abstract void changeInCart(String sku, long quantity);

    /** Adds an item the cart has but does not track inventory for ({@link #untrackedMeans}). */
    abstract void addUntracked(String sku, long quantity);

    /** What "does not track inventory" is for this vendor. */
    abstract String untrackedMeans();

    /** The quantity the cart holds for the SKU at the cart's location; null when it holds none (or has no such item). */
    abstract Long quantity(String sku);

    /** Every request the simulator received, throttled and refused ones included. */
    abstract int totalCalls();

    /** The requests it answered, by kind. */
    abstract Map<String, Integer> callsByKind();

    /** Items carried by calls that set quantities. */
    abstract int itemsWritten();

    /**
     * Whether invsync makes sure an item exists and is tracked before it writes a quantity to it. The webhook
     * contract leaves that to the receiver, which answers UNKNOWN_ITEM or UNTRACKED for the item itself.
     */
    boolean checkedBeforeWriting() {
        return true;
    }

    /** Throttles the next calls in the vendor's way ({@link #throttleMeans}). */
    abstract void throttle(int calls);

    abstract String throttleMeans();

    /** The throttled answers given so far (by {@link #throttle}). */
    abstract int throttledAnswers();

    /** How many throttled answers {@link #throttle}{@code (calls)} gives before the cart answers again. */
    int throttledAnswersFor(int calls) {
        return calls;
    }

    /** The vendor's published documents (in shared/vendor-specs) every request is checked against. */
    abstract List<String> specDocuments();

    /** Why there is nothing to check the requests against, where {@link #specDocuments} is empty. */
    String unpublishedSpec() {
        return null;
    }

    /** The requests received that the vendor's published documents do not allow. */
    abstract List<SpecViolations.Violation> specViolations();

    /** Stops the simulator. */
    abstract void close();

    @Override
    public String toString() {
        return type.name();
    }

    // ---- one per vendor: how a cart of the type is set up (as in cart-push-service's connector tests)

    static final class Shopify extends SimulatedCart {

        static final String REF = "STACK_SHOPIFY";
        static final String TOKEN = "shpat_canary_shopify_4c1a9e";

        private final ShopifySimulator shop = new ShopifySimulator(TOKEN);
        private final Set<String> skus = ConcurrentHashMap.newKeySet();

        Shopify() {
            super(CartType.SHOPIFY);
            shop.bucket(1000, 100); // a plan restoring 100 points/s: a spent bucket is full again in 10 s
        }

        @Override String baseUrl() { return shop.baseUrl(); }
        @Override String location() { return ShopifySimulator.LOCATION; }
        @Override String credentialsRef() { return REF; }

        @Override
        void addTracked(String sku, long quantity) {
            shop.addVariant(sku, true, Map.of(ShopifySimulator.LOCATION, quantity));
            skus.add(sku);
        }

        @Override void changeInCart(String sku, long quantity) { shop.setAvailable(sku, quantity); }

        @Override
        void addUntracked(String sku, long quantity) {
            shop.addVariant(sku, false, Map.of(ShopifySimulator.LOCATION, quantity));
            skus.add(sku);
        }

        @Override String untrackedMeans() { return "inventoryItem.tracked false"; }

        @Override
        Long quantity(String sku) {
            return skus.contains(sku) ? shop.available(sku) : null; // the simulator creates no variant of its own
        }

        @Override
        int totalCalls() {
            return shop.searches() + shop.mutations() + shop.throttledAnswers() + shop.unauthorizedAnswers();
        }

        @Override
        Map<String, Integer> callsByKind() {
            return Map.of(ShopifySimulator.SEARCH, shop.searches(), ShopifySimulator.SET_QUANTITIES, shop.mutations());
        }

        /** The simulator accepts quantities for untracked items silently, as Shopify stores them: every write counts. */
        @Override
        int itemsWritten() {
            return skus.stream().mapToInt(shop::writes).sum();
        }

        /** Spends the bucket, as the shop's other apps would: the next call is THROTTLED until it refills. */
        @Override
        void throttle(int calls) {
            shop.setCurrentlyAvailable(0);
        }

        @Override String throttleMeans() { return "the query-cost bucket spent (THROTTLED with HTTP 200)"; }
        @Override int throttledAnswers() { return shop.throttledAnswers(); }

        /** The connector waits for the bucket to refill as the THROTTLED answer says: one throttled answer. */
        @Override int throttledAnswersFor(int calls) { return 1; }

        @Override List<String> specDocuments() { return List.of("shopify/admin-2026-04.graphql"); }
        @Override List<SpecViolations.Violation> specViolations() { return shop.specViolations().all(); }
        @Override void close() { shop.close(); }
    }

    static final class BigCommerce extends SimulatedCart {

        static final String REF = "STACK_BIGCOMMERCE";
        static final String TOKEN = "canary_bc_token_71d0e2";
        private static final long LOCATION = 1;

        /** The Standard plan's quota (150 requests / 30 s); adjustments applied 200 ms after their 200. */
        private final BigCommerceSimulator store = new BigCommerceSimulator(TOKEN, Duration.ofMillis(200), 150,
                Duration.ofSeconds(30));

        BigCommerce() {
            super(CartType.BIGCOMMERCE);
        }

        @Override String baseUrl() { return store.url(); }
        @Override String location() { return String.valueOf(LOCATION); }
        @Override String credentialsRef() { return REF; }

        @Override
        void addTracked(String sku, long quantity) {
            store.product(sku, "product");
            store.setQuantity(sku, LOCATION, quantity);
        }

        @Override void changeInCart(String sku, long quantity) { store.setQuantity(sku, LOCATION, quantity); }

        @Override
        void addUntracked(String sku, long quantity) {
            store.product(sku, "none");
            store.setQuantity(sku, LOCATION, quantity);
        }

        @Override String untrackedMeans() { return "inventory_tracking none"; }
        @Override Long quantity(String sku) { return store.quantity(sku, LOCATION); }
        @Override int totalCalls() { return store.calls(); }

        @Override
        Map<String, Integer> callsByKind() {
            return Map.of("adjustments/absolute", store.adjustmentCalls(), "inventory/items", store.inventoryReads(),
                    "catalog/variants", store.variantReads(), "catalog/products", store.productReads());
        }

        @Override int itemsWritten() { return store.itemsReceived(); }
        @Override void throttle(int calls) { store.throttleNext(calls); }
        @Override String throttleMeans() { return "429 with X-Rate-Limit-Time-Reset-Ms"; }
        @Override int throttledAnswers() { return store.throttledOnCue(); }

        @Override
        List<String> specDocuments() {
            return List.of("bigcommerce/inventory.v3.yml", "bigcommerce/product-variants_catalog.v3.yml",
                    "bigcommerce/products_catalog.v3.yml");
        }

        @Override List<SpecViolations.Violation> specViolations() { return store.specViolations().all(); }
        @Override void close() { store.close(); }
    }

    static final class WooCommerce extends SimulatedCart {

        private final WooCommerceSimulator shop;

        WooCommerce() {
            super(CartType.WOOCOMMERCE);
            String[] keyAndSecret = SharedStack.WOO_SECRET.split(":", 2);
            shop = new WooCommerceSimulator(keyAndSecret[0], keyAndSecret[1], 100);
        }

        @Override String baseUrl() { return shop.url(); }
        @Override String location() { return null; }
        @Override String credentialsRef() { return SharedStack.WOO_REF; }
        @Override void addTracked(String sku, long quantity) { shop.product(sku, true, quantity); }
        @Override void changeInCart(String sku, long quantity) { shop.setStockQuantity(sku, quantity); }
        @Override void addUntracked(String sku, long quantity) { shop.product(sku, false, quantity); }
        @Override String untrackedMeans() { return "manage_stock false"; }

        @Override
        Long quantity(String sku) {
            try {
                return shop.stockQuantity(sku);
            } catch (NoSuchElementException e) {
                return null; // no product with that SKU
            }
        }

        @Override int totalCalls() { return shop.calls(); }

        @Override
        Map<String, Integer> callsByKind() {
            return Map.of("GET products", shop.lookups(), "products/batch", shop.productBatches(),
                    "variations/batch", shop.variationBatches());
        }

        @Override int itemsWritten() { return shop.itemsReceived(); }
        @Override void throttle(int calls) { shop.throttleNext(calls); }
        @Override String throttleMeans() { return "429 with Retry-After (no documented limit; a host's)"; }
        @Override int throttledAnswers() { return shop.throttledOnCue(); }
        @Override List<String> specDocuments() { return List.of(); }
        @Override String unpublishedSpec() { return "WooCommerce publishes no machine-readable spec of its REST API"; }
        @Override List<SpecViolations.Violation> specViolations() { return shop.specViolations().all(); }
        @Override void close() { shop.close(); }
    }

    static final class Magento extends SimulatedCart {

        static final String REF = "STACK_MAGENTO";
        static final String TOKEN = "canary_magento_integration_5b8f";
        private static final String SOURCE = "default";

        private final MagentoSimulator shop = new MagentoSimulator(TOKEN);

        Magento() {
            super(CartType.MAGENTO);
        }

        @Override String baseUrl() { return shop.url(); }
        @Override String location() { return SOURCE; }
        @Override String credentialsRef() { return REF; }

        @Override
        void addTracked(String sku, long quantity) {
            shop.product(sku, true);
            shop.setQuantity(sku, SOURCE, quantity);
        }

        @Override void changeInCart(String sku, long quantity) { shop.setQuantity(sku, SOURCE, quantity); }

        @Override
        void addUntracked(String sku, long quantity) {
            shop.product(sku, false);
            shop.setQuantity(sku, SOURCE, quantity);
        }

        @Override String untrackedMeans() { return "stock_item.manage_stock false"; }

        /** A source item saved for an unknown SKU (an orphan, as Magento keeps it) shows here too. */
        @Override
        Long quantity(String sku) {
            Double quantity = shop.quantity(sku, SOURCE);
            return quantity == null ? null : BigDecimal.valueOf(quantity).longValueExact();
        }

        @Override int totalCalls() { return shop.calls(); }

        @Override
        Map<String, Integer> callsByKind() {
            return Map.of("GET products/{sku}", shop.productGets(), "GET products", shop.productSearches(),
                    "GET inventory/source-items", shop.sourceItemSearches(),
                    "POST inventory/source-items", shop.sourceItemSaves());
        }

        @Override int itemsWritten() { return shop.itemsReceived(); }
        @Override void throttle(int calls) { shop.failNext(calls); }

        @Override
        String throttleMeans() {
            return "503 Service Unavailable (Magento documents no rate limit: an overloaded shop's answer)";
        }

        @Override int throttledAnswers() { return shop.failedOnCue(); }
        @Override List<String> specDocuments() { return List.of("magento/admin-schema-2.4.9.yaml"); }
        @Override List<SpecViolations.Violation> specViolations() { return shop.specViolations().all(); }
        @Override void close() { shop.close(); }
    }

    static final class Amazon extends SimulatedCart {

        static final String REF = "STACK_AMAZON";
        private static final String SELLER = "A2CANARYSELLER";
        private static final String MARKETPLACE = "ATVPDKIKX0DER";

        // ---- Amazon's credentials, all here: the secret is Login with Amazon's refresh token with the simulator's
        // client credentials; the stack's token URL passes this refresh token's exchanges on to the simulator.
        static final String REFRESH_TOKEN = "Atzr|canary-amazon-refresh-2c6e0d";
        static final String SECRET = AmazonSimulator.secret(REFRESH_TOKEN);

        private static AmazonSimulator account() {
            AmazonSimulator account = new AmazonSimulator(REFRESH_TOKEN, SELLER, MARKETPLACE, 5, 5); // 5/s, burst 5
            try {
                SharedStack.get().loginWithAmazon(REFRESH_TOKEN, account.url());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return account;
        }
        // ----

        private final AmazonSimulator amazon = account();

        Amazon() {
            super(CartType.AMAZON);
        }

        @Override String baseUrl() { return amazon.url(); }
        @Override String location() { return SELLER + "/" + MARKETPLACE; }
        @Override String credentialsRef() { return REF; }
        @Override void addTracked(String sku, long quantity) { amazon.listing(sku, "PRODUCT", quantity); }
        @Override void changeInCart(String sku, long quantity) { amazon.listing(sku, "PRODUCT", quantity); }

        /** Amazon keeps an FBA listing's quantity: it has none of the seller's, whatever {@code quantity} says. */
        @Override void addUntracked(String sku, long quantity) { amazon.amazonFulfilledListing(sku, "PRODUCT"); }

        @Override String untrackedMeans() { return "a listing fulfilled by Amazon only (Amazon keeps its quantity)"; }

        /** An offer-only listing a PATCH of an unknown SKU would create shows here too. */
        @Override Long quantity(String sku) { return amazon.quantity(sku); }

        @Override int totalCalls() { return amazon.calls(); }

        @Override
        Map<String, Integer> callsByKind() {
            return Map.of("GET listings item", amazon.gets(), "PATCH listings item", amazon.patches());
        }

        @Override int itemsWritten() { return amazon.patches(); }
        @Override void throttle(int calls) { amazon.throttleNext(calls); }
        @Override String throttleMeans() { return "429 QuotaExceeded"; }
        @Override int throttledAnswers() { return amazon.throttledOnCue(); }
        @Override List<String> specDocuments() { return List.of("amazon/listingsItems_2021-08-01.json"); }
        @Override List<SpecViolations.Violation> specViolations() { return amazon.specViolations().all(); }
        @Override void close() { amazon.close(); }
    }

    static final class Webhook extends SimulatedCart {

        private final WebhookCartSimulator hook = new WebhookCartSimulator(SharedStack.CART_SECRET, 0);
        private final Set<String> items = ConcurrentHashMap.newKeySet();

        Webhook() {
            super(CartType.WEBHOOK);
            hook.knownItems(Set.of()); // only what a test adds exists
        }

        @Override String baseUrl() { return hook.url(); }
        @Override String location() { return null; }
        @Override String credentialsRef() { return SharedStack.CART_REF; }

        @Override
        void addTracked(String sku, long quantity) {
            items.add(sku);
            hook.knownItems(items);
            hook.setInCart(sku, quantity);
        }

        @Override void changeInCart(String sku, long quantity) { hook.setInCart(sku, quantity); }

        @Override
        void addUntracked(String sku, long quantity) {
            addTracked(sku, quantity);
            hook.untrack(sku);
        }

        @Override String untrackedMeans() { return "the receiver answers UNTRACKED"; }
        @Override Long quantity(String sku) { return hook.quantity(sku); }
        @Override int totalCalls() { return hook.calls() + hook.catalogReads(); }

        @Override
        Map<String, Integer> callsByKind() {
            return Map.of("POST (push)", hook.calls(), "POST /catalog", hook.catalogReads());
        }

        @Override int itemsWritten() { return hook.itemsReceived(); }
        @Override boolean checkedBeforeWriting() { return false; }
        @Override void throttle(int calls) { hook.throttleNext(calls); }
        @Override String throttleMeans() { return "429 with Retry-After"; }
        @Override int throttledAnswers() { return hook.throttled(); }
        @Override List<String> specDocuments() { return List.of(); }

        @Override
        String unpublishedSpec() {
            return "the webhook contract is invsync's own (shared/CART_APIS.md), with no machine-readable spec";
        }

        /** No spec, so nothing is recorded. */
        @Override List<SpecViolations.Violation> specViolations() { return List.of(); }
        @Override void close() { hook.close(); }
    }

    /** {@code kind=count, …} of the calls made since {@code before}, for a log line. */
    static String difference(Map<String, Integer> before, Map<String, Integer> after) {
        return after.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + (e.getValue() - before.getOrDefault(e.getKey(), 0)))
                .collect(Collectors.joining(", "));
    }
}
