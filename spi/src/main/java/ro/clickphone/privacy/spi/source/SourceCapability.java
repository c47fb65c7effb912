package ro.clickphone.privacy.spi.source;

/**
 * An optional method of {@link PersonalDataSource}: what a source can do beyond disposing of records,
 * which every source does ({@link PersonalDataSource#dispose} is abstract, so it has no capability).
 * Each capability names the interface's default method (all its overloads) it stands for; a source
 * {@linkplain PersonalDataSource#capabilities() declares} exactly the capabilities whose methods it
 * overrides, and the kit refuses a source whose declaration and implementation disagree.
 *
 * <p>One constant per default method of {@link PersonalDataSource} (see "Growing" there); the rights
 * of the data subject use them.
 *
 * @since 0.1.0
 */
public enum SourceCapability {
    /** {@link PersonalDataSource#find}: which records of a subject the source holds. */
    FIND("find"),
    /** {@link PersonalDataSource#export}: a subject's records in clear, for access and portability. */
    EXPORT("export"),
    /** {@link PersonalDataSource#rectify}: correcting a field (art. 16). */
    RECTIFY("rectify"),
    /** {@link PersonalDataSource#erase}: erasing a subject's records by category (art. 17). */
    ERASE("erase"),
    /** {@link PersonalDataSource#restrict}: restricting, and lifting, processing of records (art. 18). */
    RESTRICT("restrict");

    private final String methodName;

    SourceCapability(String methodName) {
        this.methodName = methodName;
    }

    /**
     * The name of the {@link PersonalDataSource} default method this capability stands for; every
     * overload of that name belongs to it.
     *
     * @return the method's name, e.g. {@code export}
     */
    public String methodName() {
        return methodName;
    }
}
