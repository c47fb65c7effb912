/**
 * The account-directory plugin: which account (a Custom PBX) each subject belongs to and who
 * administers it, for decisions about delegates.
 */
package ro.clickphone.privacy.spi.account;
