package ro.clickphone.privacy.jpa.testing;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link OnDatabase}: one {@link TestDatabase} per test class, emptied before each
 * test, dropped when the class ends.
 */
public final class TestDatabaseExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TestDatabaseExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        OnDatabase on = annotation(context);
        if (on == null || on.value().enabled()) {
            return ConditionEvaluationResult.enabled("database available");
        }
        return ConditionEvaluationResult.disabled("set " + on.value().variable() + " to a JDBC URL to run on "
                + on.value());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        database(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return database(context);
    }

    private static TestDatabase database(ExtensionContext context) {
        ExtensionContext owner = null;
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestMethod().isEmpty() && annotationOn(c) != null) {
                owner = c; // the outermost annotated class wins: nested classes share its database
            }
        }
        if (owner == null) {
            throw new IllegalStateException("no @OnDatabase on " + context.getDisplayName());
        }
        OnDatabase on = annotationOn(owner);
        Class<?> testClass = owner.getRequiredTestClass();
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(TestDatabase.class,
                key -> TestDatabase.open(on.value(), testClass.getSimpleName(), List.of(on.migrations()),
                        List.of(on.entities())), TestDatabase.class);
    }

    private static OnDatabase annotationOn(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, OnDatabase.class)).orElse(null);
    }

    private static OnDatabase annotation(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            OnDatabase on = annotationOn(c);
            if (on != null) {
                return on;
            }
        }
        return null;
    }
}
