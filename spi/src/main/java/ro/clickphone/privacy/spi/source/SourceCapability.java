package ro.clickphone.privacy.spi.source;

/**
 * What a {@link PersonalDataSource} can do. Every source disposes of records; the rights issue adds
 * finding, exporting, rectifying, erasing and restricting a subject's data to the same interface,
 * with a capability each, so that a source declares what it implements and the kit asks it only that.
 *
 * @since 0.1.0
 */
public enum SourceCapability {

    /** {@link PersonalDataSource#dispose}: every source has it. */
    DISPOSE
}
