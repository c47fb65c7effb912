package ro.clickphone.privacy.core.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Where the loader reads the policy text a document names ({@code text.resource}) from. A document
 * read from a bare stream has no place its text could come from; give one of these with it to
 * {@link Policy#load(InputStream, PolicyTextSource)}.
 *
 * <pre>{@code
 * Policy own = Policy.load(in, PolicyTextSource.directory(Path.of("/etc/privacy")));
 * Policy bundled = Policy.load(in, PolicyTextSource.classPath(MyPolicies.class)); // next to the class
 * }</pre>
 *
 * <p><b>Contract.</b> {@link #open} is called at most once per load, from the loading thread; the
 * loader closes the stream. The name has been checked to be a plain file name (no directory, no
 * {@code ..}) before it is passed.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PolicyTextSource {

    /**
     * Opens a text resource by name.
     *
     * @param name a plain file name, e.g. {@code clickphone-privacy-policy.ro.md}
     * @return the stream, or {@code null} if there is no resource of that name
     * @throws IOException if it exists but cannot be read
     */
    InputStream open(String name) throws IOException;

    /**
     * Resources in the package of a class, on that class's class path.
     *
     * @param anchor a class in the package that holds the texts
     * @return the source
     * @throws InvalidInputException if {@code anchor} is null
     */
    static PolicyTextSource classPath(Class<?> anchor) {
        if (anchor == null) {
            throw new InvalidInputException("anchor", "must not be null");
        }
        return anchor::getResourceAsStream;
    }

    /**
     * Files in a directory.
     *
     * @param directory the directory that holds the texts
     * @return the source
     * @throws InvalidInputException if {@code directory} is null
     */
    static PolicyTextSource directory(Path directory) {
        if (directory == null) {
            throw new InvalidInputException("directory", "must not be null");
        }
        return name -> {
            try {
                return Files.newInputStream(directory.resolve(name));
            } catch (NoSuchFileException e) {
                return null;
            }
        };
    }
}
