package ro.clickphone.privacy.crypto.mask;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field, getter or record component as personal data. The {@link MaskingModule} masks it
 * when Jackson serializes the object, so DTOs can be logged or sent to support tools as they are.
 *
 * <pre>{@code
 * record CallView(@PersonalData(MaskStyle.PHONE) String caller, Instant start) { }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface PersonalData {

    /**
     * How the value is masked.
     *
     * @return the style; {@link MaskStyle#FULL} unless said otherwise
     */
    MaskStyle value() default MaskStyle.FULL;

    /**
     * The region of phone numbers written in national form, for {@link MaskStyle#PHONE}.
     *
     * @return a region code; {@code RO} unless said otherwise
     */
    String region() default "RO";
}
