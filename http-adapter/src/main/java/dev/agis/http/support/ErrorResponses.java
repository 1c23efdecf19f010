package dev.agis.http.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.http.security.ProblemWriter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.filters.FailedRequestFilter;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Problem JSON for the errors raised before any controller runs, so no answer is ever an HTML
 * page. Three places can answer an error outside {@link ApiExceptionHandler}: Tomcat itself
 * (malformed URI encoding, {@code %00}, encoded slashes, oversized headers — its error report
 * valve, replaced here), Spring Security's firewall (suspicious paths), and the servlet error
 * page {@code /error} (unknown route, wrong method, unsupported or unacceptable media type —
 * answered by {@link ProblemErrorController}). The {@code code} of these protocol errors is the
 * HTTP status name, e.g. {@code NOT_FOUND}, {@code METHOD_NOT_ALLOWED}, {@code BAD_REQUEST}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs after Spring Boot's own customizer, which adds a plain (HTML) error report valve. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            if (host instanceof StandardHost standardHost) {
                standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemReportValve());
        });
    }

    /**
     * A query string Tomcat cannot decode (e.g. {@code limit=%zz}) would otherwise lose the
     * parameter silently and answer as if it were absent; this refuses it with 400 instead.
     * After the request metrics, before security.
     */
    @Bean
    FilterRegistrationBean<FailedRequestFilter> refuseUndecodableParameters() {
        FilterRegistrationBean<FailedRequestFilter> registration = new FilterRegistrationBean<>(new FailedRequestFilter());
        registration.addUrlPatterns("/api/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /** Paths the firewall refuses (encoded slashes or dots, {@code ;}, {@code //}, control characters …). */
    @Bean
    RequestRejectedHandler problemForRejectedRequests(ObjectMapper json) {
        ProblemWriter problems = new ProblemWriter(json);
        return (request, response, rejected) -> problems.write(response, HttpStatus.BAD_REQUEST, HttpStatus.BAD_REQUEST.name(),
                "The request's path or headers are malformed or not allowed.");
    }

    /** The servlet error page: everything Spring MVC or a filter answered with {@code sendError}. */
    @RestController
    public static class ProblemErrorController implements ErrorController {

        private final ProblemWriter problems;

        public ProblemErrorController(ObjectMapper json) {
            this.problems = new ProblemWriter(json);
        }

        @RequestMapping("${server.error.path:/error}")
        public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null && i >= 400
                    ? HttpStatus.valueOf(i) : HttpStatus.NOT_FOUND; // a direct request for /error names no route
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            if (status.is5xxServerError()) {
                log.error("Unexpected failure answering {} {}", request.getMethod(), request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                        failure instanceof Throwable t ? t : null);
                problems.write(response, status, "INTERNAL_ERROR", "The request failed unexpectedly; it has been logged.");
                return;
            }
            response.resetBuffer();
            problems.write(response, status, status.name(), message(status));
        }
    }

    static String message(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "No such route; the API's routes are listed in /v3/api-docs.";
            case METHOD_NOT_ALLOWED -> "This route does not take this HTTP method; see /v3/api-docs.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the request body as application/json.";
            case NOT_ACCEPTABLE -> "The API answers application/json (errors application/problem+json); accept one of them.";
            case PAYLOAD_TOO_LARGE -> "The request body is too large.";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request's headers are too large.";
            case BAD_REQUEST -> "The request is malformed (its URI, encoding, headers or body).";
            default -> status.getReasonPhrase();
        };
    }

    /**
     * Tomcat's error report valve, answering problem JSON instead of an HTML page. It reports what
     * Tomcat refuses before the application sees the request; errors the application already
     * answered keep their body.
     */
    public static class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int statusCode = response.getStatus();
            if (statusCode < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(statusCode);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", status == null ? "Error" : status.getReasonPhrase());
            body.put("status", statusCode);
            body.put("detail", status == null ? "The request failed." : status.is5xxServerError()
                    ? "The request failed unexpectedly." : message(status));
            body.put("code", status == null ? "ERROR" : status.is5xxServerError() ? "INTERNAL_ERROR" : status.name());
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(JSON.writeValueAsString(body));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response cannot take a body any more: nothing left to tell
            }
        }
    }
}
