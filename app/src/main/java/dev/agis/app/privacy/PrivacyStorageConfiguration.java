package dev.agis.app.privacy;

import dev.agis.app.db.EmbeddedDatabaseProperties;
import dev.agis.privacy.AgisPrivacySettings;
import dev.agis.privacy.JdbcPlayerKeyStore;
import dev.agis.privacy.MasterKey;
import dev.agis.privacy.PersonalDataCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;

/**
 * The master key, the players' data keys and the codec the serializer encrypts personal fields
 * with (ADR 0007). Part of the storage configuration, so the application and the read-only audit
 * context read personal data the same way.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AgisPrivacySettings.class, EmbeddedDatabaseProperties.class})
public class PrivacyStorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PrivacyStorageConfiguration.class);
    static final String DEV_KEY_FILE = "dev-master-key";

    /** After the migrations (when this context runs them), since it checks the master key against the database. */
    @Bean
    @DependsOnDatabaseInitialization
    JdbcPlayerKeyStore playerKeyStore(DataSource dataSource, AgisPrivacySettings settings, EmbeddedDatabaseProperties embedded,
                                      Environment env) {
        JdbcPlayerKeyStore store = new JdbcPlayerKeyStore(dataSource, masterKey(settings, embedded, env), settings.keyCacheTtl(),
                Clock.systemUTC());
        store.verifyMasterKey();
        return store;
    }

    @Bean
    PersonalDataCodec personalDataCodec(JdbcPlayerKeyStore keys) {
        return new PersonalDataCodec(keys);
    }

    static MasterKey masterKey(AgisPrivacySettings settings, EmbeddedDatabaseProperties embedded, Environment env) {
        if (!settings.masterKey().isBlank()) {
            return MasterKey.fromBase64(settings.masterKey());
        }
        String url = env.getProperty("spring.datasource.url");
        if (url != null && !url.equals("embedded")) {
            throw new IllegalStateException("agis.privacy.master-key (AGIS_MASTER_KEY) is not set. With an external database it is "
                    + "required: base64 of 32 random bytes, e.g. `openssl rand -base64 32`, kept in your secret store (docs/privacy.md).");
        }
        Path file = embedded.dataDir().toAbsolutePath().resolveSibling(DEV_KEY_FILE);
        log.warn("""

                ************************************************************************************
                agis.privacy.master-key (AGIS_MASTER_KEY) is not set: personal data is encrypted with
                a DEVELOPMENT master key kept in {}.
                Whoever has that file can read the personal data; losing it makes it unreadable.
                Never run production like this: set AGIS_MASTER_KEY (docs/privacy.md).
                ************************************************************************************""", file);
        return MasterKey.fromBase64(developmentKey(file));
    }

    /** The development key of this data directory, made on first start (readable by its owner only). */
    static String developmentKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(file.getParent());
            String key = Base64.getEncoder().encodeToString(MasterKey.newAesKey().getEncoded());
            Path temp = Files.createTempFile(file.getParent(), DEV_KEY_FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions protect it
            }
            Files.writeString(temp, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                // two processes starting together: the first file wins, the other reads it
                Files.move(temp, file);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Files.delete(temp);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("development master key " + file + " not readable or writable", e);
        }
    }
}
