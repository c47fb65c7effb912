package ro.clickphone.privacy.spi.source;

/**
 * An optional method of {@link PersonalDataSource}: what a source can do beyond disposing of records,
 * which every source does ({@link PersonalDataSource#dispose} is abstract, so it has no capability).
 * Each capability names the interface's default method (all its overloads) it stands for; a source
 * {@linkplain PersonalDataSource#capabilities() declares} exactly the capabilities whose methods it
 * overrides, and the kit refuses a source whose declaration and implementation disagree.
 *
 * <p>There are none yet: the rights issue adds {@code FIND}, {@code EXPORT}, {@code RECTIFY},
 * {@code ERASE} and {@code RESTRICT}, one constant per default method it adds to
 * {@link PersonalDataSource} (see "Growing" there).
 *
 * @since 0.1.0
 */
public enum SourceCapability {
    // No constant yet: the first ones come with the rights issue, e.g. EXPORT("export").
    ;

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
