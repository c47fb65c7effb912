package ro.clickphone.privacy.jpa.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class on one database, in a schema of its own that is created (migrations applied, mapping
 * validated) before the class and dropped after it. Test methods and {@code @BeforeEach} methods receive
 * the {@link TestDatabase} as a parameter. Disabled when the database's variable is unset; failing when it
 * is set and the database cannot be used.
 *
 * <pre>{@code
 * @OnDatabase(DatabaseKind.POSTGRES)
 * class JpaConsentStoreOnPostgresTest extends JpaConsentStoreTest { }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@ExtendWith(TestDatabaseExtension.class)
public @interface OnDatabase {

    /**
     * The database.
     *
     * @return it
     */
    DatabaseKind value();

    /**
     * Extra migration locations (classpath folders) whose {@code <kind folder>} sub-folder is applied after
     * the plugin's own, for a test's own entities: {@code "testdb"} applies {@code testdb/h2} on H2.
     *
     * @return the locations
     */
    String[] migrations() default {};

    /**
     * Extra entity classes of the test, added to the persistence unit beside {@code META-INF/orm.xml}.
     *
     * @return the classes
     */
    Class<?>[] entities() default {};
}
