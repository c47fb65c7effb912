/**
 * The consent ledger: append-only consent, objection and restriction events with their proof, and
 * the purpose checks that platform code makes on its hot paths ({@code kit.consent().check(...)}),
 * answered from a cache that stays correct across instances sharing one store within a stated
 * staleness bound. Signed consent receipts prove what was agreed.
 */
package ro.clickphone.privacy.core.consent;
