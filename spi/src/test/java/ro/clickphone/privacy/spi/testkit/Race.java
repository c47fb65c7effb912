package ro.clickphone.privacy.spi.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs tasks on their own threads released at once by one gate, so that they race for the same
 * store row: the contracts' concurrency tests use it.
 */
public final class Race {

    private Race() {
    }

    /**
     * Races {@code threads} tasks, the n-th made by {@code tasks.apply(n)}, and returns their results in order.
     *
     * @param threads how many threads race
     * @param tasks makes the task of each thread
     * @param <T> the result type
     * @return the results, one per thread
     * @throws Exception the first task's failure, or a time-out after 60 s
     */
    public static <T> List<T> race(int threads, IntFunction<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int n = 0; n < threads; n++) {
                Callable<T> task = tasks.apply(n);
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
