package ro.clickphone.privacy.spi.rights;

/**
 * Where one source stands in carrying out a request.
 *
 * @since 0.1.0
 */
public enum SourceStatus {

    /** Not yet done: never tried, or its last try failed. */
    PENDING,
    /** Done and recorded; never tried again for this request. */
    DONE,
    /** The source cannot carry out this right (it does not declare the capability); never tried. */
    NOT_SUPPORTED
}
