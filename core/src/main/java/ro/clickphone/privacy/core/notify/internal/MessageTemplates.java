package ro.clickphone.privacy.core.notify.internal;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.NotificationType;

/**
 * The kit's message templates: one resource per notification type and language,
 * {@code templates/<TYPE>.<language>.mustache} beside this package's parent, whose first line is the
 * subject line and whose body follows an empty line. Mustache (JMustache) because it is
 * logic-less — a template can only write the values it is given, in sections for lists and
 * optional fields — and because, given maps and strings only through a collector without
 * reflection, it cannot reach into any object; partials are off (no loader), HTML escaping too
 * (the body is plain text).
 *
 * <p>Thread-safe: compiled templates are cached and immutable.
 */
final class MessageTemplates {

    /** The languages the kit writes, the first the default. */
    static final List<String> LANGUAGES = List.of("ro", "en");
    static final String DEFAULT_LANGUAGE = "ro";
    private static final String ROOT = "/ro/clickphone/privacy/core/notify/templates/";

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .nullValue("")
            .withCollector(new BasicCollector() {
                @Override
                public <K, V> Map<K, V> createFetcherCache() {
                    return new ConcurrentHashMap<>();
                }
            })
            .withLoader(name -> {
                throw new ConfigurationException("Message templates include no other template");
            });

    private final Map<String, Optional<Compiled>> cache = new ConcurrentHashMap<>();
    private final Map<String, Properties> labels = new ConcurrentHashMap<>();

    /**
     * A compiled template: its subject line and body, and every name it reads.
     *
     * @param subject the subject line's template
     * @param body the body's template
     * @param names the variables and sections both read
     */
    record Compiled(Template subject, Template body, Set<String> names) {
    }

    /** The language the kit writes for a subject who prefers one: theirs if supported, else Romanian. */
    static String languageFor(Optional<String> preferred) {
        return preferred.filter(LANGUAGES::contains).orElse(DEFAULT_LANGUAGE);
    }

    /**
     * The template of a type in a language.
     *
     * @return the template, or empty if the kit has none
     * @throws ConfigurationException if the resource is malformed
     */
    Optional<Compiled> find(NotificationType type, String language) {
        return cache.computeIfAbsent(type.id() + "." + language, k -> load(type, language));
    }

    private static Optional<Compiled> load(NotificationType type, String language) {
        String resource = ROOT + type.id() + "." + language + ".mustache";
        String source;
        try (InputStream in = MessageTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new ConfigurationException("The message template " + resource + " cannot be read", e);
        }
        int split = source.indexOf("\n\n");
        if (split <= 0 || source.substring(0, split).contains("\n")) {
            throw new ConfigurationException("The message template " + resource + " must start with one subject line"
                    + " and an empty line before the body");
        }
        try {
            Template subject = COMPILER.compile(source.substring(0, split));
            Template body = COMPILER.compile(source.substring(split + 2));
            Set<String> names = new HashSet<>();
            Mustache.Visitor visitor = new Mustache.Visitor() {
                @Override
                public void visitText(String text) {
                }

                @Override
                public void visitVariable(String name) {
                    names.add(name);
                }

                @Override
                public boolean visitInclude(String name) {
                    names.add(">" + name);
                    return false;
                }

                @Override
                public boolean visitSection(String name) {
                    names.add(name);
                    return true;
                }

                @Override
                public boolean visitInvertedSection(String name) {
                    names.add(name);
                    return true;
                }
            };
            subject.visit(visitor);
            body.visit(visitor);
            names.remove(".");
            return Optional.of(new Compiled(subject, body, Set.copyOf(names)));
        } catch (MustacheException e) {
            throw new ConfigurationException("The message template " + resource + " does not compile: "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * The names of data categories in a language, where they differ from the policy's names (which
     * are English): {@code templates/categories.<language>.properties}, UTF-8.
     */
    Properties categoryLabels(String language) {
        return labels.computeIfAbsent(language, l -> {
            Properties p = new Properties();
            String resource = ROOT + "categories." + l + ".properties";
            try (InputStream in = MessageTemplates.class.getResourceAsStream(resource)) {
                if (in != null) {
                    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                        p.load(reader);
                    }
                }
            } catch (IOException e) {
                throw new ConfigurationException("The category names " + resource + " cannot be read", e);
            }
            return p;
        });
    }
}
