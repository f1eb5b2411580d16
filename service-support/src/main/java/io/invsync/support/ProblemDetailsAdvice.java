package io.invsync.support;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.invsync.events.InvalidFieldException;
import io.invsync.events.Limits;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Errors as RFC 9457 problem+json naming the field and the fault, in an {@code errors} list. */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.stream().map(e -> e.get("field") + " " + e.get("message")).reduce((a, b) -> a + "; " + b)
                        .orElse("invalid request"));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(ex);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(HttpStatus.CONTENT_TOO_LARGE, "body", tooLarge.getMessage()));
        }
        StreamConstraintsException overLong = find(ex, StreamConstraintsException.class);
        if (overLong != null) {
            String field = path(overLong);
            field = field.isEmpty() ? "body" : field;
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, field,
                    field + ": " + firstLine(overLong.getOriginalMessage())));
        }
        JacksonException jackson = find(ex, JacksonException.class);
        InvalidFieldException invalid = find(ex, InvalidFieldException.class);
        String field = invalid != null ? invalid.field() : jackson != null ? path(jackson) : "";
        if (field.isEmpty()) {
            field = "body";
        }
        String message = invalid != null ? invalid.getMessage() : describe(field, jackson);
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, field, message));
    }

    /** A body passed its limit while a handler read it as a stream (see {@link BodyLimitFilter}). */
    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLargeException ex) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(problem(HttpStatus.CONTENT_TOO_LARGE, "body", ex.getMessage()));
    }

    /**
     * A request parameter outside its bounds ({@code @Min}, {@code @Max} on a validated controller): 400 naming the
     * parameter (the last node of the violation's path, {@code limit} of {@code history.limit}).
     */
    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolated(jakarta.validation.ConstraintViolationException ex) {
        List<Map<String, String>> errors = ex.getConstraintViolations().stream().map(violation -> {
            // a method's parameter is named as the caller spelled it ("limit"), a body's field by its path
            // ("rules.percent", "ruleOverrides[0].match")
            String path = String.valueOf(violation.getPropertyPath());
            boolean ofMethod = violation.getPropertyPath().iterator().hasNext() && violation.getPropertyPath()
                    .iterator().next().getKind() == jakarta.validation.ElementKind.METHOD;
            return Map.of("field", ofMethod ? path.substring(path.indexOf('.') + 1) : path, "message",
                    violation.getMessage());
        }).sorted(java.util.Comparator.comparing(e -> e.get("field"))).toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.stream().map(e -> e.get("field") + " " + e.get("message")).reduce((a, b) -> a + "; " + b)
                        .orElse("invalid request"));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<ProblemDetail> invalidField(InvalidFieldException ex) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, ex.field(), ex.getMessage()));
    }

    /** An event over 256 KiB is refused before it is sent: the request carried too much for one event. */
    @ExceptionHandler(EventTooLargeException.class)
    ResponseEntity<ProblemDetail> eventTooLarge(EventTooLargeException ex) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(problem(HttpStatus.CONTENT_TOO_LARGE, ex.field(), ex.getMessage()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, ex.field(), ex.getMessage()));
    }

    /** Nothing the request asked for is known to be durable: the caller should send it again, a little later. */
    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaUnavailableException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not acknowledge the events of this request in time, so it is not known to be accepted; "
                        + "send it again (it is safe to repeat).");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(problem);
    }

    public static ProblemDetail problem(HttpStatus status, String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
        if (field != null && !field.isEmpty()) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        }
        return problem;
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
    }

    /** What was wrong, in words a caller can act on, without the library's class names. */
    private static String describe(String field, JacksonException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null && !"body".equals(field)) {
            Class<?> type = mismatch.getTargetType();
            String expected = type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants())
                    : type == java.time.Duration.class ? "an ISO-8601 duration such as PT15M"
                    : type == java.time.Instant.class ? "an ISO-8601 instant such as 2026-11-27T10:15:30Z"
                    : Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class
                            ? "a whole number" : type == Boolean.class || type == boolean.class ? "true or false"
                            : type == String.class ? "a string" : "a " + type.getSimpleName();
            Object value = mismatch instanceof InvalidFormatException invalid ? invalid.getValue() : null;
            return field + " must be " + expected + (value == null ? "" : ", was " + Limits.quote(value));
        }
        return e == null ? "the body is not readable JSON" : "the body is not valid JSON: " + firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the body is not readable JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
