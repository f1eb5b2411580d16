package io.invsync.cartpush.streams;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

import io.invsync.cartpush.plan.PendingPush;
import io.invsync.cartpush.plan.PlanStage;
import io.invsync.cartpush.plan.ResyncRequests;
import io.invsync.cartpush.push.PushCalls;
import io.invsync.cartpush.push.PushStage;
import io.invsync.cartpush.reconcile.CartReads;
import io.invsync.cartpush.reconcile.ReconcileRequests;
import io.invsync.cartpush.reconcile.Reconciler;
import io.invsync.support.InvsyncProperties;
import io.invsync.support.TopicsInitializer;
import io.invsync.support.streams.Carts;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The service's Kafka Streams application (spring-kafka; Boot builds the configuration from
 * {@code spring.kafka.streams.*}): the carts as a global table, the planning stage partitioned by merchant
 * ({@link PlanStage}) and the pushing stage partitioned by cart ({@link PushStage}). Instances share the
 * partitions through the consumer group {@code cart-push-service}; health, interactive queries and thread
 * replacement come from service-support's {@code io.invsync.support.streams}. The topics are created before the
 * topology is built, because Streams refuses to start on input topics that do not exist.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class CartPushStreams {

    @Bean
    KStream<String, PendingPush> cartPushTopology(StreamsBuilder builder, TopicsInitializer topicsCreatedFirst,
            InvsyncProperties properties, PushCalls calls, CartReads reads, ReconcileRequests reconcileRequests,
            Clock clock, MeterRegistry meters, ResyncRequests resyncs,
            @Value("${invsync.push.order-hold-limit:PT2H}") Duration holdLimit,
            @Value("${invsync.push.cart-check-interval:PT0.2S}") Duration cartCheckInterval,
            @Value("${invsync.push.hold-check-interval:PT1S}") Duration holdCheckInterval,
            @Value("${invsync.push.run-index-wait:PT2M}") Duration runIndexWait,
            @Value("${invsync.push.hand-off-interval:PT0.02S}") Duration handOffInterval,
            @Value("${invsync.push.linger:PT0.25S}") Duration linger,
            @Value("${invsync.reconcile.interval:P1D}") Duration reconcileInterval,
            @Value("${invsync.reconcile.tick:PT1S}") Duration reconcileTick) {
        int partitions = properties.topics().partitions();
        Carts.addGlobalTable(builder);
        KStream<String, PendingPush> pushes = PlanStage.addTo(builder, new PlanStage.Settings(partitions, holdLimit,
                cartCheckInterval, holdCheckInterval, clock, meters, resyncs, runIndexWait));
        PushStage.addTo(builder, pushes, new PushStage.Settings(partitions, handOffInterval, linger,
                new Reconciler.Settings(reconcileInterval, reconcileTick), clock, meters), calls, reads, reconcileRequests);
        return pushes;
    }
}
