package dev.agis.http.support;

import dev.agis.http.security.AnyScope;
import dev.agis.http.security.RequiresScope;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The OpenAPI 3 document at /v3/api-docs (Swagger UI at /swagger-ui.html), with the API key as a
 * bearer security scheme and, on each operation, the scope its handler declares.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** Name of the security scheme in the document. */
    public static final String API_KEY = "apiKey";

    @Bean
    OpenAPI agisOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("AGIS API")
                        .version("v1")
                        .description("""
                                REST API of AGIS. Authenticate with an API key: `Authorization: Bearer agis_…` (see \
                                docs/api.md). Each operation lists the scope it needs; `admin` holds every scope. Errors \
                                are RFC 9457 problem documents (application/problem+json) with a stable machine-readable \
                                `code` (e.g. UNAUTHENTICATED, INSUFFICIENT_SCOPE, RATE_LIMITED, INVALID_ARGUMENT, \
                                INSUFFICIENT_FUNDS, NOT_OWNER). Every answer to a keyed request carries X-RateLimit-Limit, \
                                X-RateLimit-Remaining and X-RateLimit-Reset; 429 adds Retry-After."""))
                .components(new Components().addSecuritySchemes(API_KEY, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("agis_<43 characters of base64url>")
                        .description("An AGIS API key, created with `agis apikey create` or POST /api/v1/auth/keys.")));
    }

    /** The scope of each operation, from the handler's {@link RequiresScope} (none listed for {@link AnyScope}). */
    @Bean
    OperationCustomizer scopeRequirements() {
        return (operation, handler) -> {
            RequiresScope scope = handler.getMethodAnnotation(RequiresScope.class);
            if (scope != null) {
                operation.addSecurityItem(new SecurityRequirement().addList(API_KEY, List.of(scope.value().value())));
                operation.setDescription(prefix(operation.getDescription(), "Scope: `" + scope.value().value() + "`."));
            } else if (handler.hasMethodAnnotation(AnyScope.class)) {
                operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
                operation.setDescription(prefix(operation.getDescription(), "Any valid API key."));
            }
            return operation;
        };
    }

    private static String prefix(String description, String scope) {
        return description == null || description.isBlank() ? scope : scope + " " + description;
    }
}
