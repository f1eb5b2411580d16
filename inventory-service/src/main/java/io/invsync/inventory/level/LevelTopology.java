package io.invsync.inventory.level;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventSerde;
import io.invsync.events.Keys;
import io.invsync.events.Limits;
import io.invsync.events.ProductObserved;
import io.invsync.events.Topics;
import io.invsync.support.streams.EventSources;

/**
 * Per (merchant, product): the level in each warehouse and the total; every change of it, for the alias index, the
 * warehouses, the kits and the levels topic ({@link io.invsync.inventory.publish.LevelPublishing}).
 * Quantities and products are both keyed {@code merchantId/productId} and created with the same partition
 * count, so one task sees every input of a product and they share one store.
 */
public final class LevelTopology {

    /** {@code merchantId/productId} → {@link ProductInventory}. */
    public static final String STORE = "product-levels";

    private LevelTopology() {
    }

    /** @return every change of a product's state */
    public static KStream<String, LevelChange> addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                EventSerde.stored(ProductInventory.class)));

        KStream<String, AvailableQuantityObserved> quantities = EventSources.stream(builder,
                Topics.AVAILABLE_QUANTITIES, AvailableQuantityObserved.class, LevelTopology::quantityKey);
        KStream<String, ProductObserved> products = EventSources.stream(builder, Topics.PRODUCTS,
                ProductObserved.class, LevelTopology::productKey);

        KStream<String, LevelChange> fromQuantities = withinBounds(quantities.process(
                () -> new LevelProcessor<AvailableQuantityObserved>(
                        (held, key, quantity, recordTime) -> LevelRules.applyQuantity(held, quantity, recordTime),
                        Topics.AVAILABLE_QUANTITIES),
                Named.as("apply-quantity"), STORE), Topics.AVAILABLE_QUANTITIES, "quantity");
        KStream<String, LevelChange> fromProducts = withinBounds(products.process(
                () -> new LevelProcessor<ProductObserved>((held, key, product, recordTime) -> LevelRules.applyProduct(
                        held, Keys.owner(key), key.substring(key.indexOf(Keys.SEPARATOR) + 1), product),
                        Topics.PRODUCTS),
                Named.as("apply-product"), STORE), Topics.PRODUCTS, "product");

        // published by io.invsync.inventory.publish, at most once per product per publish interval
        return fromQuantities.merge(fromProducts, Named.as("level-changes"));
    }

    /** Refused inputs go to their topic's .dlq (headers name the reason); the changes go on. */
    private static KStream<String, LevelChange> withinBounds(KStream<String, LevelProcessor.Outcome> outcomes,
            String topic, String name) {
        return outcomes.split(Named.as("bounded-" + name + "-"))
                .branch((key, outcome) -> outcome.refused() != null, Branched.withConsumer(refused -> refused
                        .mapValues(LevelProcessor.Outcome::refused, Named.as("refused-" + name))
                        .to(Topics.dlq(topic), Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName("refused-" + name + "-dlq")), "refused"))
                .defaultBranch(Branched.withFunction(applied -> applied, "applied"))
                .get("bounded-" + name + "-applied")
                .mapValues(LevelProcessor.Outcome::change, Named.as(name + "-changes"));
    }

    /** The key of a quantity record; its warehouse id and SKU must be within their bounds too. */
    private static String quantityKey(AvailableQuantityObserved quantity) {
        Keys.warehouse(quantity.merchantId(), quantity.warehouseId());
        if (quantity.sku() != null) {
            Limits.requireLength("sku", quantity.sku(), Limits.MAX_ID);
        }
        return Keys.product(quantity.merchantId(), quantity.productId());
    }

    /** The key of a product record; every alias must also make a valid alias key, or the record is refused. */
    private static String productKey(ProductObserved product) {
        String key = Keys.product(product.merchantId(), product.productId());
        Limits.requireLength("sku", product.sku(), Limits.MAX_ID);
        product.aliases().forEach((name, value) -> {
            try {
                Keys.alias(product.merchantId(), name, value);
            } catch (io.invsync.events.InvalidFieldException e) {
                throw new io.invsync.events.InvalidFieldException("aliases." + name, e.getMessage());
            }
        });
        return key;
    }
}
