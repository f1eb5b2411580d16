package io.invsync.cartpush.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import io.invsync.cartpush.plan.PlanStage;
import io.invsync.cartpush.push.CartConnector;
import io.invsync.cartpush.push.Retrying;
import io.invsync.cartpush.push.Workers;
import io.invsync.cartpush.streams.CartViews;
import io.invsync.events.CartLocation;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;
import io.invsync.support.Secrets;

/**
 * The reads of a cart's live products at each of its locations (does each value exist, is inventory tracked, the cart's own reference and
 * quantity), off the stream threads, one page of values at a time: the values come from the cart's merchant's
 * planning partition (whichever instance holds it), the reads go through the cart's connector on the cart's pace
 * (shared with its pushes, {@link Retrying}). The pushing stage hands out at most one page per cart at a time and
 * publishes what comes back, in its transaction, with the run's progress.
 */
@Component
public class CartReads {

    private static final Logger log = LoggerFactory.getLogger(CartReads.class);

    private final CartViews views;
    private final Secrets secrets;
    private final Retrying retrying;
    private final Clock clock;
    private final Map<CartType, CartConnector> connectors;
    private final int pageSize;
    private final ExecutorService executor;

    CartReads(CartViews views, Secrets secrets, Retrying retrying, Clock clock, List<CartConnector> connectors,
            @Value("${invsync.reconcile.page-size:1000}") int pageSize) {
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("invsync.reconcile.page-size must be 1 to 10000, not " + pageSize);
        }
        this.views = views;
        this.secrets = secrets;
        this.retrying = retrying;
        this.clock = clock;
        this.connectors = connectors.stream().collect(Collectors.toMap(CartConnector::type, Function.identity()));
        this.pageSize = pageSize;
        this.executor = Workers.named("cart-read");
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** A page of the values a cart is pushed under; {@code next} is the {@code after} of the next page. */
    public record PushValues(List<String> values, String next) {
    }

    /**
     * One page read: what the cart said of each value it answered for, how many values the page listed, how many
     * could not be read, where the next page starts (null after the last), or the error that stopped the run.
     * {@code notYet}: nothing was read because the planner's state could not be queried now (starting,
     * rebalancing): the same page is asked again later, the run goes on.
     */
    public record Page(String cartId, List<CartProductObserved> observed, int listed, int unread, String next,
            String error, boolean notYet) {

        Page(String cartId, List<CartProductObserved> observed, int listed, int unread, String next, String error) {
            this(cartId, observed, listed, unread, next, error, false);
        }
    }

    /** Reads the page after {@code after} on a worker thread; {@code landed} gets the page, whatever happens. */
    public void submit(CartSettingsChanged cart, String after, Consumer<Page> landed) {
        executor.execute(() -> {
            Page page;
            try {
                page = read(cart, after);
            } catch (RuntimeException e) {
                log.error("reading cart {} failed", cart.cartId(), e);
                page = new Page(cart.cartId(), List.of(), 0, 0, after, "the read failed inside invsync: " + e);
            }
            landed.accept(page);
        });
    }

    /** A page of the values the cart is pushed under, from this instance's planning stores (it plans the merchant). */
    public PushValues localValues(CartSettingsChanged cart, String after, int limit) {
        List<InventoryLevelChanged> levels = views.stores().scanLocal(PlanStage.LEVELS,
                cart.merchantId() + Keys.SEPARATOR, after, level -> true, limit);
        List<String> values = levels.stream().map(level -> level.aliases().get(cart.pushAlias()))
                .filter(Objects::nonNull).toList();
        return new PushValues(values, levels.size() < limit ? null : levels.get(levels.size() - 1).productId());
    }

    private Page read(CartSettingsChanged cart, String after) {
        String cartId = cart.cartId();
        CartConnector connector = connectors.get(cart.type());
        if (connector == null) {
            return new Page(cartId, List.of(), 0, 0, after, "no connector for cart type " + cart.type());
        }
        Optional<String> secret = secrets.resolve(cart.merchantId(), cart.credentialsRef());
        if (secret.isEmpty()) {
            return new Page(cartId, List.of(), 0, 0, after, "the secret named by credentialsRef '"
                    + cart.credentialsRef() + "' is not configured (INVSYNC_SECRET_" + cart.credentialsRef()
                    + ") or not granted to merchant '" + cart.merchantId() + "' (INVSYNC_SECRET_GRANTS)");
        }
        PushValues values;
        try {
            values = values(cart, after);
        } catch (io.invsync.support.streams.StoreUnavailableException e) {
            log.info("reconciliation of cart {} waits for the planner's state: {}", cartId, e.getMessage());
            return new Page(cartId, List.of(), 0, 0, after, null, true);
        } catch (RuntimeException e) {
            log.warn("reconciliation of cart {} could not list its values: {}", cartId, e.getMessage());
            return new Page(cartId, List.of(), 0, 0, after, "the cart's values could not be listed: " + e.getMessage());
        }
        List<String> sorted = values.values().stream().distinct().sorted().toList();
        int listed = sorted.size() * cart.locations().size();
        List<CartProductObserved> observed = new ArrayList<>();
        for (CartLocation place : cart.locations()) {
            CartSettingsChanged at = cart.at(place); // the connector reads that location
            for (int from = 0; from < sorted.size(); from += connector.catalogBatchLimit()) {
                List<String> chunk = sorted.subList(from, Math.min(sorted.size(), from + connector.catalogBatchLimit()));
                List<CartConnector.CatalogItem> items;
                try {
                    items = retrying.call(cartId, connector.minimumCallInterval(),
                            () -> connector.readCatalog(at, secret.get(), chunk));
                } catch (Retrying.GaveUpException | IllegalStateException e) {
                    // IllegalStateException: the outbound policy refused, or a read it could not make sense of. The
                    // values of this page not read yet stay unread; the run stops here and says why
                    log.warn("reconciliation of cart {} stopped at location {}: {}", cartId, place.location(),
                            e.getMessage());
                    return new Page(cartId, observed, listed, listed - observed.size(), after, e.getMessage());
                }
                Instant now = Instant.now(clock);
                for (CartConnector.CatalogItem item : items) {
                    observed.add(new CartProductObserved(cart.merchantId(), cartId, item.aliasValue(), item.exists(),
                            item.inventoryTracked(), item.cartItemRef(), item.quantity(), now, place.location()));
                }
            }
        }
        return new Page(cartId, observed, listed, 0, values.next(), null);
    }

    /** A page of the values the cart is pushed under, from the instance that plans its merchant. */
    private PushValues values(CartSettingsChanged cart, String after) {
        var planner = views.planner(cart);
        return planner == null ? localValues(cart, after, pageSize)
                : views.stores().fetch(planner, UriComponentsBuilder.fromPath("/api/carts/{cartId}/push-values")
                        .queryParam("limit", pageSize).queryParamIfPresent("after", Optional.ofNullable(after))
                        .buildAndExpand(cart.cartId()).encode().toUriString(), PushValues.class);
    }
}
