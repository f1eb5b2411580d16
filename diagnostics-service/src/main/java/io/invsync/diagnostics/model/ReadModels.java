package io.invsync.diagnostics.model;

import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.springframework.stereotype.Component;

import io.invsync.events.Keys;
import io.invsync.support.streams.MerchantRouting;
import io.invsync.support.streams.StateStores;
import io.invsync.support.streams.StoreUnavailableException;

/**
 * The read model as the REST API and the metrics read it: this instance's stores, over interactive queries, and
 * which instance holds a merchant (the owner of its partition, per Kafka Streams' metadata).
 */
@Component
public class ReadModels {

    private final StateStores stores;
    private final ReadModel local;

    ReadModels(StateStores stores) {
        this.stores = stores;
        this.local = new ReadModel(new ReadModel.Source() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
                return stores.local(name);
            }

            @Override
            public <V> ReadOnlyKeyValueStore<String, ValueAndTimestamp<V>> global(String name) {
                return stores.localTimestamped(name);
            }
        });
    }

    /** What this instance holds: every merchant whose partition is here, and the global tables. */
    public ReadModel local() {
        return local;
    }

    /** One row of the discrepancy counts. */
    public record DiscrepancyCount(String merchantId, String cartId, String cause, long count) {
    }

    /**
     * The discrepancy counts of the merchants whose partition is here (the active tasks' stores only), each
     * (merchant, cart, cause) that was ever counted, at 0 once it cleared. A small store, read as a whole.
     */
    public void forEachDiscrepancyCount(java.util.function.Consumer<DiscrepancyCount> each) {
        try (KeyValueIterator<String, Long> entries = stores.<Long>local(DiscrepancyCounts.COUNTS).all()) {
            entries.forEachRemaining(entry -> {
                String merchantId = Keys.owner(entry.key);
                String cartAndCause = entry.key.substring(merchantId.length() + 1);
                String cartId = Keys.owner(cartAndCause);
                each.accept(new DiscrepancyCount(merchantId, cartId, cartAndCause.substring(cartId.length() + 1),
                        entry.value));
            });
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the discrepancy counts cannot be read now: " + e.getMessage(), e);
        }
    }

    /**
     * One cart's discrepancy counts, cause → how many values are NOT_SYNCED under it (0 for a cause that cleared), of
     * a merchant held here.
     */
    public Map<String, Long> discrepancyCounts(String merchantId, String cartId) {
        String prefix = MerchantRouting.cartPrefix(merchantId, cartId);
        Map<String, Long> counts = new TreeMap<>();
        try (KeyValueIterator<String, Long> entries = stores.<Long>local(DiscrepancyCounts.COUNTS)
                .prefixScan(prefix, new StringSerializer())) {
            entries.forEachRemaining(entry -> counts.put(entry.key.substring(prefix.length()), entry.value));
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the discrepancy counts cannot be read now: " + e.getMessage(), e);
        }
        return counts;
    }

    public StateStores stores() {
        return stores;
    }

    /** The instance that holds the merchant's partition, or null when it is this one. */
    public HostInfo ownerOf(String merchantId) {
        return stores.ownerOfOwner(ReadModelTopology.LEVELS, merchantId);
    }

    /** Whether this instance holds the merchant's partition now. */
    public boolean holds(String merchantId) {
        return stores.ownsOwner(ReadModelTopology.LEVELS, merchantId);
    }
}
