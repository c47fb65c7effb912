/**
 * The storage SPIs over {@code jakarta.persistence}: {@link ro.clickphone.privacy.jpa.JpaStores} gives every
 * store of the kit's {@link ro.clickphone.privacy.spi.memory.Stores} bundle over entities shipped in this
 * module (listed in {@code META-INF/orm.xml}), whose tables the SQL migrations under {@code db/postgresql},
 * {@code db/mariadb} and {@code db/h2} create, in Flyway's naming. The annotations ({@link
 * ro.clickphone.privacy.jpa.DataSubject}, {@link ro.clickphone.privacy.jpa.Encrypted}, {@link
 * ro.clickphone.privacy.jpa.BlindIndex}, {@link ro.clickphone.privacy.jpa.Retained}) mark an application's own
 * entities for the personal-data source and, with the {@code hibernate} module, for transparent field
 * encryption. The module is portable: {@code jakarta.persistence-api} is its only compile dependency on JPA.
 */
package ro.clickphone.privacy.jpa;
