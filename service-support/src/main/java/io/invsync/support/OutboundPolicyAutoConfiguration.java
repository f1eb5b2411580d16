package io.invsync.support;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@link OutboundPolicy}, from {@code invsync.outbound.allow} (INVSYNC_OUTBOUND_ALLOW; empty: no exemptions). */
@AutoConfiguration
public class OutboundPolicyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboundPolicy outboundPolicy(@Value("${" + OutboundPolicy.ALLOW_PROPERTY + ":}") String allow) {
        return new OutboundPolicy(allow);
    }
}
