package dev.agis.http.security;

import dev.agis.domain.apikey.ApiScope;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope an {@code /api/v1} operation needs. Every such handler method declares one (or
 * {@link AnyScope}, or is listed as public in {@link SecurityConfiguration}); a handler that declares
 * nothing is refused to every key.
 * {@link ApiScope#ADMIN} holds every scope. The OpenAPI document shows it as the operation's
 * security requirement.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresScope {

    ApiScope value();
}
