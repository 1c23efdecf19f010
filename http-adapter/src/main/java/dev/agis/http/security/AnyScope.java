package dev.agis.http.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that an {@code /api/v1} operation needs a usable API key but no particular scope,
 * because the operation checks the key's scopes itself (API key management: a key hands out and
 * revokes only keys whose scopes it holds).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnyScope {
}
