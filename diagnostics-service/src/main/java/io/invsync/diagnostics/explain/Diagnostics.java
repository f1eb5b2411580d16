package io.invsync.diagnostics.explain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import io.invsync.diagnostics.model.ReadModel;
import io.invsync.diagnostics.model.ReadModels;
import io.invsync.diagnostics.model.Verdicts;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartLocation;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.ProductObserved;
import io.invsync.support.NotFoundException;

/**
 * Gathers a {@link Subject} from the read model and runs the {@link Checklist} on it. Answered from this instance's
 * stores: the caller has made sure this instance holds the merchant ({@link ReadModels#ownerOf}). Also the
 * {@link Verdicts} of the discrepancy counts, which the read model's topology keeps with the same function over
 * its task's stores.
 */
@Service
public class Diagnostics implements Verdicts {

    private final ReadModels models;
    private final Checklist checklist;
    private final Clock clock;

    Diagnostics(ReadModels models, Clock clock,
            @Value("${invsync.diagnostics.staleness-limit:PT24H}") Duration stalenessLimit,
            @Value("${invsync.diagnostics.pending-grace:PT2M}") Duration pendingGrace,
            @Value("${invsync.diagnostics.order-hold-limit:PT2H}") Duration holdLimit) {
        this.models = models;
        this.clock = clock;
        this.checklist = new Checklist(stalenessLimit, pendingGrace, holdLimit);
    }

    /** The time the explanations are judged at. */
    public Instant now() {
        return clock.instant();
    }

    public Explanation explain(String merchantId, String cartId, String aliasValue) {
        ReadModel model = models.local();
        CartSettingsChanged cart = cartOf(model, merchantId, cartId);
        return checklist.explain(subjects(model, merchantId, cartId, cart, aliasValue));
    }

    /** A page of the value's sync history: its own events and its products' levels (the explanation's lookup). */
    public io.invsync.diagnostics.model.SyncHistory.Page history(String merchantId, String cartId, String aliasValue,
            Instant before, int limit) {
        ReadModel model = models.local();
        CartSettingsChanged cart = cartOf(model, merchantId, cartId);
        return model.history(merchantId, cartId, aliasValue, match(model, merchantId, cart, aliasValue).productIds(),
                before, clock.instant(), limit);
    }

    /** The cart, null when unknown; one of another merchant is not found. */
    private static CartSettingsChanged cartOf(ReadModel model, String merchantId, String cartId) {
        CartSettingsChanged cart = model.cart(cartId).orElse(null);
        if (cart != null && !cart.merchantId().equals(merchantId)) {
            throw new NotFoundException("cartId", "cart '" + cartId + "' belongs to another merchant");
        }
        return cart;
    }

    public List<Check> merchantChecks(String merchantId) {
        return merchantChecks(models.local(), merchantId);
    }

    private List<Check> merchantChecks(ReadModel model, String merchantId) {
        return checklist.merchantChecks(new Subject(merchantId, null, null, null, List.of(),
                model.merchant(merchantId).orElse(null), model.lastRun(merchantId).orElse(null),
                model.warehouses(merchantId), null, null, null, List.of(), null, null, Instant.now(clock)));
    }

    @Override
    public String causeIfNotSynced(ReadModel model, CartSettingsChanged cart, String aliasValue) {
        Explanation explanation = checklist.explain(subjects(model, cart.merchantId(), cart.cartId(), cart,
                aliasValue));
        return explanation.verdict() == Explanation.Verdict.NOT_SYNCED ? explanation.cause() : null;
    }

    @Override
    public String merchantConclusion(ReadModel model, String merchantId) {
        return merchantChecks(model, merchantId).stream().map(check -> check.id() + "=" + check.status())
                .collect(Collectors.joining(","));
    }

    /**
     * Every alias value the cart is concerned with ({@link ReadModel#concerns}): the products' values under its push alias, plus every value
     * invsync recorded an outcome for (which includes products that lack the push alias, under their SKU), each
     * explained and handed over in turn: a cart of 200,000 values is never held explained in full.
     */
    public void explainCart(String merchantId, String cartId, Consumer<Explanation> each) {
        ReadModel model = models.local();
        CartSettingsChanged cart = model.cart(cartId)
                .filter(c -> c.merchantId().equals(merchantId))
                .orElseThrow(() -> new NotFoundException("cartId", "cart '" + cartId + "' of merchant '" + merchantId
                        + "' is not known"));
        Set<String> values = new HashSet<>();
        model.forEachAliasEntry(merchantId, cart.pushAlias(), alias -> {
            if (values.add(alias.aliasValue())) {
                each.accept(checklist.explain(subjects(model, merchantId, cartId, cart, alias.aliasValue())));
            }
        });
        model.forEachResult(merchantId, cartId, result -> {
            if (values.add(result.aliasValue())) {
                each.accept(checklist.explain(subjects(model, merchantId, cartId, cart, result.aliasValue())));
            }
        });
    }

    /** The products a value names, and the alias that matched (null when none): DESIGN §5's lookup order. */
    private record Match(String matchedBy, List<String> productIds) {
    }

    /** The value under the cart's push alias first, then under SKU, then under any other alias. */
    private static Match match(ReadModel model, String merchantId, CartSettingsChanged cart, String aliasValue) {
        String pushAlias = cart == null ? ProductObserved.SKU_ALIAS : cart.pushAlias();
        String matchedBy = pushAlias;
        List<String> productIds = model.productsWithAlias(merchantId, pushAlias, aliasValue);
        if (productIds.isEmpty() && !pushAlias.equals(ProductObserved.SKU_ALIAS)) {
            matchedBy = ProductObserved.SKU_ALIAS;
            productIds = model.productsWithAlias(merchantId, ProductObserved.SKU_ALIAS, aliasValue);
        }
        if (productIds.isEmpty()) {
            List<AliasIndexChanged> others = model.aliasEntriesWithValue(merchantId, aliasValue);
            if (!others.isEmpty()) {
                matchedBy = others.get(0).aliasName();
                productIds = others.get(0).productIds();
            }
        }
        return new Match(productIds.isEmpty() ? null : matchedBy, productIds);
    }

    /** The value at each of the cart's locations (one subject without a cart). */
    private List<Subject> subjects(ReadModel model, String merchantId, String cartId, CartSettingsChanged cart,
            String aliasValue) {
        Match match = match(model, merchantId, cart, aliasValue);
        String matchedBy = match.matchedBy();
        List<String> productIds = match.productIds();
        InventoryLevelChanged level = null;
        Map<String, String> aliases = null;
        String sku = aliasValue;
        if (productIds.size() == 1) {
            String productId = productIds.get(0);
            level = model.level(merchantId, productId).orElse(null);
            ProductObserved product = model.product(merchantId, productId).orElse(null);
            aliases = level != null && !level.aliases().isEmpty() ? level.aliases()
                    : product != null ? product.aliases() : null;
            sku = level != null ? level.sku() : product != null ? product.sku() : aliasValue;
        }
        var merchant = model.merchant(merchantId).orElse(null);
        var lastRun = model.lastRun(merchantId).orElse(null);
        var warehouses = model.warehouses(merchantId);
        var orders = model.orders(merchantId, sku);
        Instant now = Instant.now(clock);
        AliasIndexChanged vacated = !productIds.isEmpty() || cart == null ? null
                : model.aliasEntry(merchantId, cart.pushAlias(), aliasValue)
                        .filter(entry -> entry.productIds().isEmpty() && !entry.formerProductIds().isEmpty())
                        .orElse(null);
        List<CartLocation> places = cart == null ? java.util.Collections.singletonList(null) : cart.locations();
        List<Subject> subjects = new java.util.ArrayList<>(places.size());
        for (CartLocation place : places) {
            String location = place == null ? CartLocation.DEFAULT_LOCATION : place.location();
            subjects.add(new Subject(merchantId, cartId, aliasValue, matchedBy, productIds, merchant, lastRun,
                    warehouses, cart, aliases, level, orders,
                    model.cartProduct(merchantId, cartId, location, aliasValue).orElse(null),
                    model.result(merchantId, cartId, location, aliasValue).orElse(null), now, place, vacated));
        }
        return subjects;
    }
}
