package dev.agis.http.support;

import dev.agis.domain.common.DomainErrorDetails;
import dev.agis.domain.common.Failures;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * One error shape for the whole API: RFC 9457 problem JSON with a stable {@code code}.
 * Domain errors map by category; unexpected failures are logged with their cause and answered
 * 500 without internals.
 */
@RestControllerAdvice(basePackages = "dev.agis.http")
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
            ConstraintViolationException.class, HandlerMethodValidationException.class, IllegalArgumentException.class})
    public ResponseEntity<ProblemDetail> badRequest(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", conciseMessage(e));
    }

    /** Unreadable JSON is the caller's mistake; say so without echoing parser internals. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "the request body is missing or is not valid JSON of the documented shape");
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> failure(Exception e) {
        if (e instanceof ErrorResponse web) {
            // Spring MVC's own errors (404, 405, 415, …) keep their status
            HttpStatus status = HttpStatus.valueOf(web.getStatusCode().value());
            return problem(status, status.name(), web.getBody().getDetail() == null ? status.getReasonPhrase() : web.getBody().getDetail());
        }
        return Failures.domainError(e)
                .map(ApiExceptionHandler::fromDomain)
                .orElseGet(() -> {
                    log.error("Unexpected failure answering an API request", e);
                    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "The request failed unexpectedly; it has been logged.");
                });
    }

    public static ResponseEntity<ProblemDetail> fromDomain(DomainErrorDetails d) {
        HttpStatus status = switch (d.category()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INSUFFICIENT_FUNDS -> HttpStatus.PAYMENT_REQUIRED;
        };
        return problem(status, d.code(), d.message());
    }

    public static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String message) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, message);
        body.setTitle(status.getReasonPhrase());
        body.setProperty("code", code);
        return ResponseEntity.status(status).body(body);
    }

    private static String conciseMessage(Exception e) {
        if (e instanceof MethodArgumentTypeMismatchException m) {
            return "parameter '" + m.getName() + "' has an invalid value";
        }
        if (e instanceof HandlerMethodValidationException h) {
            return h.getAllErrors().stream().map(err -> err.getDefaultMessage()).reduce((a, b) -> a + "; " + b).orElse("invalid request");
        }
        return e.getMessage();
    }
}
