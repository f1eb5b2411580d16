package io.invsync.support.streams;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;



/**
 * While Kafka Streams starts, rebalances or restores, its stores cannot be queried: that is a 503 with
 * Retry-After, not a 500. Every other error is shaped by service-support's problem+json advice.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StoreUnavailableAdvice {

    static final String RETRY_AFTER_SECONDS = "5";

    /** The instance a request was passed to refused it: its answer goes back as it was. */
    @ExceptionHandler(org.springframework.web.client.HttpClientErrorException.class)
    ResponseEntity<String> refusedByTheOwner(org.springframework.web.client.HttpClientErrorException ex) {
        return ResponseEntity.status(ex.getStatusCode())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(ex.getResponseBodyAsString());
    }

    @ExceptionHandler({ StoreUnavailableException.class, InvalidStateStoreException.class })
    ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
    }
}
