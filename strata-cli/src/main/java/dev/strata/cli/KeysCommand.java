package dev.strata.cli;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.crypto.KeyMetadata;
import dev.strata.core.crypto.KeyStore;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.crypto.Reencryption;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata keys …}: the managed keys that {@code encrypt:} names, in the key store. */
@Command(
        name = "keys",
        description = "Manage the keys of column encryption: create, list, rotate, disable, enable, grant, revoke,"
                + " reencrypt. The key store is STRATA_KEYS_DIR, else $STRATA_HOME/keys (~/.strata/keys).",
        subcommands = {
            KeysCommand.Create.class,
            KeysCommand.ListKeys.class,
            KeysCommand.Rotate.class,
            KeysCommand.Disable.class,
            KeysCommand.Enable.class,
            KeysCommand.Grant.class,
            KeysCommand.Revoke.class,
            KeysCommand.Reencrypt.class
        })
final class KeysCommand {
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@:-]{0,127}");

    static KeyStore store() {
        return KeyStore.fromEnvironment(System.getenv());
    }

    /** The principal of the CLI: the local user, as {@code user:NAME}. */
    static String localUser() {
        return "user:" + Config.read(LauncherConfig.USER_NAME, System.getenv());
    }

    static String checkRole(String role) {
        if (!ROLE.matcher(role).matches()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot grant '" + role + "': a role is letters, digits, '_', '.', '@', ':' or '-' (e.g. analyst,"
                            + " or user:alice for one local user)");
        }
        return role;
    }

    abstract static class KeyAction implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(
            name = "create",
            description = "Create a key: fresh AES-GCM and AES-SIV keysets, encrypted under a KMS key.")
    static final class Create extends KeyAction {
        @Parameters(index = "0", paramLabel = "NAME", description = "The key's name, as encrypt: {key: NAME} uses it.")
        String name;

        @Option(
                names = "--kms",
                defaultValue = "local",
                description = "The KMS holding the key-encryption key: local (default), vault; aws-kms, gcp-kms with"
                        + " strata-kms-cloud.")
        String kms;

        @Option(
                names = "--kek-uri",
                paramLabel = "URI",
                description = "The key-encryption key: local:master.key (the default for local), vault:transit/strata,"
                        + " aws-kms://arn:…, gcp-kms://projects/…")
        String kekUri;

        @Option(
                names = "--grant",
                paramLabel = "ROLE",
                description = "A role that may decrypt with the key (repeatable; default: the local user, user:NAME).")
        List<String> grants = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> roles = grants.isEmpty() ? List.of(localUser()) : grants;
            roles.forEach(KeysCommand::checkRole);
            KeyStore store = store();
            KeyMetadata key = store.create(name, kms, kekUri, roles);
            out().printf(
                            Locale.ROOT,
                            "Created key %s in %s (kms %s, key-encryption key %s; granted to %s)%n",
                            key.name(),
                            store.directory(),
                            key.kms(),
                            key.kekUri(),
                            String.join(", ", key.grants()));
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the keys: generation, primary key ids, status and grants.")
    static final class ListKeys extends KeyAction {
        @Override
        public Integer call() {
            KeyStore store = store();
            List<KeyMetadata> keys = store.list();
            if (keys.isEmpty()) {
                out().println("No keys in " + store.directory() + " (create one with strata keys create NAME)");
                out().flush();
                return 0;
            }
            String format = "%-20s %-8s %-10s %-12s %-12s %-9s %-20s %s%n";
            out().printf(
                            Locale.ROOT,
                            format,
                            "NAME",
                            "KMS",
                            "GENERATION",
                            "PRIMARY",
                            "PRIMARY_SIV",
                            "STATUS",
                            "ROTATED",
                            "GRANTS");
            for (KeyMetadata key : keys) {
                out().printf(
                                Locale.ROOT,
                                format,
                                key.name(),
                                key.kms(),
                                key.generation(),
                                key.primaryKeyId(),
                                key.deterministicPrimaryKeyId(),
                                key.disabled() ? "disabled" : "enabled",
                                key.rotated() == null
                                        ? "-"
                                        : key.rotated().toString().substring(0, 19) + "Z",
                                String.join(",", key.grants()));
            }
            out().flush();
            return 0;
        }
    }

    /** A subcommand that changes the key named first and says what it did in one line. */
    abstract static class BaseKeyChange extends KeyAction {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        /** Changes the key in {@code store}; returns the line that says what was done. */
        abstract String change(KeyStore store);

        @Override
        public final Integer call() {
            out().println(change(store()));
            out().flush();
            return 0;
        }
    }

    /** A subcommand that changes which role, named second, may decrypt with the key, then lists the grants. */
    abstract static class BaseGrantChange extends BaseKeyChange {
        @Parameters(index = "1", paramLabel = "ROLE")
        String role;

        /** Changes the key's grants for {@code role} in {@code store}; returns the changed key. */
        abstract KeyMetadata changeGrant(KeyStore store, String role);

        @Override
        final String change(KeyStore store) {
            KeyMetadata key = changeGrant(store, checkRole(role));
            return "Key " + name + " is granted to "
                    + (key.grants().isEmpty() ? "no one" : String.join(", ", key.grants())) + ".";
        }
    }

    @Command(
            name = "rotate",
            description = "Add a new primary key: new values use it, values written before still decrypt.")
    static final class Rotate extends BaseKeyChange {
        @Override
        String change(KeyStore store) {
            KeyMetadata key = store.rotate(name);
            return String.format(
                    Locale.ROOT,
                    "Rotated key %s to generation %d: new values use keys %d (AES-GCM) and %d (AES-SIV); values written"
                            + " before still decrypt. Deterministic columns keep their old ciphertexts, which no longer"
                            + " equal new ones, until strata keys reencrypt FILE --dataset NAME.",
                    key.name(),
                    key.generation(),
                    key.primaryKeyId(),
                    key.deterministicPrimaryKeyId());
        }
    }

    @Command(name = "disable", description = "Refuse new encryption with a key; its data still decrypts.")
    static final class Disable extends BaseKeyChange {
        @Override
        String change(KeyStore store) {
            store.disable(name);
            return "Disabled key " + name + ": runs that encrypt with it now fail; its data still decrypts.";
        }
    }

    @Command(name = "enable", description = "Allow new encryption with a disabled key again.")
    static final class Enable extends BaseKeyChange {
        @Override
        String change(KeyStore store) {
            store.enable(name);
            return "Enabled key " + name + ".";
        }
    }

    @Command(
            name = "grant",
            description = "Let a role (or user:NAME) decrypt with a key (strata_decrypt in strata sql).")
    static final class Grant extends BaseGrantChange {
        @Override
        KeyMetadata changeGrant(KeyStore store, String role) {
            return store.grant(name, role);
        }
    }

    @Command(name = "revoke", description = "Take a role's grant of a key away.")
    static final class Revoke extends BaseGrantChange {
        @Override
        KeyMetadata changeGrant(KeyStore store, String role) {
            return store.revoke(name, role);
        }
    }

    @Command(
            name = "reencrypt",
            description = "Re-encrypt a dataset's encrypted columns under its key's current primary key, in one"
                    + " overwrite commit; does nothing when every value already is (idempotent).")
    static final class Reencrypt extends KeyAction {
        @Mixin
        PipelineFile pipelineFile;

        @Option(
                names = "--dataset",
                required = true,
                paramLabel = "NAME",
                description = "The dataset, e.g. silver.orders.")
        String dataset;

        @Mixin
        SparkOptions spark;

        @Override
        public Integer call() {
            Pipeline pipeline = pipelineFile.load();
            KeyStore store = store();
            SparkSession session = spark.start("strata keys reencrypt", pipeline);
            Reencryption.Result result;
            try {
                result = Reencryption.reencrypt(session, pipeline, dataset, store);
            } finally {
                session.stop();
            }
            if (result.written()) {
                out().printf(
                                Locale.ROOT,
                                "%s: re-encrypted %d of %d rows under key %s (generation %d) in one commit%n",
                                result.dataset(),
                                result.stale(),
                                result.rows(),
                                result.key(),
                                result.generation());
            } else {
                out().printf(
                                Locale.ROOT,
                                "%s: all %d rows are under the primary key of %s (generation %d); nothing to do%n",
                                result.dataset(),
                                result.rows(),
                                result.key(),
                                result.generation());
            }
            out().flush();
            return 0;
        }
    }
}
