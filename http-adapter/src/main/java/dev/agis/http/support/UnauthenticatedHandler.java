package dev.agis.http.support;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Request errors the catch-all handler would turn into 500: 401 problem JSON (code
 * {@code UNAUTHENTICATED}) for requests without acceptable credentials, 400 for an unreadable body.
 */
@RestControllerAdvice(basePackages = "dev.agis.http")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UnauthenticatedHandler {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return ApiExceptionHandler.problem(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                "the request body is missing or is not valid JSON of the documented shape");
    }

    @ExceptionHandler(LegacyBearer.Unauthenticated.class)
    public ResponseEntity<ProblemDetail> unauthenticated(LegacyBearer.Unauthenticated e) {
        ResponseEntity<ProblemDetail> problem = ApiExceptionHandler.problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", e.getMessage());
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(problem.getBody());
    }
}
