package ro.clickphone.privacy.spi.memory;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.SourceCapability;

/**
 * A view of an {@link InMemoryPersonalDataSource}'s records that declares only the capabilities whose
 * methods its subclass overrides: the kit checks a source's declaration against its class, so a
 * source of fewer capabilities needs a class of its own. Subclass it (an anonymous class will do) and
 * override the optional methods the view is to have, each forwarding to {@link #data()}:
 *
 * <pre>{@code
 * PersonalDataSource findsAndErases = new InMemorySourceView(crm) {
 *     public void find(SubjectId s, Consumer<SubjectRecord> sink) { data().find(s, sink); }
 *     public ErasureResult erase(SubjectId s, Set<DataCategory> c) { return data().erase(s, c); }
 * };
 * }</pre>
 *
 * <p>{@link #capabilities()} is computed from the subclass's methods, so declaration and methods
 * always agree. The name, categories and {@link #dispose} are the underlying source's; so are its
 * injected failures and call counts.
 *
 * @since 0.1.0
 */
public abstract class InMemorySourceView implements PersonalDataSource {

    private final InMemoryPersonalDataSource data;
    private final Set<SourceCapability> capabilities;

    /**
     * Creates a view.
     *
     * @param data the source whose records the view reaches
     * @throws InvalidInputException if {@code data} is null
     */
    protected InMemorySourceView(InMemoryPersonalDataSource data) {
        this.data = Checks.notNull(data, "data");
        this.capabilities = overridden(getClass());
    }

    /**
     * The source whose records this view reaches.
     *
     * @return the underlying source
     */
    protected final InMemoryPersonalDataSource data() {
        return data;
    }

    @Override
    public final String name() {
        return data.name();
    }

    @Override
    public final Set<DataCategory> categories() {
        return data.categories();
    }

    /**
     * The capabilities whose methods this view's class overrides.
     *
     * @return the capabilities, unmodifiable
     */
    @Override
    public final Set<SourceCapability> capabilities() {
        return capabilities;
    }

    @Override
    public final void dispose(RecordRef record, DisposalAction action) {
        data.dispose(record, action);
    }

    private static Set<SourceCapability> overridden(Class<?> type) {
        EnumSet<SourceCapability> out = EnumSet.noneOf(SourceCapability.class);
        for (SourceCapability capability : SourceCapability.values()) {
            for (Method method : PersonalDataSource.class.getMethods()) {
                if (method.isDefault() && method.getName().equals(capability.methodName())) {
                    try {
                        if (type.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass()
                                != PersonalDataSource.class) {
                            out.add(capability);
                        }
                    } catch (NoSuchMethodException e) {
                        throw new IllegalStateException("A PersonalDataSource lacks " + method.getName(), e);
                    }
                }
            }
        }
        return Set.copyOf(out);
    }

    @Override
    public String toString() {
        return "InMemorySourceView[" + data.name() + ", " + new java.util.TreeSet<>(capabilities) + "]";
    }
}
