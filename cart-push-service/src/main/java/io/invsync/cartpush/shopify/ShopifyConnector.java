package io.invsync.cartpush.shopify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.push.CallPacer;
import io.invsync.cartpush.push.CartConnector;
import io.invsync.cartpush.push.CartHttp;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.EventJson;
import io.invsync.events.PushOutcome;
import tools.jackson.databind.JsonNode;

/**
 * Shopify through the Admin GraphQL API (shared/CART_APIS.md, "Shopify").
 *
 * <p>Reading: {@code productVariants(query: "sku:\"A\" OR sku:\"B\" …")}, paged, with each variant's inventory item
 * ({@code id} = the cart item reference, {@code tracked}) and its {@code available} quantity at the cart's location.
 * Shopify's search is not an exact match ({@code sku:A-1} also finds {@code A-10}), so SKUs are matched exactly
 * here. An item that exists but is not stocked at the cart's location reads as exists, tracked, with its reference
 * and a null quantity; a push to it is REJECTED with ITEM_NOT_STOCKED_AT_LOCATION, since activating a location is
 * the merchant's decision, not invsync's.
 *
 * <p>Writing: {@code inventorySetQuantities} of {@code available} (reason {@code correction}), at most 250 quantities
 * a call, each compare-and-set with {@code changeFromQuantity} = what invsync last knew to be in Shopify, under an
 * {@code @idempotent} key derived from the batch id and the call's variables (the same call again replays Shopify's
 * first answer instead of applying twice; a changed call gets a new key). Shopify applies a call all or nothing, so
 * items it refused are taken out and the rest sent again; items whose quantity changed meanwhile
 * (CHANGE_FROM_QUANTITY_STALE) are read again and sent with the fresh quantity, a bounded number of times, so the
 * desired quantity lands. Untracked and unknown items are never written.
 *
 * <p>Rate: every call is paced by the shop's query-cost bucket as its last answer reported it
 * ({@link QueryCostBudget}); a THROTTLED answer (HTTP 200) or a 429 becomes {@link RetryableCartException} with the
 * time the bucket needs to hold the call's cost.
 */
@Component
class ShopifyConnector implements CartConnector {

    private static final Logger log = LoggerFactory.getLogger(ShopifyConnector.class);

    /** Shopify caps every input array at 250. */
    static final int MAX_QUANTITIES = 250;
    static final String SET_QUANTITIES = "inventorySetQuantities";
    static final String FIND_VARIANTS = "productVariants";
    static final String LOCATION_GID = "gid://shopify/Location/";

    private static final String FIND_QUERY = """
            query InvsyncFindVariants($query: String!, $first: Int!, $after: String, $location: ID!) {
              productVariants(first: $first, after: $after, query: $query) {
                nodes {
                  sku
                  inventoryItem {
                    id
                    tracked
                    inventoryLevel(locationId: $location) {
                      quantities(names: ["available"]) { name quantity }
                    }
                  }
                }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    private static final String SET_MUTATION = """
            mutation InvsyncSetAvailable($input: InventorySetQuantitiesInput!) {
              inventorySetQuantities(input: $input) @idempotent(key: "%s") {
                inventoryAdjustmentGroup { id }
                userErrors { code field message }
              }
            }""";

    private static final Set<String> STALE = Set.of("CHANGE_FROM_QUANTITY_STALE", "COMPARE_QUANTITY_STALE");
    /** The item reference went away (variant deleted or recreated): look the SKU up again. */
    private static final String GONE = "INVALID_INVENTORY_ITEM";
    private static final String NOT_STOCKED = "ITEM_NOT_STOCKED_AT_LOCATION";
    private static final int MAX_PAGES = 100;
    /**
     * The Admin schema (2026-04, InventorySetQuantitiesUserErrorCode.INVALID_QUANTITY_TOO_HIGH): "The total quantity
     * can't be higher than 1,000,000,000." Refused here rather than capped: a capped quantity would be reported
     * PUSHED though the cart holds less than was asked.
     */
    static final long MAX_QUANTITY = 1_000_000_000L;

    private final ShopifyGraphql graphql;
    private final int catalogBatchLimit;
    private final Duration minimumCallInterval;
    private final int staleRereads;
    /** Per (cart, location, item): the quantity invsync set, and the catalog read it superseded. */
    private final Map<String, SetByInvsync> setByInvsync = new ConcurrentHashMap<>();

    @Autowired
    ShopifyConnector(@Value("${invsync.shopify.api-version:2026-04}") String apiVersion,
            @Value("${invsync.shopify.catalog-batch-limit:100}") int catalogBatchLimit,
            @Value("${invsync.shopify.minimum-call-interval:PT0.05S}") Duration minimumCallInterval,
            @Value("${invsync.shopify.timeout:PT30S}") Duration timeout,
            @Value("${invsync.shopify.stale-rereads:3}") int staleRereads, CallPacer pacer, CartHttp http) {
        // changeFromQuantity (the compare-and-set this connector relies on) exists from 2026-01
        if (!apiVersion.matches("\\d{4}-\\d{2}|unstable") || apiVersion.compareTo("2026-01") < 0) {
            throw new IllegalArgumentException("invsync.shopify.api-version must be 2026-01 or later (YYYY-MM), not '"
                    + apiVersion + "'");
        }
        if (catalogBatchLimit < 1 || catalogBatchLimit > 200) {
            throw new IllegalArgumentException("invsync.shopify.catalog-batch-limit must be 1..200");
        }
        this.graphql = new ShopifyGraphql(apiVersion, timeout, new QueryCostBudget(pacer), http);
        this.catalogBatchLimit = catalogBatchLimit;
        this.minimumCallInterval = minimumCallInterval;
        this.staleRereads = staleRereads;
    }

    @Override
    public CartType type() {
        return CartType.SHOPIFY;
    }

    @Override
    public Limits limits() {
        return new Limits(MAX_QUANTITIES, catalogBatchLimit, minimumCallInterval);
    }

    @Override
    public List<CatalogItem> readCatalog(CartSettingsChanged cart, String secret, List<String> aliasValues) {
        String location = location(cart);
        Map<String, List<Variant>> found = find(cart, secret, location, aliasValues);
        return aliasValues.stream().map(value -> {
            List<Variant> variants = found.getOrDefault(value, List.of());
            if (variants.isEmpty()) {
                return new CatalogItem(value, false, false, null, null);
            }
            if (variants.size() > 1) {
                // no reference: a push looks the SKU up again and refuses to guess between the variants
                return new CatalogItem(value, true, variants.stream().anyMatch(Variant::tracked), null, null);
            }
            Variant variant = variants.get(0);
            setByInvsync.remove(memoryKey(cart, location, variant.inventoryItemId())); // this read is newer
            return new CatalogItem(value, true, variant.tracked(), variant.inventoryItemId(), variant.available());
        }).toList();
    }

    @Override
    public List<ItemResult> push(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items) {
        Map<String, SetByInvsync> learnt = new HashMap<>();
        List<ItemResult> results = new ArrayList<>();
        for (int from = 0; from < items.size(); from += MAX_QUANTITIES) {
            results.addAll(pushCall(cart, secret, batchId, items.subList(from, Math.min(items.size(),
                    from + MAX_QUANTITIES)), learnt));
        }
        // remembered only once the whole batch went through: a retry of it must send the same variables
        setByInvsync.putAll(learnt);
        return results;
    }

    /** One call's worth of items (at most 250): look up what is not known, set, and sort out what Shopify refused. */
    private List<ItemResult> pushCall(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items,
            Map<String, SetByInvsync> learnt) {
        Map<String, ItemResult> results = new HashMap<>();
        try {
            String location = location(cart);
            Map<String, Target> pending = new LinkedHashMap<>();
            List<PushItem> unknown = new ArrayList<>();
            for (PushItem item : items) {
                if (item.quantity() > MAX_QUANTITY || item.quantity() < 0) {
                    results.put(item.aliasValue(), rejected(item, "Shopify takes quantities from 0 to 1,000,000,000 "
                            + "(INVALID_QUANTITY_TOO_HIGH above), not " + item.quantity()));
                    continue;
                }
                Long from = knownQuantity(cart, location, item);
                if (item.cartItemRef() != null && from != null) {
                    pending.put(item.aliasValue(), new Target(item, item.cartItemRef(), from));
                } else {
                    unknown.add(item); // not read yet, or not stocked at the location when read: ask Shopify
                }
            }
            if (!unknown.isEmpty()) {
                resolve(cart, secret, location, unknown, pending, results);
            }
            Map<String, Integer> rereads = new HashMap<>();
            int salt = 0;
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round > staleRereads + 3 + salt) {
                    String reason = "Shopify refused the quantity " + round + " times in a row; giving up on this push";
                    pending.values().forEach(t -> results.put(t.alias(), rejected(t.item(), reason)));
                    break;
                }
                List<Target> targets = List.copyOf(pending.values());
                List<UserError> errors = setQuantities(cart, secret, location, batchId, salt, targets);
                if (errors.isEmpty()) {
                    for (Target target : targets) {
                        results.put(target.alias(), new ItemResult(target.alias(), PushOutcome.PUSHED, null));
                        learnt.put(memoryKey(cart, location, target.inventoryItemId()),
                                new SetByInvsync(target.item().quantity(), target.item().cartQuantity()));
                    }
                    break;
                }
                Map<Integer, List<UserError>> byIndex = errors.stream().filter(e -> e.index() != null
                        && e.index() < targets.size()).collect(Collectors.groupingBy(UserError::index));
                List<UserError> batchWide = errors.stream().filter(e -> e.index() == null
                        || e.index() >= targets.size()).toList();
                if (!batchWide.isEmpty()) {
                    salt = batchWide(batchWide, salt, targets, pending, results);
                    if (pending.isEmpty()) {
                        break;
                    }
                }
                List<PushItem> reread = new ArrayList<>();
                byIndex.forEach((index, itemErrors) -> {
                    Target target = targets.get(index);
                    List<UserError> refusals = itemErrors.stream()
                            .filter(e -> !STALE.contains(e.code()) && !GONE.equals(e.code())).toList();
                    pending.remove(target.alias());
                    if (!refusals.isEmpty()) {
                        results.put(target.alias(), rejected(target.item(), refusals.stream()
                                .map(e -> describe(e, location)).collect(Collectors.joining("; "))));
                    } else if (rereads.merge(target.alias(), 1, Integer::sum) > staleRereads) {
                        results.put(target.alias(), rejected(target.item(), "the quantity in Shopify kept changing "
                                + "while invsync set it (" + itemErrors.get(0).code() + " " + staleRereads
                                + " times); it will be tried again with the next change"));
                    } else {
                        reread.add(target.item());
                    }
                });
                if (!reread.isEmpty()) {
                    log.debug("cart {}: {} quantities changed in Shopify meanwhile; reading them again",
                            cart.cartId(), reread.size());
                    resolve(cart, secret, location, reread, pending, results);
                }
            }
        } catch (ShopifyGraphql.Refused e) {
            for (PushItem item : items) {
                results.putIfAbsent(item.aliasValue(), rejected(item, e.getMessage()));
            }
        }
        return items.stream().map(item -> results.getOrDefault(item.aliasValue(),
                rejected(item, "Shopify's answer said nothing of it"))).toList();
    }

    /** Errors that name no item. Returns the idempotency salt to use next. */
    private int batchWide(List<UserError> errors, int salt, List<Target> targets, Map<String, Target> pending,
            Map<String, ItemResult> results) {
        Set<String> codes = errors.stream().map(UserError::code).collect(Collectors.toSet());
        if (codes.contains("IDEMPOTENCY_CONCURRENT_REQUEST")) {
            throw new RetryableCartException("Shopify is still running the same request (IDEMPOTENCY_CONCURRENT_REQUEST)",
                    Duration.ofSeconds(1));
        }
        if (codes.stream().allMatch(code -> code.startsWith("IDEMPOTENCY_")) && salt < 2) {
            // the key is spent (a previous attempt failed) or was used for other variables: a fresh key, same call
            return salt + 1;
        }
        String reason = errors.stream().map(e -> describe(e, null)).collect(Collectors.joining("; "));
        targets.forEach(t -> results.put(t.alias(), rejected(t.item(), reason)));
        pending.clear();
        return salt;
    }

    /** Looks the items up by SKU and puts those that can be set in {@code pending}, with Shopify's quantity now. */
    private void resolve(CartSettingsChanged cart, String secret, String location, List<PushItem> items,
            Map<String, Target> pending, Map<String, ItemResult> results) {
        Map<String, List<Variant>> found = find(cart, secret, location,
                items.stream().map(PushItem::aliasValue).toList());
        for (PushItem item : items) {
            String sku = item.aliasValue();
            List<Variant> variants = found.getOrDefault(sku, List.of());
            if (variants.isEmpty()) {
                results.put(sku, new ItemResult(sku, PushOutcome.NOT_IN_CART,
                        "Shopify has no product variant with SKU '" + sku + "'"));
            } else if (variants.size() > 1) {
                results.put(sku, rejected(item, variants.size() + " variants in Shopify have SKU '" + sku
                        + "' (inventory items " + variants.stream().map(Variant::inventoryItemId)
                                .collect(Collectors.joining(", "))
                        + "); give each its own SKU, invsync will not guess which one to set"));
            } else if (!variants.get(0).tracked()) {
                results.put(sku, new ItemResult(sku, PushOutcome.TRACKING_DISABLED,
                        "inventory tracking is off for SKU '" + sku + "' in Shopify; its quantity was not written"));
            } else if (variants.get(0).available() == null) {
                results.put(sku, rejected(item, notStocked(sku, location)));
            } else {
                pending.put(sku, new Target(item, variants.get(0).inventoryItemId(), variants.get(0).available()));
            }
        }
    }

    /** The variants whose SKU is exactly one of {@code skus}, by SKU; a SKU Shopify does not know maps to nothing. */
    private Map<String, List<Variant>> find(CartSettingsChanged cart, String secret, String location,
            Collection<String> skus) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(skus));
        Map<String, List<Variant>> found = new HashMap<>();
        distinct.forEach(sku -> found.put(sku, new ArrayList<>()));
        int pageSize = Math.min(MAX_QUANTITIES, catalogBatchLimit + 25); // room for the longer SKUs search finds too
        for (int from = 0; from < distinct.size(); from += catalogBatchLimit) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + catalogBatchLimit));
            String search = chunk.stream().map(sku -> "sku:" + quoted(sku)).collect(Collectors.joining(" OR "));
            String after = null;
            for (int page = 1; ; page++) {
                Map<String, Object> variables = new LinkedHashMap<>();
                variables.put("query", search);
                variables.put("first", pageSize);
                variables.put("after", after);
                variables.put("location", location);
                JsonNode connection = graphql.execute(cart, secret, FIND_VARIANTS, FIND_QUERY, variables, pageSize,
                        2 + 4.0 * pageSize).path("productVariants");
                for (JsonNode node : connection.path("nodes")) {
                    Variant variant = variant(node);
                    List<Variant> same = variant == null ? null : found.get(variant.sku());
                    if (same != null && same.stream().noneMatch(v -> v.inventoryItemId().equals(variant.inventoryItemId()))) {
                        same.add(variant);
                    }
                }
                JsonNode pageInfo = connection.path("pageInfo");
                after = pageInfo.path("endCursor").asString(null);
                if (!pageInfo.path("hasNextPage").asBoolean(false) || after == null) {
                    break;
                }
                if (page >= MAX_PAGES) {
                    throw new ShopifyGraphql.Refused("Shopify's search for " + chunk.size() + " SKUs matched more than "
                            + MAX_PAGES * pageSize + " variants; lower invsync.shopify.catalog-batch-limit");
                }
            }
        }
        return found;
    }

    private static Variant variant(JsonNode node) {
        String sku = node.path("sku").asString(null);
        JsonNode item = node.path("inventoryItem");
        String id = item.path("id").asString(null);
        if (sku == null || id == null) {
            return null;
        }
        Long available = null;
        for (JsonNode quantity : item.path("inventoryLevel").path("quantities")) {
            if ("available".equals(quantity.path("name").asString(null)) && quantity.path("quantity").isNumber()) {
                available = quantity.path("quantity").asLong();
            }
        }
        return new Variant(sku, id, item.path("tracked").asBoolean(false), available);
    }

    /** Sends one inventorySetQuantities; returns its userErrors (none: every quantity was set). */
    private List<UserError> setQuantities(CartSettingsChanged cart, String secret, String location, String batchId,
            int salt, List<Target> targets) {
        List<Map<String, Object>> quantities = new ArrayList<>();
        for (Target target : targets) {
            Map<String, Object> quantity = new LinkedHashMap<>();
            quantity.put("inventoryItemId", target.inventoryItemId());
            quantity.put("locationId", location);
            quantity.put("quantity", target.item().quantity());
            quantity.put("changeFromQuantity", target.changeFrom());
            quantities.add(quantity);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "available");
        input.put("reason", "correction");
        input.put("referenceDocumentUri", "gid://invsync/CartPush/" + batchId);
        input.put("quantities", quantities);
        Map<String, Object> variables = Map.of("input", input);
        String query = SET_MUTATION.formatted(idempotencyKey(batchId, salt, variables));
        JsonNode payload = graphql.execute(cart, secret, SET_QUANTITIES, query, variables, targets.size(),
                10 + targets.size()).path("inventorySetQuantities");
        if (!payload.isObject()) {
            throw new ShopifyGraphql.Refused("Shopify's answer to inventorySetQuantities has no payload");
        }
        List<UserError> errors = new ArrayList<>();
        for (JsonNode error : payload.path("userErrors")) {
            List<String> field = new ArrayList<>();
            error.path("field").forEach(part -> field.add(part.asString("")));
            errors.add(new UserError(error.path("code").asString("UNKNOWN"), field,
                    error.path("message").asString(""), quantityIndex(field)));
        }
        return errors;
    }

    /**
     * The same batch with the same variables gets the same key, so Shopify replays its first answer to a retry;
     * anything different (other quantities, a re-read, a salt after a spent key) gets another.
     */
    static String idempotencyKey(String batchId, int salt, Object variables) {
        byte[] seed = (batchId + "|" + salt + "|" + new String(EventJson.write(variables), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(seed).toString();
    }

    /** {@code ["input", "quantities", "3", "changeFromQuantity"]} → 3. */
    private static Integer quantityIndex(List<String> field) {
        int at = field.indexOf("quantities");
        if (at < 0 || at + 1 >= field.size()) {
            return null;
        }
        try {
            return Integer.parseInt(field.get(at + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Long knownQuantity(CartSettingsChanged cart, String location, PushItem item) {
        if (item.cartItemRef() == null) {
            return null;
        }
        SetByInvsync set = setByInvsync.get(memoryKey(cart, location, item.cartItemRef()));
        // what invsync set is newer than the catalog read it replaced; a different read is newer than both
        if (set != null && Objects.equals(set.catalogQuantity(), item.cartQuantity())) {
            return set.quantity();
        }
        return item.cartQuantity();
    }

    private static String memoryKey(CartSettingsChanged cart, String location, String inventoryItemId) {
        return cart.cartId() + "|" + location + "|" + inventoryItemId;
    }

    /** The cart's location as a Shopify gid; a bare number is taken as a location id. */
    static String location(CartSettingsChanged cart) {
        String location = cart.location() == null ? "" : cart.location().strip();
        if (location.isEmpty()) {
            throw new ShopifyGraphql.Refused("cart " + cart.cartId() + " has no location; set it to the Shopify "
                    + "location to write to (" + LOCATION_GID + "…)");
        }
        return location.chars().allMatch(Character::isDigit) ? LOCATION_GID + location : location;
    }

    /** Search syntax: a quoted value, so that {@code -}, {@code :} and spaces in a SKU are taken literally. */
    static String quoted(String sku) {
        return "\"" + sku.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String describe(UserError error, String location) {
        if (NOT_STOCKED.equals(error.code()) && location != null) {
            return NOT_STOCKED + ": the item is not stocked at Shopify location " + location
                    + "; activate its inventory there in Shopify, or set the cart's location to one that stocks it";
        }
        return error.code() + ": " + error.message();
    }

    private static String notStocked(String sku, String location) {
        return NOT_STOCKED + ": SKU '" + sku + "' is not stocked at Shopify location " + location
                + "; activate its inventory there in Shopify, or set the cart's location to one that stocks it";
    }

    private static ItemResult rejected(PushItem item, String reason) {
        return new ItemResult(item.aliasValue(), PushOutcome.REJECTED, reason);
    }

    /** A variant as the search found it; {@code available} is null when it is not stocked at the location. */
    private record Variant(String sku, String inventoryItemId, boolean tracked, Long available) {
    }

    /** An item about to be set: its inventory item, and the quantity invsync believes Shopify holds. */
    private record Target(PushItem item, String inventoryItemId, long changeFrom) {

        String alias() {
            return item.aliasValue();
        }
    }

    private record UserError(String code, List<String> field, String message, Integer index) {
    }

    private record SetByInvsync(long quantity, Long catalogQuantity) {
    }
}
