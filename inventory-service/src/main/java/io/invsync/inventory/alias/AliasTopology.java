package io.invsync.inventory.alias;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.EventSerde;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.inventory.level.LevelChange;
import io.invsync.support.streams.OwnerPartitions;

/**
 * The alias index: level changes are turned into alias changes and folded into a set per value. Every topic is
 * partitioned by merchant (DESIGN §3), so all products holding one value are in the task that holds the merchant:
 * no repartition.
 */
public final class AliasTopology {

    /** {@code merchantId/aliasName/aliasValue} → {@link AliasIndexChanged} (the products holding that value). */
    public static final String STORE = "alias-index";

    private AliasTopology() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, LevelChange> changes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                EventSerde.stored(AliasIndexChanged.class)));
        changes.flatMap((productKey, change) -> AliasDiff.of(change).stream()
                        .map(alias -> KeyValue.pair(Keys.alias(alias.merchantId(), alias.aliasName(), alias.aliasValue()),
                                alias))
                        .toList(), Named.as("alias-changes-of-level-change"))
                .process(AliasIndexProcessor::new, Named.as("apply-alias-change"), STORE)
                .to(Topics.ALIAS_INDEX, Produced.with(Serdes.String(), EventSerde.of(AliasIndexChanged.class))
                        .withName("publish-alias-index").withStreamPartitioner(OwnerPartitions.byKey()));
    }
}
