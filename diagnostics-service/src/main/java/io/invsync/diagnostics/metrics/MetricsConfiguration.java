package io.invsync.diagnostics.metrics;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The gauges are recomputed on a schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MetricsConfiguration {
}
