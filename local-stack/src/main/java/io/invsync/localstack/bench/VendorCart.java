package io.invsync.localstack.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.invsync.events.CartType;
import io.invsync.simulator.AmazonSimulator;
import io.invsync.simulator.BigCommerceSimulator;
import io.invsync.simulator.MagentoSimulator;
import io.invsync.simulator.ShopifySimulator;
import io.invsync.simulator.SpecViolations;
import io.invsync.simulator.WebhookCartSimulator;
import io.invsync.simulator.WooCommerceSimulator;

/**
 * One cart of a type on its vendor's simulator for {@link VendorCalls}: its settings and secret, its items seeded in
 * bulk, the quantity it holds, the calls it received by kind (throttled answers a kind of their own), and the
 * vendor's documented rate limits, which the simulator enforces only while one is {@linkplain #apply applied} (none
 * by default: the calls through the pipeline are counted first).
 */
abstract class VendorCart implements AutoCloseable {

    /**
     * A documented rate limit, with where its figures come from; {@code skus} is how many SKUs a run under it
     * changes (fewer than the cart holds where the full count would take too long: its figures are then scaled).
     */
    record Limit(String name, String source, int skus, Runnable apply) {
    }

    /** Where the vendor documents no rate limit. */
    private static final String NO_DOCUMENTED_LIMIT = "none documented (CART_APIS.md: \"No documented rate limit\")";

    final CartType type;
    final String merchantId;
    final String cartId;
    final String credentialsRef;
    /** The figure counted by the connector's own test with full batches (README, "Carts"). */
    final String connectorAlone;

    private VendorCart(CartType type, String connectorAlone) {
        this.type = type;
        this.connectorAlone = connectorAlone;
        String name = type.name().toLowerCase(Locale.ROOT);
        this.merchantId = "vc-" + name;
        this.cartId = merchantId + "-cart";
        this.credentialsRef = "VC_" + type.name();
    }

    static VendorCart of(CartType type, int skus, Duration feedProcessing) {
        return switch (type) {
            case SHOPIFY -> new Shopify();
            case BIGCOMMERCE -> new BigCommerce();
            case WOOCOMMERCE -> new WooCommerce();
            case MAGENTO -> new Magento();
            case AMAZON -> new Amazon(skus, feedProcessing);
            case WEBHOOK -> new Webhook();
        };
    }

    /** The body of {@code PUT /api/carts/{cartId}}: every warehouse feeds the cart's one location, no floor. */
    final String settings() {
        String location = location() == null ? "" : ",\"location\":\"" + location() + "\"";
        return """
                {"merchantId":"%s","type":"%s","baseUrl":"%s","credentialsRef":"%s","syncWarehouse":"ALL",
                 "pushAlias":"SKU","minimumInventoryLevel":0%s}""".formatted(merchantId, type, baseUrl(), credentialsRef,
                location);
    }

    abstract String baseUrl();

    /** The cart-side location in the vendor's terms; null where the vendor has one. */
    abstract String location();

    /** The secret its credentialsRef names. */
    abstract String secret();

    /** Adds an item whose inventory the cart tracks, holding {@code quantity}. */
    abstract void seed(String sku, long quantity);

    /** Called once every item is seeded. */
    void seeded() {
    }

    /** The quantity the cart holds for the SKU; null when none. */
    abstract Long quantity(String sku);

    /** Every request received so far, by kind. */
    abstract Map<String, Integer> calls();

    /** The vendor's documented limits, one run each; none where the vendor documents none ({@link #noLimit}). */
    List<Limit> limits() {
        return List.of();
    }

    /** What limit the vendor has instead, where it documents none. */
    String noLimit() {
        return null;
    }

    /** Lifts any limit: the simulator answers every call. */
    void unlimited() {
    }

    /** The requests received that the vendor's published documents do not allow. */
    abstract List<SpecViolations.Violation> specViolations();

    @Override
    public abstract void close();

    @Override
    public String toString() {
        return type.name();
    }

    private static Map<String, Integer> kinds(Object... kindsAndCounts) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (int i = 0; i < kindsAndCounts.length; i += 2) {
            kinds.put((String) kindsAndCounts[i], (Integer) kindsAndCounts[i + 1]);
        }
        return kinds;
    }

    static final class Shopify extends VendorCart {

        private static final String TOKEN = "shpat_vendor_calls";
        private final ShopifySimulator shop = new ShopifySimulator(TOKEN);
        private final Set<String> skus = ConcurrentHashMap.newKeySet();

        Shopify() {
            super(CartType.SHOPIFY, "40 mutations (ShopifyVolumeTest)");
            unlimited();
        }

        @Override String baseUrl() { return shop.baseUrl(); }
        @Override String location() { return ShopifySimulator.LOCATION; }
        @Override String secret() { return TOKEN; }

        @Override
        void seed(String sku, long quantity) {
            shop.addVariant(sku, quantity);
            skus.add(sku);
        }

        @Override Long quantity(String sku) { return skus.contains(sku) ? shop.available(sku) : null; }

        @Override
        Map<String, Integer> calls() {
            return kinds("inventorySetQuantities", shop.mutations(), "productVariants (lookup)", shop.searches(),
                    "THROTTLED", shop.throttledAnswers());
        }

        @Override
        List<Limit> limits() {
            return List.of(bucket("Standard", 2_000, 100), bucket("Plus", 20_000, 1_000));
        }

        /** A plan's query-cost bucket, full at the start of the run. */
        private Limit bucket(String plan, double size, double restoreRate) {
            return new Limit("%s: %,.0f-point bucket, restore %,.0f points/s".formatted(plan, size, restoreRate),
                    "shopify.dev GraphQL Admin API rate limits (restore rate by plan; CART_APIS.md \"Rate limit\"); "
                            + "bucket = 20 s of restore", 0, () -> {
                        shop.bucket(size, restoreRate);
                        shop.setCurrentlyAvailable(size);
                    });
        }

        // the bucket never runs dry
        @Override void unlimited() { shop.bucket(1e12, 1e12); }
        @Override List<SpecViolations.Violation> specViolations() { return shop.specViolations().all(); }
        @Override public void close() { shop.close(); }
    }

    static final class BigCommerce extends VendorCart {

        private static final String TOKEN = "vendor_calls_bc_token";
        private static final long LOCATION = 1;
        /** Adjustments applied 200 ms after their 200, as the end-to-end tests' store. */
        private final BigCommerceSimulator store = new BigCommerceSimulator(TOKEN, Duration.ofMillis(200),
                Integer.MAX_VALUE, Duration.ofSeconds(30));

        BigCommerce() {
            super(CartType.BIGCOMMERCE, "5 adjustment calls");
        }

        @Override String baseUrl() { return store.url(); }
        @Override String location() { return String.valueOf(LOCATION); }
        @Override String secret() { return TOKEN; }

        @Override
        void seed(String sku, long quantity) {
            store.product(sku, "product");
            store.setQuantity(sku, LOCATION, quantity);
        }

        @Override Long quantity(String sku) { return store.quantity(sku, LOCATION); }

        @Override
        Map<String, Integer> calls() {
            return kinds("adjustments/absolute", store.adjustmentCalls(), "inventory/items (lookup)",
                    store.inventoryReads(), "catalog/variants (lookup)", store.variantReads(),
                    "catalog/products (lookup)", store.productReads(), "429", store.throttled());
        }

        @Override
        List<Limit> limits() {
            return List.of(new Limit("Standard plan: 150 requests / 30 s", "CART_APIS.md, BigCommerce \"Rate limit\" "
                    + "(150 / 30 s on Standard and Plus)", 0, () -> store.quota(150, Duration.ofSeconds(30))));
        }

        @Override void unlimited() { store.quota(Integer.MAX_VALUE, Duration.ofSeconds(30)); }
        @Override List<SpecViolations.Violation> specViolations() { return store.specViolations().all(); }
        @Override public void close() { store.close(); }
    }

    static final class WooCommerce extends VendorCart {

        private static final String KEY = "ck_vendor_calls";
        private static final String SECRET = "cs_vendor_calls";
        private final WooCommerceSimulator shop = new WooCommerceSimulator(KEY, SECRET, 100);

        WooCommerce() {
            super(CartType.WOOCOMMERCE, "100 batch calls");
        }

        @Override String baseUrl() { return shop.url(); }
        @Override String location() { return null; }
        @Override String secret() { return KEY + ":" + SECRET; }
        @Override void seed(String sku, long quantity) { shop.product(sku, true, quantity); }
        @Override Long quantity(String sku) { return shop.stockQuantity(sku); }

        @Override
        Map<String, Integer> calls() {
            return kinds("products/batch", shop.productBatches(), "variations/batch", shop.variationBatches(),
                    "GET products (lookup)", shop.lookups());
        }

        @Override String noLimit() { return NO_DOCUMENTED_LIMIT; }
        @Override List<SpecViolations.Violation> specViolations() { return shop.specViolations().all(); }
        @Override public void close() { shop.close(); }
    }

    static final class Magento extends VendorCart {

        private static final String TOKEN = "vendor_calls_magento_token";
        private static final String SOURCE = "default";
        private final MagentoSimulator shop = new MagentoSimulator(TOKEN);

        Magento() {
            super(CartType.MAGENTO, "20 source-item saves");
        }

        @Override String baseUrl() { return shop.url(); }
        @Override String location() { return SOURCE; }
        @Override String secret() { return TOKEN; }

        @Override
        void seed(String sku, long quantity) {
            shop.product(sku, true);
            shop.setQuantity(sku, SOURCE, quantity);
        }

        @Override
        Long quantity(String sku) {
            Double quantity = shop.quantity(sku, SOURCE);
            return quantity == null ? null : Math.round(quantity);
        }

        @Override
        Map<String, Integer> calls() {
            return kinds("POST inventory/source-items", shop.sourceItemSaves(), "GET products/{sku} (lookup)",
                    shop.productGets(), "GET products (lookup)", shop.productSearches(),
                    "GET inventory/source-items (lookup)", shop.sourceItemSearches());
        }

        @Override String noLimit() { return NO_DOCUMENTED_LIMIT; }
        @Override List<SpecViolations.Violation> specViolations() { return shop.specViolations().all(); }
        @Override public void close() { shop.close(); }
    }

    static final class Amazon extends VendorCart {

        static final String REFRESH_TOKEN = "Atzr|vendor-calls-refresh";
        private static final String SELLER = "A2VENDORCALLS";
        private static final String MARKETPLACE = "ATVPDKIKX0DER";
        /** PATCHes at 5/s: 10,000 would take 33 min, so the PATCH path is measured on this many and scaled. */
        private static final int PATCH_SKUS = Integer.getInteger("vendor.amazonPatchSkus", 500);

        private final AmazonSimulator amazon = new AmazonSimulator(REFRESH_TOKEN, SELLER, MARKETPLACE, 1, 1);
        private final int skus;
        private final Duration feedProcessing;

        Amazon(int skus, Duration feedProcessing) {
            super(CartType.AMAZON, "10,000 PATCHes, or 1 feed (≈37 calls)");
            this.skus = skus;
            this.feedProcessing = feedProcessing;
            unlimited();
        }

        @Override String baseUrl() { return amazon.url(); }
        @Override String location() { return SELLER + "/" + MARKETPLACE; }
        @Override String secret() { return AmazonSimulator.secret(REFRESH_TOKEN); }
        @Override void seed(String sku, long quantity) { amazon.listing(sku, "PRODUCT", quantity); }
        @Override Long quantity(String sku) { return amazon.quantity(sku); }

        @Override
        Map<String, Integer> calls() {
            return kinds("PATCH listings item", amazon.patches(), "GET listings item (lookup)", amazon.gets(),
                    "createFeedDocument", amazon.createFeedDocuments(), "feed upload", amazon.uploads(),
                    "createFeed", amazon.createFeeds(), "getFeed", amazon.getFeeds(), "getFeedDocument",
                    amazon.getFeedDocuments(), "report download", amazon.reportDownloads(), "token exchange",
                    amazon.exchanges(), "429 QuotaExceeded", amazon.throttled());
        }

        @Override
        List<Limit> limits() {
            String source = "CART_APIS.md, Amazon: \"Rate limit 5 requests/s per account, burst 5\"; feeds "
                    + "\"can take 30 minutes to hours\"";
            return List.of(new Limit("5 requests/s, burst 5, by PATCH (%,d SKUs, below the feed threshold)"
                            .formatted(Math.min(PATCH_SKUS, skus)), source, Math.min(PATCH_SKUS, skus), () -> {
                        amazon.rateLimit(5, 5);
                    }),
                    new Limit("5 requests/s, burst 5, feed processed in %d s".formatted(feedProcessing.toSeconds()),
                            source, 0, () -> {
                                amazon.rateLimit(5, 5);
                                amazon.feedProcessingTime(feedProcessing);
                            }));
        }

        @Override
        void unlimited() {
            amazon.rateLimit(1e9, Integer.MAX_VALUE);
            amazon.feedProcessingTime(Duration.ofSeconds(1));
        }

        @Override List<SpecViolations.Violation> specViolations() { return amazon.specViolations().all(); }
        @Override public void close() { amazon.close(); }
    }

    static final class Webhook extends VendorCart {

        private static final String SECRET = "vendor-calls-webhook-secret";
        private final WebhookCartSimulator hook = new WebhookCartSimulator(SECRET, 0);
        private final Set<String> items = ConcurrentHashMap.newKeySet();

        Webhook() {
            super(CartType.WEBHOOK, "20 calls");
        }

        @Override String baseUrl() { return hook.url(); }
        @Override String location() { return null; }
        @Override String secret() { return SECRET; }

        @Override
        void seed(String sku, long quantity) {
            items.add(sku);
            hook.setInCart(sku, quantity);
        }

        /** Only the seeded items exist: any other is answered UNKNOWN_ITEM. */
        @Override void seeded() { hook.knownItems(items); }
        @Override Long quantity(String sku) { return hook.quantity(sku); }

        @Override
        Map<String, Integer> calls() {
            return kinds("POST (push)", hook.calls(), "POST /catalog (lookup)", hook.catalogReads());
        }

        @Override String noLimit() { return "invsync's own contract: the receiver's limit (429 + Retry-After) only"; }
        /** The webhook contract is invsync's own: nothing to check against. */
        @Override List<SpecViolations.Violation> specViolations() { return List.of(); }
        @Override public void close() { hook.close(); }
    }
}
