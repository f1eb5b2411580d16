package io.invsync.ingest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;
import io.invsync.ingest.inventory.MerchantWarehouses;
import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.ingest.run.InventoryRunHistory;
import io.invsync.support.EventPublisher;
import io.invsync.support.InvsyncProperties;
import io.invsync.support.TableReader;
import io.invsync.support.TopicsInitializer;

/**
 * The small tables every wms-ingest instance holds whole — merchants, their recent runs, their warehouses — read
 * from every partition by each instance (assigned, not shared through a group), so any instance answers for any
 * merchant and takes any push. Which instance pulls a merchant is {@link io.invsync.ingest.pull.PullOwnership}'s.
 */
@Configuration(proxyBeanMethods = false)
class IngestTables {

    @Bean
    TableReader ingestTableReader(InvsyncProperties properties, EventPublisher deadLetters,
            TopicsInitializer topicsCreatedFirst, MerchantDirectory merchants, InventoryRunHistory runs,
            MerchantWarehouses warehouses, Environment environment) {
        var tables = new TableReader.Tables()
                .add(Topics.MERCHANTS, MerchantSettingsChanged.class, merchants::remember)
                .add(Topics.INVENTORY_RUNS, InventoryRunRecorded.class, runs::remember)
                .add(Topics.WAREHOUSES, WarehouseObserved.class, warehouses::remember);
        return new TableReader("ingest", properties.kafka().bootstrapServers(),
                environment.getProperty("spring.application.name", "wms-ingest-service") + "-tables", tables,
                caughtUp -> { }, deadLetters);
    }
}
