package io.invsync.localstack.faults;

import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;

import io.invsync.cartpush.CartPushApplication;
import io.invsync.diagnostics.DiagnosticsApplication;
import io.invsync.ingest.IngestApplication;
import io.invsync.inventory.InventoryApplication;

/** The four services, with what it takes to start each in this JVM or in a JVM of its own. */
enum Service {

    WMS_INGEST(IngestApplication.class, IngestApplication::application),
    INVENTORY(InventoryApplication.class, InventoryApplication::application),
    CART_PUSH(CartPushApplication.class, CartPushApplication::application),
    DIAGNOSTICS(DiagnosticsApplication.class, DiagnosticsApplication::application);

    private final Class<?> mainClass;
    private final Supplier<SpringApplication> application;

    Service(Class<?> mainClass, Supplier<SpringApplication> application) {
        this.mainClass = mainClass;
        this.application = application;
    }

    /** {@code inventory}, {@code cart-push}…: for file names. */
    String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    Class<?> mainClass() {
        return mainClass;
    }

    SpringApplication application() {
        return application.get();
    }
}
