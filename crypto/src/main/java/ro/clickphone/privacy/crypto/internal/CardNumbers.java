package ro.clickphone.privacy.crypto.internal;

/**
 * Recognises payment card numbers (PANs): 13 to 19 digits, optionally grouped by spaces or dashes,
 * that pass the Luhn check (ISO/IEC 7812-1). The policy says card data never reaches ClickPhone:
 * field encryption refuses such values unless the field is declared for them, deterministic
 * encryption and blind indexes always.
 */
public final class CardNumbers {

    private CardNumbers() {
    }

    /**
     * Whether a value looks like a payment card number.
     *
     * @param value the value's bytes (UTF-8 or ASCII)
     * @return {@code true} for 13 to 19 digits, optionally grouped by spaces or dashes, passing the Luhn check
     */
    public static boolean looksLikeCardNumber(byte[] value) {
        if (value.length < 13 || value.length > 23 + 4) {
            return false;
        }
        int[] digits = new int[19];
        int n = 0;
        for (byte b : value) {
            if (b >= '0' && b <= '9') {
                if (n == 19) {
                    return false;
                }
                digits[n++] = b - '0';
            } else if (b != ' ' && b != '-') {
                return false;
            }
        }
        if (n < 13) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            int d = digits[n - 1 - i];
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
