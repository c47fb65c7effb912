/**
 * How the mail channels build and deliver a message: the MIME message with its Message-ID derived
 * from the idempotency key, streamed attachments, the per-key record of deliveries, the SMTP
 * failure classification and the parsing of settings. Not part of the API.
 */
package ro.clickphone.privacy.notify.mail.internal;
