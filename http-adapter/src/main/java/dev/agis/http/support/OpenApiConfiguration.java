package dev.agis.http.support;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3 document at /v3/api-docs (Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI agisOpenApi() {
        return new OpenAPI().info(new Info()
                .title("AGIS API")
                .version("v1")
                .description("""
                        REST API of AGIS. Errors are RFC 9457 problem documents (application/problem+json) with a \
                        stable machine-readable `code` (e.g. INVALID_ARGUMENT, INSUFFICIENT_FUNDS, NOT_OWNER)."""));
    }
}
