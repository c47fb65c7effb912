package ro.clickphone.privacy.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import ro.clickphone.privacy.kafka.DeadLetter;
import ro.clickphone.privacy.spi.InvalidInputException;

/** A {@link DeadLetter} to and from its JSON object. */
public final class DeadLetters {

    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetters() {
    }

    /**
     * Writes a dead letter.
     *
     * @param letter the dead letter
     * @return its JSON object, in UTF-8
     */
    public static byte[] encode(DeadLetter letter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("topic", letter.topic());
            json.writeNumberField("partition", letter.partition());
            json.writeNumberField("offset", letter.offset());
            json.writeStringField("column", letter.column());
            json.writeStringField("rule", letter.rule());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * Reads a dead letter.
     *
     * @param value its JSON object
     * @return the dead letter
     * @throws InvalidInputException if the value is not a dead letter's JSON object
     */
    public static DeadLetter decode(byte[] value) {
        String topic = null;
        Integer partition = null;
        Long offset = null;
        String column = null;
        String rule = null;
        try (JsonParser json = JSON.createParser(value)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException("deadLetter", "is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken token = json.nextToken();
                boolean text = token == JsonToken.VALUE_STRING;
                boolean number = token == JsonToken.VALUE_NUMBER_INT;
                switch (name) {
                    case "topic" -> topic = text ? json.getText() : null;
                    case "partition" -> partition = number ? json.getIntValue() : null;
                    case "offset" -> offset = number ? json.getLongValue() : null;
                    case "column" -> column = text ? json.getText() : null;
                    case "rule" -> rule = text ? json.getText() : null;
                    default -> json.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("deadLetter", "is not well-formed JSON");
        }
        if (topic == null || partition == null || offset == null || column == null || rule == null) {
            throw new InvalidInputException("deadLetter", "must have topic, partition, offset, column and rule");
        }
        return new DeadLetter(topic, partition, offset, column, rule);
    }
}
