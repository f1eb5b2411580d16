package io.invsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.invsync.events.InventoryRunIndexed;
import io.invsync.events.RunStatus;

/** A run's end is marked indexed after its records, and the levels it causes name the run. */
class RunIndexTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyFixture topology;

    @BeforeEach
    void start() {
        topology = new TopologyFixture(stateDir);
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void aFinishedRunIsMarkedIndexedAndARunningOneIsNot() {
        topology.product("P1", "A-1", Map.of("UPC", "0001"), TopologyFixture.T0);
        topology.quantity("P1", "WH-1", 5, 0, TopologyFixture.T0, TopologyFixture.T0.plusSeconds(1));
        topology.run("run-1", RunStatus.RUNNING, TopologyFixture.T0.plusSeconds(1));
        assertThat(topology.runsIndexed()).isEmpty();

        topology.run("run-1", RunStatus.PARTIAL, TopologyFixture.T0.plusSeconds(2));

        assertThat(topology.runsIndexed()).extracting(InventoryRunIndexed::merchantId, InventoryRunIndexed::runId,
                InventoryRunIndexed::finishedAt).containsExactly(org.assertj.core.groups.Tuple.tuple(
                TopologyFixture.MERCHANT, "run-1", TopologyFixture.T0.plusSeconds(2)));
    }

    @Test
    void aLevelNamesTheRunOfTheObservationThatCausedIt() {
        topology.quantity("P1", "WH-1", 5, 0, TopologyFixture.T0, TopologyFixture.T0);

        assertThat(topology.levelEvents()).extracting(e -> e.value().runId()).containsOnly("run-1");
    }
}
