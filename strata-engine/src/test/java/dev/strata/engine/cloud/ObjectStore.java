package dev.strata.engine.cloud;

import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** An object store endpoint started for the tests, and the settings with which Strata reaches it. */
interface ObjectStore {
    /** A short name for test reports: {@code s3}, {@code azure}. */
    String name();

    /** A root URI no other test uses, e.g. {@code s3a://strata-it/delta-3}. */
    String newRoot(String label);

    /**
     * Sets on a Hadoop configuration what a user would set for this store (endpoint and credentials), scoped to the
     * test bucket or account so that it changes nothing else in the shared session.
     */
    void configure(Configuration conf);

    /** The object names under a root, listed with the store's own client rather than Hadoop's, relative to the root. */
    List<String> keys(String root);
}
