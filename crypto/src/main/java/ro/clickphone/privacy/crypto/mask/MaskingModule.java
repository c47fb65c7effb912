package ro.clickphone.privacy.crypto.mask;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.io.IOException;
import java.util.List;

/**
 * A Jackson module that masks every property annotated {@link PersonalData} on serialization, in
 * the annotation's {@link MaskStyle}. String values are masked by {@link Masking#mask(MaskStyle,
 * String)}; values of any other type (numbers, objects, collections) are written as
 * {@value Masking#FULL}, never through their {@code toString()}. Nulls stay null.
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper().registerModule(new MaskingModule());
 * mapper.writeValueAsString(new CallView("+40721234567", start));  // {"caller":"+40 7** *** *67",...}
 * }</pre>
 *
 * <p>Needs {@code jackson-databind} on the class path (an optional dependency of this module).
 *
 * @since 0.1.0
 */
public final class MaskingModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /** Creates the module. */
    public MaskingModule() {
        super("clickphone-privacy-masking");
        setSerializerModifier(new Modifier());
    }

    /** Swaps the serializer of each annotated property for a masking one. */
    private static final class Modifier extends BeanSerializerModifier {

        private static final long serialVersionUID = 1L;

        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                List<BeanPropertyWriter> properties) {
            for (BeanPropertyWriter property : properties) {
                PersonalData marker = property.getAnnotation(PersonalData.class);
                if (marker != null) {
                    property.assignSerializer(new MaskingSerializer(marker.value(), marker.region()));
                }
            }
            return properties;
        }
    }

    /** Writes a masked string in place of the value. */
    private static final class MaskingSerializer extends JsonSerializer<Object> {

        private final MaskStyle style;
        private final String region;

        MaskingSerializer(MaskStyle style, String region) {
            this.style = style;
            this.region = region;
        }

        @Override
        public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(value instanceof String text ? Masking.mask(style, text, region) : Masking.FULL);
        }
    }
}
