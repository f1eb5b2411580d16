package io.invsync.cartpush.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.plan.PlanStage;
import io.invsync.cartpush.push.CartConnector;
import io.invsync.cartpush.push.Retrying;
import io.invsync.cartpush.streams.CartViews;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.support.Secrets;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.support.EventPublisher;
import io.invsync.support.KafkaUnavailableException;

/**
 * Reads what each cart says of the merchant's alias values (does it exist, is inventory tracked, the cart's own
 * reference and quantity) and publishes it to the cart-products topic. A refresh runs on request and on a
 * schedule; its calls share the cart's pace with the pushes, so it runs on the instance that makes the cart's
 * calls (the owner of its pushing partition). The values come from the cart's merchant's planning partition, a
 * page at a time, from whichever instance holds it. The planning stage reads what is published and plans it.
 */
@Component
public class CatalogRefresher {

    private static final Logger log = LoggerFactory.getLogger(CatalogRefresher.class);

    private static final int VALUES_PAGE = 10_000;

    private final CartViews views;
    private final Secrets secrets;
    private final Retrying retrying;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Map<String, CartConnector> connectors;
    private final Map<String, Refresh> lastRefresh = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "catalog-refresh");
        thread.setDaemon(true);
        return thread;
    });

    CatalogRefresher(CartViews views, Secrets secrets, Retrying retrying, EventPublisher publisher, Clock clock,
            List<CartConnector> connectors) {
        this.views = views;
        this.secrets = secrets;
        this.retrying = retrying;
        this.publisher = publisher;
        this.clock = clock;
        this.connectors = connectors.stream().collect(Collectors.toMap(c -> c.type().name(), Function.identity()));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** How a refresh went: {@code status} RUNNING, SUCCEEDED or FAILED (with the reason). */
    public record Refresh(String cartId, String status, Instant startedAt, Instant finishedAt, int values,
            int read, String error) {
    }

    public Optional<Refresh> last(String cartId) {
        return Optional.ofNullable(lastRefresh.get(cartId));
    }

    /** A page of the values a cart is pushed under; {@code next} is the {@code after} of the next page. */
    public record PushValues(List<String> values, String next) {
    }

    /**
     * Starts a refresh of one cart unless one is running; returns its state. The caller is the instance that makes
     * the cart's calls.
     */
    public Refresh start(CartSettingsChanged cart) {
        Refresh running = new Refresh(cart.cartId(), "RUNNING", Instant.now(clock), null, 0, 0, null);
        Refresh held = lastRefresh.compute(cart.cartId(),
                (id, previous) -> previous != null && previous.status().equals("RUNNING") ? previous : running);
        if (held == running) {
            executor.execute(() -> lastRefresh.put(cart.cartId(), refresh(cart, running)));
        }
        return held;
    }

    @Scheduled(initialDelayString = "${invsync.catalog.refresh-interval:PT6H}",
            fixedDelayString = "${invsync.catalog.refresh-interval:PT6H}")
    void refreshAll() {
        views.carts().stream().filter(CartSettingsChanged::inventoryUploadEnabled)
                .filter(cart -> views.pushesFor(cart.cartId())).forEach(this::start);
    }

    /** A page of the values the cart is pushed under, from this instance's planning stores (it plans the merchant). */
    public PushValues localValues(CartSettingsChanged cart, String after, int limit) {
        List<InventoryLevelChanged> levels = views.stores().scanLocal(PlanStage.LEVELS,
                cart.merchantId() + Keys.SEPARATOR, after, level -> true, limit);
        List<String> values = levels.stream().map(level -> level.aliases().get(cart.pushAlias()))
                .filter(Objects::nonNull).toList();
        return new PushValues(values, levels.size() < limit ? null : levels.get(levels.size() - 1).productId());
    }

    /** Every value the cart is pushed under: each product's value for the cart's push alias, sorted. */
    private List<String> aliasValues(CartSettingsChanged cart) {
        java.util.TreeSet<String> values = new java.util.TreeSet<>();
        String after = null;
        do {
            var planner = views.planner(cart);
            PushValues page = planner == null ? localValues(cart, after, VALUES_PAGE)
                    : views.stores().fetch(planner, org.springframework.web.util.UriComponentsBuilder
                            .fromPath("/api/carts/{cartId}/push-values").queryParam("limit", VALUES_PAGE)
                            .queryParamIfPresent("after", Optional.ofNullable(after))
                            .buildAndExpand(cart.cartId()).encode().toUriString(), PushValues.class);
            values.addAll(page.values());
            after = page.next();
        } while (after != null);
        return List.copyOf(values);
    }

    private Refresh refresh(CartSettingsChanged cart, Refresh started) {
        List<String> values;
        try {
            values = aliasValues(cart);
        } catch (RuntimeException e) {
            log.warn("catalog refresh of cart {} could not list its values: {}", cart.cartId(), e.getMessage());
            return finished(started, 0, "the cart's values could not be read: " + e.getMessage());
        }
        Refresh running = new Refresh(started.cartId(), started.status(), started.startedAt(), null, values.size(),
                0, null);
        lastRefresh.put(cart.cartId(), running);
        CartConnector connector = connectors.get(cart.type().name());
        if (connector == null) {
            return finished(running, 0, "no connector for cart type " + cart.type());
        }
        Optional<String> secret = secrets.resolve(cart.merchantId(), cart.credentialsRef());
        if (secret.isEmpty()) {
            return finished(running, 0, "the secret named by credentialsRef '" + cart.credentialsRef()
                    + "' is not configured (INVSYNC_SECRET_" + cart.credentialsRef() + ") or not granted to merchant '"
                    + cart.merchantId() + "' (INVSYNC_SECRET_GRANTS)");
        }
        int read = 0;
        try {
            for (int from = 0; from < values.size(); from += connector.catalogBatchLimit()) {
                List<String> chunk = values.subList(from, Math.min(values.size(), from + connector.catalogBatchLimit()));
                List<CartConnector.CatalogItem> items = retrying.call(cart.cartId(), connector.minimumCallInterval(),
                        () -> connector.readCatalog(cart, secret.get(), chunk));
                Instant now = Instant.now(clock);
                for (CartConnector.CatalogItem item : items) {
                    var observed = new CartProductObserved(cart.merchantId(), cart.cartId(), item.aliasValue(),
                            item.exists(), item.inventoryTracked(), item.cartItemRef(), item.quantity(), now);
                    publisher.publish(Topics.CART_PRODUCTS, Keys.cartAlias(cart.cartId(), item.aliasValue()), observed);
                    read++;
                }
            }
        } catch (Retrying.GaveUpException | IllegalStateException | KafkaUnavailableException e) {
            log.warn("catalog refresh of cart {} stopped after {} values: {}", cart.cartId(), read, e.getMessage());
            return finished(running, read, e.getMessage());
        }
        return finished(running, read, null);
    }

    private Refresh finished(Refresh running, int read, String error) {
        return new Refresh(running.cartId(), error == null ? "SUCCEEDED" : "FAILED", running.startedAt(),
                Instant.now(clock), running.values(), read, error);
    }
}
