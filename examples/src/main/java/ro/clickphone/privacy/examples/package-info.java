/**
 * Runnable programs that show the ClickPhone Privacy SDK at work. Not a library: they print to the
 * console on purpose.
 */
package ro.clickphone.privacy.examples;
