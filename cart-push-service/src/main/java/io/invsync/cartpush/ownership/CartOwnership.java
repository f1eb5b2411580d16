package io.invsync.cartpush.ownership;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.common.utils.Utils;

import io.invsync.events.Keys;

/**
 * Which instance of cart-push-service plans, pushes and reads the catalog of a cart. Ownership is static: a cart
 * belongs to the partition of {@code invsync.carts.v1} its key lands in under Kafka's default partitioner
 * ({@code toPositive(murmur2(key)) % partitionCount}), and that partition to instance
 * {@code partition % instanceCount}. Every instance still reads every table in full (it needs all carts for
 * GET and product-sync), but only the owner acts on a cart, so one cart's rate limit and batches have one owner.
 * The partition count is read from the broker once, at start.
 */
public final class CartOwnership {

    private final int instanceCount;
    private final int instanceIndex;
    private final int partitionCount;

    public CartOwnership(int instanceCount, int instanceIndex, int partitionCount) {
        validate(instanceCount, instanceIndex);
        if (partitionCount < 1) {
            throw new IllegalStateException("the carts topic must have at least one partition, has " + partitionCount);
        }
        this.instanceCount = instanceCount;
        this.instanceIndex = instanceIndex;
        this.partitionCount = partitionCount;
    }

    /** Fails with a message naming both settings unless {@code 0 <= index < count}. */
    public static void validate(int instanceCount, int instanceIndex) {
        if (instanceCount < 1) {
            throw new IllegalStateException("invsync.push.instance-count (INVSYNC_PUSH_INSTANCE_COUNT) must be at "
                    + "least 1, is " + instanceCount);
        }
        if (instanceIndex < 0 || instanceIndex >= instanceCount) {
            throw new IllegalStateException("invsync.push.instance-index (INVSYNC_PUSH_INSTANCE_INDEX) must be "
                    + "between 0 and invsync.push.instance-count - 1 (INVSYNC_PUSH_INSTANCE_COUNT=" + instanceCount
                    + "), is " + instanceIndex);
        }
    }

    /** The partition Kafka's default partitioner puts the cart's record in (the key is {@link Keys#cart}). */
    public static int partitionOf(String cartId, int partitionCount) {
        byte[] key = Keys.cart(cartId).getBytes(StandardCharsets.UTF_8); // as the binder's StringSerializer writes it
        return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
    }

    public int partitionOf(String cartId) {
        return partitionOf(cartId, partitionCount);
    }

    /** The index of the instance that owns the cart. */
    public int ownerOf(String cartId) {
        return partitionOf(cartId) % instanceCount;
    }

    public boolean owns(String cartId) {
        return instanceCount == 1 || ownerOf(cartId) == instanceIndex;
    }

    /** Throws {@link NotOwnerException} (answered 421) unless this instance owns the cart. */
    public void requireOwner(String cartId) {
        if (!owns(cartId)) {
            throw new NotOwnerException(cartId, partitionOf(cartId), ownerOf(cartId), this);
        }
    }

    public List<Integer> ownedPartitions() {
        return IntStream.range(0, partitionCount).filter(p -> p % instanceCount == instanceIndex).boxed().toList();
    }

    public int instanceCount() {
        return instanceCount;
    }

    public int instanceIndex() {
        return instanceIndex;
    }

    public int partitionCount() {
        return partitionCount;
    }

    @Override
    public String toString() {
        return "instance " + instanceIndex + " of " + instanceCount + ", owning partitions " + ownedPartitions()
                + " of " + partitionCount;
    }
}
