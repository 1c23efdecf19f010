package dev.agis.http.support;

import dev.agis.http.security.AnyScope;
import dev.agis.http.security.RequiresScope;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3 document at /v3/api-docs (Swagger UI at /swagger-ui.html), with the API key as a
 * bearer security scheme and, on each operation, the scope its handler declares.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** Name of the security scheme in the document. */
    public static final String API_KEY = "apiKey";
    /** The operation's scope as a vendor extension, for tools that read it without parsing security. */
    public static final String REQUIRED_SCOPE = "x-required-scope";
    private static final String PROBLEM = "Problem";

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
                        .description("An AGIS API key, created with `agis apikey create` or POST /api/v1/auth/keys."))
                        .addSchemas(PROBLEM, new ObjectSchema()
                                .description("RFC 9457 problem details with the stable machine-readable code")
                                .addProperty("type", new StringSchema().example("about:blank"))
                                .addProperty("title", new StringSchema().example("Not Found"))
                                .addProperty("status", new IntegerSchema().example(404))
                                .addProperty("detail", new StringSchema().example("no server server:0b9d…"))
                                .addProperty("code", new StringSchema().example("SERVER_NOT_FOUND"))));
    }

    /** The scope of each operation, from the handler's {@link RequiresScope} (none listed for {@link AnyScope}). */
    @Bean
    OperationCustomizer scopeRequirements() {
        return (operation, handler) -> {
            RequiresScope scope = handler.getMethodAnnotation(RequiresScope.class);
            if (scope != null) {
                operation.addSecurityItem(new SecurityRequirement().addList(API_KEY, List.of(scope.value().value())));
                operation.setDescription(prefix(operation.getDescription(), "Scope: `" + scope.value().value() + "`."));
                operation.addExtension(REQUIRED_SCOPE, scope.value().value());
            } else if (handler.hasMethodAnnotation(AnyScope.class)) {
                operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
                operation.setDescription(prefix(operation.getDescription(), "Any valid API key."));
                operation.addExtension(REQUIRED_SCOPE, "any");
            }
            if (handler.hasMethodAnnotation(PostMapping.class) && (scope != null || handler.hasMethodAnnotation(AnyScope.class))) {
                boolean declared = operation.getParameters() != null && operation.getParameters().stream()
                        .anyMatch(p -> IdempotencyKeys.HEADER.equalsIgnoreCase(p.getName()));
                if (!declared) {
                    operation.addParametersItem(new HeaderParameter().name(IdempotencyKeys.HEADER).required(false)
                            .description("Optional (required where stated): a retry with the same key gets the first answer "
                                    + "back and changes nothing; the same key with a different request is 422.")
                            .schema(new StringSchema().pattern("[A-Za-z0-9._:\\-]{1,128}"))
                            .example("3f1c9a52-7d7e-4d0b-9a55-0c2f5c1d8e11"));
                }
            }
            if (operation.getResponses() != null) {
                operation.getResponses().addApiResponse("4XX", new ApiResponse()
                        .description("A problem document with a stable code; nothing was changed.")
                        .content(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE, new io.swagger.v3.oas.models.media.MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                                .addExamples("insufficientScope", new Example().value(Map.of("type", "about:blank",
                                        "title", "Forbidden", "status", 403, "code", "INSUFFICIENT_SCOPE",
                                        "detail", "This API key lacks the scope 'read:servers' this endpoint needs."))))));
            }
            return operation;
        };
    }

    private static String prefix(String description, String scope) {
        return description == null || description.isBlank() ? scope : scope + " " + description;
    }
}
