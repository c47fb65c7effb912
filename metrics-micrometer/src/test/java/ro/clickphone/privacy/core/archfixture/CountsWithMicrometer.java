package ro.clickphone.privacy.core.archfixture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Breaks {@code ONLY_THE_ADAPTER_USES_MICROMETER}: a core class counting on a Micrometer registry itself. */
public final class CountsWithMicrometer {

    private final Counter counter;

    public CountsWithMicrometer(MeterRegistry registry) {
        this.counter = registry.counter("clickphone.privacy.core.fixture");
    }

    public void count() {
        counter.increment();
    }
}
