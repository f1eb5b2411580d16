package io.invsync.events;

public enum CartType { SHOPIFY, BIGCOMMERCE, WOOCOMMERCE, AMAZON, MAGENTO, WEBHOOK }
