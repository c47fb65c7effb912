/**
 * Access decisions: who may see which category of whose data for which purpose, by the policy's
 * recipients and the operator's role grants, default deny, every decision audited.
 */
package ro.clickphone.privacy.core.access;
