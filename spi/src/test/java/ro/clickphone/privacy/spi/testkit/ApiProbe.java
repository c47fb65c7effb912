package ro.clickphone.privacy.spi.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * Feeds nulls and extremes to every public constructor and method of the public classes in a
 * module's exported packages and collects every call that fails with something other than the
 * library's own typed exceptions ({@link PrivacyException} and its leaves) or an exception the
 * member declares in its {@code throws} clause. A {@code NullPointerException},
 * {@code DateTimeException}, {@code ArithmeticException} or JDK {@code IllegalArgumentException}
 * escaping a public call is a finding.
 *
 * <p>Each member is called once per argument position and bad value: that argument takes the bad
 * value ({@code null} for any reference, {@code ""} and {@code "\uD800"} for a string,
 * {@code Instant.MIN/MAX}, {@code Long.MIN/MAX_VALUE}, {@code Integer.MIN/MAX_VALUE}, extreme
 * durations and dates, an empty array, an array holding {@code null}), every other argument and
 * the receiver a valid sample from the registry the module's test fills. A member with a parameter
 * type that has no sample is skipped and listed, so the registry can grow; the probe refuses to
 * pass when it called nothing.
 */
public final class ApiProbe {

    private static final long CALL_TIMEOUT_SECONDS = 10;

    private final Map<Class<?>, Supplier<?>> samples = new HashMap<>();
    private final Map<String, Supplier<?>> namedSamples = new HashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Set<String> excludedPackages = new LinkedHashSet<>();
    private final Path scratch;

    private ApiProbe(Path scratch) {
        this.scratch = scratch;
        sample(String.class, () -> "x");
        sample(Instant.class, () -> Instant.parse("2026-11-29T07:00:00Z"));
        sample(LocalDate.class, () -> LocalDate.of(2026, 1, 1));
        sample(MonthDay.class, () -> MonthDay.of(12, 31));
        sample(Duration.class, () -> Duration.ofSeconds(30));
        sample(Clock.class, Clock::systemUTC);
        sample(ZoneId.class, () -> ZoneId.of("Europe/Bucharest"));
        sample(Locale.class, () -> Locale.ROOT);
        sample(Reader.class, () -> new StringReader(""));
        sample(Writer.class, StringWriter::new);
        sample(InputStream.class, () -> new ByteArrayInputStream(new byte[0]));
        sample(OutputStream.class, ByteArrayOutputStream::new);
        sample(Path.class, () -> scratch.resolve("probe-" + System.nanoTime()));
        sample(Consumer.class, () -> (Consumer<Object>) x -> { });
        sample(BiConsumer.class, () -> (BiConsumer<Object, Object>) (x, y) -> { });
        sample(Predicate.class, () -> (Predicate<Object>) x -> true);
        sample(Runnable.class, () -> (Runnable) () -> { });
        sample(List.class, List::of);
        sample(Collection.class, List::of);
        sample(Set.class, Set::of);
        sample(Map.class, Map::of);
        sample(Optional.class, Optional::empty);
        sample(Object.class, Object::new);
        sample(boolean.class, () -> false);
        sample(Boolean.class, () -> false);
        sample(int.class, () -> 1);
        sample(Integer.class, () -> 1);
        sample(long.class, () -> 1L);
        sample(Long.class, () -> 1L);
        sample(double.class, () -> 1.0);
        sample(char.class, () -> 'x');
        sample(byte[].class, () -> new byte[16]);
    }

    /**
     * A probe whose {@link Path} samples live in a scratch directory.
     *
     * @param scratch a temporary directory the probe may write in
     * @return the probe
     */
    public static ApiProbe create(Path scratch) {
        return new ApiProbe(scratch);
    }

    /**
     * Registers how to make a valid value of a type (a fresh one each time, if it has state).
     *
     * @param type the type
     * @param supplier makes a valid value
     * @param <T> the type
     * @return this probe
     */
    public <T> ApiProbe sample(Class<T> type, Supplier<? extends T> supplier) {
        samples.put(type, supplier);
        return this;
    }

    /**
     * Registers a valid value for every parameter of that name (the build compiles with
     * {@code -parameters}), taking precedence over the type's sample: a {@code purpose} string is
     * {@code MARKETING}, a {@code context} string {@code analytics}.
     *
     * @param parameterName the parameter's name
     * @param supplier makes a valid value
     * @return this probe
     */
    public ApiProbe sampleNamed(String parameterName, Supplier<?> supplier) {
        namedSamples.put(parameterName, supplier);
        return this;
    }

    /**
     * Leaves a package out (fixtures where nulls make no sense).
     *
     * @param packageName the package
     * @return this probe
     */
    public ApiProbe excludePackage(String packageName) {
        excludedPackages.add(packageName);
        return this;
    }

    /**
     * Leaves a member out, with the reason printed in the summary.
     *
     * @param member {@code SimpleClassName#method} or {@code SimpleClassName} for all its members
     * @param because why
     * @return this probe
     */
    public ApiProbe skip(String member, String because) {
        skipped.put(member, because);
        return this;
    }

    /** What a run found. */
    public static final class Report {

        private final List<String> findings = new ArrayList<>();
        private final Set<String> untested = new TreeSet<>();
        private int calls;
        private int members;

        /**
         * Every call that failed with an untyped exception, one line each.
         *
         * @return the findings
         */
        public List<String> findings() {
            return findings;
        }

        /**
         * How many calls were made.
         *
         * @return the count
         */
        public int calls() {
            return calls;
        }

        /**
         * A summary for the test's output.
         *
         * @return the summary
         */
        public String summary() {
            return "probed " + members + " members with " + calls + " calls; " + findings.size() + " findings; "
                    + untested.size() + " members skipped:\n  " + String.join("\n  ", untested);
        }
    }

    /**
     * Probes the public API of the module whose classes directory holds {@code anchor}.
     *
     * @param anchor a class of the module's main code
     * @return what the probe found
     */
    public Report run(Class<?> anchor) {
        return run(publicClasses(anchor));
    }

    /**
     * Probes the public members of the given classes (for the probe's own test, on fixtures).
     *
     * @param classes the classes
     * @return what the probe found
     */
    public Report run(List<Class<?>> classes) {
        Report report = new Report();
        ExecutorService worker = newWorker();
        try {
            for (Class<?> type : classes) {
                if (skipped.containsKey(type.getSimpleName()) || Throwable.class.isAssignableFrom(type)) {
                    continue;
                }
                List<Executable> members = new ArrayList<>();
                if (!Modifier.isAbstract(type.getModifiers()) && !type.isEnum()) {
                    members.addAll(Arrays.asList(type.getConstructors()));
                }
                for (Method m : type.getMethods()) {
                    if (m.getDeclaringClass() == Object.class || m.getDeclaringClass() == Enum.class
                            || m.getDeclaringClass() == Record.class || m.isSynthetic() || m.isBridge()
                            || m.getParameterCount() == 0 || isEnumBoilerplate(type, m)
                            || m.getName().equals("compareTo") || m.getName().equals("equals")) {
                        continue;
                    }
                    if (!m.getDeclaringClass().getPackageName().startsWith("ro.clickphone")) {
                        continue;
                    }
                    members.add(m);
                }
                members.sort(Comparator.comparing(ApiProbe::describe));
                for (Executable member : members) {
                    String name = type.getSimpleName() + "#" + (member instanceof Constructor ? "new" : member.getName());
                    if (skipped.containsKey(name)) {
                        report.untested.add(name + " (" + skipped.get(name) + ")");
                        continue;
                    }
                    worker = probe(type, member, report, worker);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        if (report.calls == 0) {
            throw new AssertionError("the probe called nothing: " + report.summary());
        }
        return report;
    }

    private static boolean isEnumBoilerplate(Class<?> type, Method m) {
        return type.isEnum() && Modifier.isStatic(m.getModifiers())
                && (m.getName().equals("valueOf") || m.getName().equals("values"));
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "api-probe");
            t.setDaemon(true);
            return t;
        });
    }

    private ExecutorService probe(Class<?> type, Executable member, Report report, ExecutorService worker) {
        boolean isStatic = member instanceof Constructor || Modifier.isStatic(member.getModifiers());
        Parameter[] parameters = member.getParameters();
        String missing = null;
        if (!isStatic && instance(type) == null) {
            missing = "no sample of " + type.getSimpleName();
        }
        for (Parameter p : parameters) {
            if (missing == null && valid(p) == NONE) {
                missing = "no sample of " + p.getType().getSimpleName();
            }
        }
        if (missing != null) {
            report.untested.add(describe(member) + " (" + missing + ")");
            return worker;
        }
        report.members++;
        for (int i = 0; i < parameters.length; i++) {
            for (Object bad : bad(parameters[i].getType())) {
                Object receiver = isStatic ? null : instance(type);
                Object[] args = new Object[parameters.length];
                for (int j = 0; j < parameters.length; j++) {
                    args[j] = j == i ? bad : valid(parameters[j]);
                }
                report.calls++;
                Future<Throwable> call = worker.submit(() -> invoke(member, receiver, args));
                Throwable thrown;
                try {
                    thrown = call.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    call.cancel(true);
                    report.findings.add(describe(member) + " arg " + i + " <- " + show(bad) + ": did not return within "
                            + CALL_TIMEOUT_SECONDS + " s");
                    worker.shutdownNow();
                    worker = newWorker();
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                } catch (ExecutionException e) {
                    thrown = e.getCause();
                }
                if (thrown != null && !allowed(member, thrown)) {
                    StackTraceElement where = Arrays.stream(thrown.getStackTrace())
                            .filter(s -> s.getClassName().startsWith("ro.clickphone")).findFirst().orElse(null);
                    report.findings.add(describe(member) + " arg " + i + " (" + parameters[i].getName() + ") <- "
                            + show(bad) + ": " + thrown.getClass().getName() + " at " + where);
                }
            }
        }
        return worker;
    }

    private static Throwable invoke(Executable member, Object receiver, Object[] args) throws Exception {
        try {
            if (member instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                ((Method) member).invoke(receiver, args);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static boolean allowed(Executable member, Throwable thrown) {
        if (thrown instanceof PrivacyException) {
            return true;
        }
        for (Class<?> declared : member.getExceptionTypes()) {
            if (declared.isInstance(thrown)) {
                return true;
            }
        }
        return thrown instanceof java.io.UncheckedIOException && Arrays.stream(member.getExceptionTypes())
                .anyMatch(IOException.class::isAssignableFrom);
    }

    private static final Object NONE = new Object();

    private Object instance(Class<?> type) {
        Supplier<?> supplier = samples.get(type);
        if (supplier != null) {
            return supplier.get();
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        return null;
    }

    private Object valid(Parameter p) {
        Supplier<?> named = namedSamples.get(p.getName());
        if (named != null) {
            Object value = named.get();
            if (value == null || wrap(p.getType()).isInstance(value)) {
                return value;
            }
        }
        Class<?> type = p.getType();
        Object instance = instance(type);
        if (instance != null) {
            return instance;
        }
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 0);
        }
        if (type == Function.class || type == UnaryOperator.class) {
            return (UnaryOperator<Object>) x -> x;
        }
        if (type == BiFunction.class) {
            return (BiFunction<Object, Object, Object>) (x, y) -> x;
        }
        return NONE;
    }

    private static Class<?> wrap(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            case "char" -> Character.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            default -> Float.class;
        };
    }

    private static List<Object> bad(Class<?> type) {
        List<Object> values = new ArrayList<>();
        if (!type.isPrimitive()) {
            values.add(null);
        }
        if (type == String.class) {
            values.add("");
            values.add("\uD800");
        } else if (type == Instant.class) {
            values.add(Instant.MIN);
            values.add(Instant.MAX);
        } else if (type == long.class || type == Long.class) {
            values.add(Long.MIN_VALUE);
            values.add(Long.MAX_VALUE);
        } else if (type == int.class || type == Integer.class) {
            values.add(Integer.MIN_VALUE);
            values.add(Integer.MAX_VALUE);
        } else if (type == Duration.class) {
            values.add(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
            values.add(Duration.ofSeconds(Long.MIN_VALUE));
        } else if (type == LocalDate.class) {
            values.add(LocalDate.MIN);
            values.add(LocalDate.MAX);
        } else if (type.isArray()) {
            values.add(Array.newInstance(type.getComponentType(), 0));
            if (!type.getComponentType().isPrimitive()) {
                values.add(Array.newInstance(type.getComponentType(), 1));
            }
        } else if (type == List.class || type == Collection.class) {
            values.add(Arrays.asList((Object) null));
        } else if (type == Set.class) {
            values.add(new java.util.HashSet<>(Arrays.asList((Object) null)));
        }
        return values;
    }

    private static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return s.isEmpty() ? "\"\"" : s.chars().mapToObj(c -> String.format("\\u%04X", c))
                    .collect(Collectors.joining("", "\"", "\""));
        }
        if (value.getClass().isArray()) {
            return value.getClass().getComponentType().getSimpleName() + "[" + Array.getLength(value) + "]"
                    + (Array.getLength(value) == 1 ? "{null}" : "");
        }
        if (value instanceof Collection<?> c) {
            return c.getClass().getSimpleName() + "{null}";
        }
        return String.valueOf(value);
    }

    private static String describe(Executable member) {
        return member.getDeclaringClass().getSimpleName() + "#" + (member instanceof Constructor ? "new" : member.getName())
                + Arrays.stream(member.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    private List<Class<?>> publicClasses(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new AssertionError("no module-info.class in " + root, e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (ModuleDescriptor.Exports exports : module.exports()) {
            if (exports.isQualified() || excludedPackages.contains(exports.source())) {
                continue;
            }
            Path dir = root.resolve(exports.source().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String fileName = file.getFileName().toString();
                    if (!fileName.endsWith(".class") || fileName.equals("package-info.class")) {
                        continue;
                    }
                    String name = exports.source() + "." + fileName.substring(0, fileName.length() - 6);
                    Class<?> type = Class.forName(name, false, anchor.getClassLoader());
                    if (isPublicApi(type)) {
                        classes.add(type);
                    }
                }
            } catch (IOException | ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
        return classes;
    }

    private static boolean isPublicApi(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
                return false;
            }
        }
        return !type.isAnnotation();
    }
}
