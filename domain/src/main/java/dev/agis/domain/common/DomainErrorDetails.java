package dev.agis.domain.common;

/** Serializable form of a {@link DomainException}, carried as the details of a command failure. */
public record DomainErrorDetails(String code, ErrorCode.Category category, String message) {
}
