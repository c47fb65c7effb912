package ro.clickphone.privacy.spi.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one test class — a contract extended by a deliberately broken implementation — through the
 * JUnit Platform and tells which of its tests failed: the proof that a contract test can fail, and
 * fails for the defect it is about.
 *
 * <pre>{@code
 * ContractRun run = ContractRun.of(DuplicatingChannelTest.class);
 * assertEquals(Set.of("send_twiceWithOneKey_deliversOnce"), run.failed());
 * }</pre>
 */
public final class ContractRun {

    private final Map<String, String> failed = new TreeMap<>();
    private final Set<String> passed = new TreeSet<>();
    private final Set<String> skipped = new TreeSet<>();

    private ContractRun() {
    }

    /**
     * Runs every test of a class.
     *
     * @param testClass the class, concrete
     * @return what happened
     */
    public static ContractRun of(Class<?> testClass) {
        ContractRun run = new ContractRun();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                name(test).ifPresent(run.skipped::add);
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                name(test).ifPresent(name -> {
                    switch (result.getStatus()) {
                        case SUCCESSFUL -> run.passed.add(name);
                        case ABORTED -> run.skipped.add(name);
                        case FAILED -> run.failed.put(name, String.valueOf(result.getThrowable()
                                .map(Throwable::toString).orElse("failed")));
                    }
                });
            }
        });
        if (run.passed.isEmpty() && run.failed.isEmpty()) {
            throw new AssertionError("no test of " + testClass.getName() + " ran");
        }
        return run;
    }

    private static java.util.Optional<String> name(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName());
    }

    /**
     * The tests that failed.
     *
     * @return their method names
     */
    public Set<String> failed() {
        return Set.copyOf(failed.keySet());
    }

    /**
     * The tests that passed.
     *
     * @return their method names
     */
    public Set<String> passed() {
        return Set.copyOf(passed);
    }

    /**
     * The tests skipped by an assumption or disabled.
     *
     * @return their method names
     */
    public Set<String> skipped() {
        return Set.copyOf(skipped);
    }

    /**
     * Every failure with its cause, for an assertion message.
     *
     * @return one line per failed test
     */
    public String report() {
        StringBuilder out = new StringBuilder();
        failed.forEach((name, cause) -> out.append(name).append(": ").append(cause).append('\n'));
        return out.toString();
    }
}
