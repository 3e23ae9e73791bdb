package dev.strata.store;

import java.nio.file.Path;

/**
 * Opens the embedded store in {@code args[0]}, says so on stdout, and waits for stdin to close: a Strata process for
 * {@link EmbeddedStoreCrashIT} to kill.
 */
public final class OpenStoreAndWait {
    private OpenStoreAndWait() {}

    public static void main(String[] args) throws Exception {
        MetadataStore store = MetadataStore.open(StoreSettings.embedded(Path.of(args[0])));
        store.audit().append(java.time.Instant.now(), "child", "POST /x", "/x", "allowed", 200, null);
        System.out.println("open " + store.connection().url());
        System.out.flush();
        System.in.read();
        store.close();
    }
}
