package dev.agis.domain.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a stored message as personal data (SPEC §2.8): the serializer stores it
 * encrypted with the data key of the message's {@link DataSubject} (by default its {@code PlayerId}
 * component), and reads it as {@link #ERASED} once that key has been deleted. Nothing else in the
 * message changes, so amounts and ids stay readable for the books. A {@code String} or a
 * {@code Map<String, String>} (each value encrypted, the keys stay readable).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {

    /** What an erased value reads as, in replays, audits, exports and projections. */
    String ERASED = "[erased]";

    /** For a map: keys whose values are not personal (e.g. {@code offer_id}) and are stored as they are. */
    String[] plainKeys() default {};
}
