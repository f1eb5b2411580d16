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

import io.invsync.cartpush.ownership.CartOwnership;
import io.invsync.cartpush.plan.PushPlanner;
import io.invsync.cartpush.push.CartConnector;
import io.invsync.support.Secrets;
import io.invsync.cartpush.push.Retrying;
import io.invsync.cartpush.state.PushState;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.support.EventPublisher;
import io.invsync.support.KafkaUnavailableException;

/**
 * Reads what each cart says of the merchant's alias values (does it exist, is inventory tracked, the cart's own
 * reference and quantity) and publishes it to the cart-products topic. A refresh runs on request and on a
 * schedule; its calls share the cart's pace with the pushes, so only the instance that owns the cart reads it.
 */
@Component
public class CatalogRefresher {

    private static final Logger log = LoggerFactory.getLogger(CatalogRefresher.class);

    private final PushState state;
    private final PushPlanner planner;
    private final Secrets secrets;
    private final Retrying retrying;
    private final EventPublisher publisher;
    private final Clock clock;
    private final CartOwnership ownership;
    private final Map<String, CartConnector> connectors;
    private final Map<String, Refresh> lastRefresh = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "catalog-refresh");
        thread.setDaemon(true);
        return thread;
    });

    CatalogRefresher(PushState state, PushPlanner planner, Secrets secrets, Retrying retrying,
            EventPublisher publisher, Clock clock, CartOwnership ownership, List<CartConnector> connectors) {
        this.state = state;
        this.ownership = ownership;
        this.planner = planner;
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

    /**
     * Starts a refresh of one cart unless one is running; returns its state.
     *
     * @throws io.invsync.cartpush.ownership.NotOwnerException when another instance owns the cart
     */
    public Refresh start(CartSettingsChanged cart) {
        ownership.requireOwner(cart.cartId());
        List<String> values = aliasValues(cart);
        Refresh running = new Refresh(cart.cartId(), "RUNNING", Instant.now(clock), null, values.size(), 0, null);
        Refresh held = lastRefresh.compute(cart.cartId(),
                (id, previous) -> previous != null && previous.status().equals("RUNNING") ? previous : running);
        if (held == running) {
            executor.execute(() -> lastRefresh.put(cart.cartId(), refresh(cart, values, running)));
        }
        return held;
    }

    @Scheduled(initialDelayString = "${invsync.catalog.refresh-interval:PT6H}",
            fixedDelayString = "${invsync.catalog.refresh-interval:PT6H}")
    void refreshAll() {
        state.carts().stream().filter(CartSettingsChanged::inventoryUploadEnabled)
                .filter(cart -> ownership.owns(cart.cartId())).forEach(this::start);
    }

    /** The values the cart would be pushed under: each product's value for the cart's push alias. */
    private List<String> aliasValues(CartSettingsChanged cart) {
        return state.levelsOf(cart.merchantId()).stream()
                .map(level -> level.aliases().get(cart.pushAlias())).filter(Objects::nonNull)
                .distinct().sorted().toList();
    }

    private Refresh refresh(CartSettingsChanged cart, List<String> values, Refresh running) {
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
                    state.putCartProduct(observed);
                    planner.replanAlias(cart.cartId(), item.aliasValue());
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
