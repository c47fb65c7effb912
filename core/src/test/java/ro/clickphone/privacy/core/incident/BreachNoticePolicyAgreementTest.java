package ro.clickphone.privacy.core.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.incident.internal.BreachNoticeSender;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.core.policy.PayloadField;
import ro.clickphone.privacy.core.policy.Policy;

/**
 * The register's breach-notice payload and the policy's DATA_BREACH_NOTICE declaration say the
 * same thing: every field the register sends is declared, every field the policy requires is one
 * the register always sends. Without it, a field added on one side only fails at the first breach.
 */
class BreachNoticePolicyAgreementTest {

    @Test
    void theRegistersPayload_isWhatThePolicyDeclares() {
        NotificationTypeDefinition breach = Policy.clickPhoneDefault().notificationTypes().stream()
                .filter(t -> t.type().equals(BreachNoticeSender.TYPE)).findFirst().orElseThrow();
        Map<String, BreachNoticeSender.Field> sent = BreachNoticeSender.PAYLOAD_FIELDS.stream()
                .collect(Collectors.toMap(BreachNoticeSender.Field::name, Function.identity()));
        Set<String> declared = breach.payload().stream().map(PayloadField::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(sent.keySet()), declared, "the same field names on both sides");
        for (PayloadField field : breach.payload()) {
            if (!field.optional()) {
                assertFalse(sent.get(field.name()).optional(), field.name() + " is required by the policy, always sent");
            }
        }
        assertTrue(breach.payloadField("nature").isPresent());
    }
}
