/**
 * The systems of record: {@link ro.clickphone.privacy.spi.source.PersonalDataSource}, the one plugin
 * through which the kit reaches the records a system owns, to dispose of them when their retention
 * ends (and, with the rights issue, to find, export, rectify, erase and restrict them).
 */
package ro.clickphone.privacy.spi.source;
