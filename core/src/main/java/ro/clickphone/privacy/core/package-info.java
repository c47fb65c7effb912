/**
 * The entry point of the SDK: {@link ro.clickphone.privacy.core.PrivacyKit}, built once with
 * {@link ro.clickphone.privacy.core.PrivacyKit#builder()}, with one accessor per capability.
 */
package ro.clickphone.privacy.core;
