package io.invsync.cartpush.ownership;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A cart action (resync, catalog refresh) sent to an instance that does not own the cart is answered
 * 421 Misdirected Request as problem+json naming the owner: {@code ownerIndex}, with {@code instanceIndex},
 * {@code instanceCount} and the cart's {@code partition}. Instances do not know each other's addresses, so they
 * do not forward; the caller (or a router keyed on the owner index) sends it again to the owner.
 */
@RestControllerAdvice
class NotOwnerAdvice {

    @ExceptionHandler(NotOwnerException.class)
    ResponseEntity<ProblemDetail> notOwner(NotOwnerException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.MISDIRECTED_REQUEST, ex.getMessage());
        problem.setTitle("Not the owner of this cart");
        problem.setProperty("cartId", ex.cartId());
        problem.setProperty("ownerIndex", ex.ownerIndex());
        problem.setProperty("instanceIndex", ex.instanceIndex());
        problem.setProperty("instanceCount", ex.instanceCount());
        problem.setProperty("partition", ex.partition());
        problem.setProperty("errors", List.of(Map.of("field", "cartId", "message", ex.getMessage())));
        return ResponseEntity.status(HttpStatus.MISDIRECTED_REQUEST).body(problem);
    }
}
