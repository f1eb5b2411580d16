package io.invsync.events;

/** The carts invsync pushes to, and whether each keeps stock at several locations (DESIGN §1, Cart). */
public enum CartType {
    SHOPIFY(true), BIGCOMMERCE(true), WOOCOMMERCE(false), AMAZON(false), MAGENTO(true), WEBHOOK(true);

    private final boolean multiLocation;

    CartType(boolean multiLocation) {
        this.multiLocation = multiLocation;
    }

    /**
     * Whether a cart of this type may have several locations: WooCommerce keeps one stock quantity per product;
     * Amazon takes merchant-fulfilled stock only (fulfillment channel DEFAULT; FBA stock is Amazon's own).
     */
    public boolean multiLocation() {
        return multiLocation;
    }
}
