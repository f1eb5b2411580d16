package io.invsync.support.streams;

import java.util.function.Function;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Keys;
import io.invsync.events.Limits;

/**
 * Bringing every record of a merchant into one partition, so that one task holds everything an answer about the
 * merchant needs (its levels, aliases, orders, its carts' products and results): records keyed
 * {@code merchantId/...} are in their merchant's partition already (every producer partitions by the key's owner,
 * {@link OwnerPartitions}, DESIGN §3); records keyed by cart
 * ({@code cartId/location/aliasValue}) are first keyed {@code merchantId/cartId/location/aliasValue}
 * ({@link #cartKey}), the
 * merchant taken from the value or, for a tombstone, from the carts' global table ({@link Carts}).
 */
public final class MerchantRouting {

    private static final Logger log = LoggerFactory.getLogger(MerchantRouting.class);

    private MerchantRouting() {
    }

    /** The key of a cart's value at one of its locations in a merchant-partitioned store. */
    public static String cartKey(String merchantId, String cartId, String location, String aliasValue) {
        return Keys.requireId("merchantId", merchantId) + Keys.SEPARATOR + Keys.cartValue(cartId, location, aliasValue);
    }

    /**
     * The key of one value of a cart over all its locations (a verdict, a history), in a merchant-partitioned store:
     * {@code merchantId/cartId/value}.
     */
    public static String cartValueKey(String merchantId, String cartId, String value) {
        return cartPrefix(merchantId, cartId) + Limits.requireLength("aliasValue", value, Limits.MAX_ALIAS_VALUE);
    }

    /** The prefix of every key of one location of a cart in a merchant-partitioned store. */
    public static String cartLocationPrefix(String merchantId, String cartId, String location) {
        return Keys.requireId("merchantId", merchantId) + Keys.SEPARATOR + Keys.cartLocation(cartId, location)
                + Keys.SEPARATOR;
    }

    /** The prefix of every key of one cart in a merchant-partitioned store. */
    public static String cartPrefix(String merchantId, String cartId) {
        return Keys.requireId("merchantId", merchantId) + Keys.SEPARATOR + Keys.cart(cartId) + Keys.SEPARATOR;
    }

    /**
     * A stream keyed by cart ({@code cartId/...}), keyed {@code merchantId/cartId/...} and repartitioned by
     * merchant. A tombstone of a cart the global table does not know is dropped: nothing of it is held anywhere.
     * The topology must hold {@link Carts#addGlobalTable}.
     */
    public static <V> KStream<String, V> cartKeyedByMerchant(KStream<String, V> stream, String name, Serde<V> values,
            int partitions, Function<V, String> merchantOf) {
        return stream.process(() -> new ToMerchantKey<>(name, merchantOf), Named.as(name + "-key"))
                .repartition(Repartitioned.<String, V>with(Serdes.String(), values).withName(name)
                        .withNumberOfPartitions(partitions).withStreamPartitioner(OwnerPartitions.byKey()));
    }

    private static final class ToMerchantKey<V> implements Processor<String, V, String, V> {

        private final String name;
        private final Function<V, String> merchantOf;
        private ProcessorContext<String, V> context;
        private Carts carts;

        ToMerchantKey(String name, Function<V, String> merchantOf) {
            this.name = name;
            this.merchantOf = merchantOf;
        }

        @Override
        public void init(ProcessorContext<String, V> context) {
            this.context = context;
            this.carts = new Carts(context.getStateStore(Carts.STORE));
        }

        @Override
        public void process(Record<String, V> record) {
            String merchantId = record.value() != null ? merchantOf.apply(record.value())
                    : carts.get(Keys.owner(record.key())).map(CartSettingsChanged::merchantId).orElse(null);
            if (merchantId == null) {
                log.info("{}: dropped a tombstone for {}: its cart is not known", name, record.key());
                return;
            }
            context.forward(record.withKey(merchantId + Keys.SEPARATOR + record.key()));
        }
    }
}
