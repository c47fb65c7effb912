/**
 * The account plugins: which account (a Custom PBX) each subject belongs to, for decisions about
 * delegates and dispatchers; which partners each subject designated; which subjects were told of a
 * transfer to a successor.
 */
package ro.clickphone.privacy.spi.account;
