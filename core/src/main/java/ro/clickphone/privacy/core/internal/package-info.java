/**
 * How the kit is wired: the factories of the capabilities whose constructors are not API. Not
 * exported by the module, and may change in any release.
 */
package ro.clickphone.privacy.core.internal;
