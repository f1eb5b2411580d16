package io.invsync.inventory.warehouse;

import static io.invsync.inventory.TopologyFixture.MERCHANT;
import static io.invsync.inventory.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.invsync.events.Keys;
import io.invsync.inventory.TopologyFixture;

class WarehouseTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void keepsEachWarehouseWithTheLatestLoadedTimeOfAnyLevelInIt() {
        try (TopologyFixture kafka = new TopologyFixture(stateDir)) {
            kafka.warehouse("EAST", "East coast", T0);
            kafka.quantity("P1", "EAST", 1, 0, T0, T0.plusSeconds(10));
            kafka.quantity("P2", "EAST", 1, 0, T0, T0.plusSeconds(30));
            // stale: not loaded, so it does not move the warehouse's last-loaded time
            kafka.quantity("P2", "EAST", 1, 0, T0.minusSeconds(1), T0.plusSeconds(40));
            kafka.quantity("P1", "WEST", 1, 0, T0, T0.plusSeconds(20));

            KeyValueStore<String, WarehouseState> store = kafka.driver().getKeyValueStore(WarehouseTopology.STORE);
            assertThat(store.get(Keys.warehouse(MERCHANT, "EAST")))
                    .isEqualTo(new WarehouseState(MERCHANT, "EAST", "East coast", T0, T0.plusSeconds(30)));
            assertThat(store.get(Keys.warehouse(MERCHANT, "WEST")))
                    .as("a warehouse known only from its levels has no name yet")
                    .isEqualTo(new WarehouseState(MERCHANT, "WEST", null, null, T0.plusSeconds(20)));
        }
    }

    @Test
    void keepsTheNameFromTheNewestWarehouseObservation() {
        WarehouseState held = WarehouseRules.observe(null, new io.invsync.events.WarehouseObserved(MERCHANT, "EAST",
                "East (new)", T0.plusSeconds(5)));
        WarehouseState after = WarehouseRules.observe(held, new io.invsync.events.WarehouseObserved(MERCHANT, "EAST",
                "East (old)", T0));
        assertThat(after.name()).isEqualTo("East (new)");
    }
}
