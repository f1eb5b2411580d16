package io.invsync.cartpush.ownership;

/** A cart action was asked of an instance that does not own the cart. */
public class NotOwnerException extends RuntimeException {

    private final String cartId;
    private final int partition;
    private final int ownerIndex;
    private final int instanceIndex;
    private final int instanceCount;

    NotOwnerException(String cartId, int partition, int ownerIndex, CartOwnership ownership) {
        super("cart '" + cartId + "' is owned by cart-push-service instance " + ownerIndex + " of "
                + ownership.instanceCount() + " (carts partition " + partition + "); this is instance "
                + ownership.instanceIndex() + ": send the request to instance " + ownerIndex);
        this.cartId = cartId;
        this.partition = partition;
        this.ownerIndex = ownerIndex;
        this.instanceIndex = ownership.instanceIndex();
        this.instanceCount = ownership.instanceCount();
    }

    public String cartId() {
        return cartId;
    }

    public int partition() {
        return partition;
    }

    public int ownerIndex() {
        return ownerIndex;
    }

    public int instanceIndex() {
        return instanceIndex;
    }

    public int instanceCount() {
        return instanceCount;
    }
}
