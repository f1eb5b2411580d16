package io.invsync.cartpush.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class CartOwnershipTest {

    @Test
    void aCartLandsInThePartitionKafkasDefaultPartitionerChooses() {
        for (int partitions : new int[] {1, 3, 4, 7, 12}) {
            for (int i = 0; i < 500; i++) {
                String cartId = "cart-" + i;
                assertThat(CartOwnership.partitionOf(cartId, partitions)).as(cartId + " in " + partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(cartId.getBytes(StandardCharsets.UTF_8),
                                partitions));
            }
        }
        // fixed points, so that a change of hash or key shows even if Kafka's partitioner changed alike
        assertThat(CartOwnership.partitionOf("demo-webhook", 3))
                .isEqualTo(org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2("demo-webhook".getBytes(StandardCharsets.UTF_8))) % 3);
    }

    @Test
    void exactlyOneInstanceOwnsEachCartAndItIsPartitionModuloCount() {
        int partitions = 6;
        CartOwnership[] instances = IntStream.range(0, 3).mapToObj(i -> new CartOwnership(3, i, partitions))
                .toArray(CartOwnership[]::new);
        Map<Integer, Integer> cartsPerInstance = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String cartId = "c-" + i;
            int partition = CartOwnership.partitionOf(cartId, partitions);
            int owners = 0;
            for (CartOwnership instance : instances) {
                if (instance.owns(cartId)) {
                    owners++;
                    assertThat(instance.instanceIndex()).isEqualTo(partition % 3);
                    assertThat(instance.ownerOf(cartId)).isEqualTo(instance.instanceIndex());
                    cartsPerInstance.merge(instance.instanceIndex(), 1, Integer::sum);
                } else {
                    assertThatThrownBy(() -> instance.requireOwner(cartId)).isInstanceOf(NotOwnerException.class)
                            .hasMessageContaining("instance " + (partition % 3))
                            .satisfies(e -> assertThat(((NotOwnerException) e).ownerIndex()).isEqualTo(partition % 3));
                }
            }
            assertThat(owners).as(cartId).isEqualTo(1);
        }
        assertThat(cartsPerInstance).containsOnlyKeys(0, 1, 2);
        assertThat(instances[0].ownedPartitions()).containsExactly(0, 3);
        assertThat(instances[1].ownedPartitions()).containsExactly(1, 4);
        assertThat(instances[2].ownedPartitions()).containsExactly(2, 5);
    }

    @Test
    void oneInstanceOwnsEveryCart() {
        CartOwnership single = new CartOwnership(1, 0, 3);
        IntStream.range(0, 100).forEach(i -> assertThat(single.owns("c-" + i)).isTrue());
        assertThat(single.ownedPartitions()).containsExactly(0, 1, 2);
    }

    @Test
    void moreInstancesThanPartitionsLeavesSomeOwningNothing() {
        CartOwnership idle = new CartOwnership(4, 3, 3);
        assertThat(idle.ownedPartitions()).isEmpty();
        IntStream.range(0, 100).forEach(i -> assertThat(idle.owns("c-" + i)).isFalse());
    }

    @Test
    void rejectsAnIndexOutsideTheCountNamingBothSettings() {
        assertThatThrownBy(() -> CartOwnership.validate(2, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invsync.push.instance-index (INVSYNC_PUSH_INSTANCE_INDEX)")
                .hasMessageContaining("INVSYNC_PUSH_INSTANCE_COUNT=2").hasMessageContaining("is 2");
        assertThatThrownBy(() -> CartOwnership.validate(2, -1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CartOwnership.validate(0, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invsync.push.instance-count (INVSYNC_PUSH_INSTANCE_COUNT) must be at least 1");
        assertThatThrownBy(() -> new CartOwnership(1, 0, 0)).isInstanceOf(IllegalStateException.class);
        CartOwnership.validate(2, 1);
    }
}
