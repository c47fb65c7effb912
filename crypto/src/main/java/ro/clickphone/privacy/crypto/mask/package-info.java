/**
 * Masking for display and logs ({@link ro.clickphone.privacy.crypto.mask.Masking}) and a Jackson
 * module that masks properties annotated {@link ro.clickphone.privacy.crypto.mask.PersonalData}.
 */
package ro.clickphone.privacy.crypto.mask;
