package dev.strata.engine.sink;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.sql.SparkSession;

/**
 * The folders and files of one plain-file table ({@link FileSink}) on its Hadoop file system, and the steps of its
 * commit protocol: stage, rename, and finish an overwrite.
 *
 * <p>Layout of a table at {@code <location>}:
 *
 * <ul>
 *   <li>{@code _strata_batch=<tag>/} holds one committed batch, partitioned inside by {@code partition_by}
 *       ({@code _strata_batch=<tag>/day=d1/part-...}). It is a Hive-style partition, so Spark and other readers see the
 *       batches as one table with a {@code _strata_batch} column, which {@link FileSink#read} drops. The tag is the
 *       batch's {@link CommitId} made safe for a path ({@link FileBatchTag}).
 *   <li>{@code _staging/<tag>/} is where a batch is written first; renaming it to its batch folder is the commit. A
 *       staging folder left by a crash is deleted when the batch is retried. Spark skips {@code _}-prefixed folders.
 *   <li>{@code _strata_schema.json} is the table's Spark schema ({@link FileTableSchema}), written before the first
 *       batch and replaced, by an atomic rename, when {@code add_columns} widens it. Reads use it, so JSON and CSV give
 *       back exactly the types written.
 *   <li>{@code _strata_overwrite} names an overwrite batch whose replaced files are still being deleted.
 * </ul>
 */
final class FileTableFolder {
    static final String STAGING_DIR = "_staging";
    static final String SCHEMA_FILE = "_strata_schema.json";
    static final String OVERWRITE_MARKER = "_strata_overwrite";
    private static final String BATCH_PREFIX = FileSink.BATCH_COLUMN + "=";

    final Path root;
    final FileSystem fs;
    final Configuration conf;

    FileTableFolder(SparkSession spark, TableRef table) {
        this.conf = spark.sparkContext().hadoopConfiguration();
        try {
            Path location = new Path(table.location());
            this.fs = location.getFileSystem(conf);
            this.root = fs.makeQualified(location);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path staging(String tag) {
        return new Path(new Path(root, STAGING_DIR), tag);
    }

    Path batch(String tag) {
        return new Path(root, BATCH_PREFIX + tag);
    }

    boolean exists() {
        return !batchFolders().isEmpty();
    }

    List<FileStatus> batchFolders() {
        try {
            if (!fs.exists(root)) {
                return List.of();
            }
            return List.of(fs.listStatus(root, p -> p.getName().startsWith(BATCH_PREFIX))).stream()
                    .filter(FileStatus::isDirectory)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the commit's batch folder, or one of a later batch of the same writer, exists. */
    boolean committed(CommitId commit) {
        String prefix = BATCH_PREFIX + FileBatchTag.writer(commit.appId()) + "-";
        for (FileStatus folder : batchFolders()) {
            String name = folder.getPath().getName();
            if (name.startsWith(prefix)
                    && commit.coveredBy(commit.appId(), FileBatchTag.version(name.substring(prefix.length())))) {
                return true;
            }
        }
        return false;
    }

    FileTableSchema schema() {
        Path file = new Path(root, SCHEMA_FILE);
        try {
            if (!fs.exists(file)) {
                return null;
            }
            try (InputStream in = fs.open(file)) {
                return FileTableSchema.parse(new String(in.readAllBytes(), UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FileTableSchema requireSchema(String action) {
        FileTableSchema schema = schema();
        if (schema == null) {
            throw new StrataException(
                    ErrorCode.DATASET_FAILED,
                    "Cannot " + action + ": " + root + " holds batches but no " + SCHEMA_FILE
                            + " (the file was removed, or strata did not write this folder; restore the file, or"
                            + " delete the folder to rebuild the table)");
        }
        return schema;
    }

    /** Replaces the schema file in one rename, so a reader never sees it half written. */
    void writeSchema(FileTableSchema schema) {
        Path file = new Path(root, SCHEMA_FILE);
        Path temporary = new Path(root, SCHEMA_FILE + ".tmp");
        try {
            writeText(temporary, schema.json());
            try {
                FileContext.getFileContext(root.toUri(), conf).rename(temporary, file, Options.Rename.OVERWRITE);
            } catch (UnsupportedFileSystemException e) {
                // No AbstractFileSystem for the scheme: replace in two steps.
                fs.delete(file, false);
                rename(temporary, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void markOverwrite(String tag) {
        try {
            writeText(new Path(root, OVERWRITE_MARKER), tag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renames the staging folder to the batch folder: the commit. */
    void commit(String tag, String name) {
        Path batch = batch(tag);
        try {
            if (fs.exists(batch)) {
                throw new StrataException(
                        ErrorCode.CONFLICT,
                        "Cannot commit " + name + ": batch folder " + batch + " appeared while the batch was"
                                + " written (another writer commits the same batch; run one writer per table)");
            }
            rename(staging(tag), batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes what the overwrite named by {@value #OVERWRITE_MARKER} replaces, if its batch is committed, then the
     * marker. Every write calls this first, so nothing is committed between an overwrite and its deletes.
     */
    void finishOverwrite() {
        Path marker = new Path(root, OVERWRITE_MARKER);
        try {
            if (!fs.exists(marker)) {
                return;
            }
            String tag;
            try (InputStream in = fs.open(marker)) {
                tag = new String(in.readAllBytes(), UTF_8).strip();
            }
            Path batch = fs.makeQualified(batch(tag));
            if (fs.exists(batch)) {
                FileTableSchema schema = schema();
                boolean partitioned = schema != null && !schema.partitionBy().isEmpty();
                Set<List<String>> partitions = partitioned ? partitions(batch) : Set.of();
                for (FileStatus other : batchFolders()) {
                    if (other.getPath().equals(batch)) {
                        continue;
                    }
                    if (partitioned) {
                        for (List<String> partition : partitions) {
                            Path target = other.getPath();
                            for (String part : partition) {
                                target = new Path(target, part);
                            }
                            delete(target);
                        }
                    } else {
                        for (FileStatus child : fs.listStatus(other.getPath())) {
                            delete(child.getPath());
                        }
                    }
                }
            }
            fs.delete(marker, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partition folders holding a batch's data files, each as its path below the batch folder. */
    private Set<List<String>> partitions(Path batch) throws IOException {
        Set<List<String>> partitions = new LinkedHashSet<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(batch, true);
        while (files.hasNext()) {
            Path file = files.next().getPath();
            if (file.getName().startsWith("_") || file.getName().startsWith(".")) {
                continue;
            }
            List<String> partition = new ArrayList<>();
            for (Path dir = file.getParent(); dir != null && !dir.equals(batch); dir = dir.getParent()) {
                partition.add(0, dir.getName());
            }
            partitions.add(List.copyOf(partition));
        }
        return partitions;
    }

    void delete(Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("Cannot rename " + from + " to " + to + ": the file system refused");
        }
    }

    private void writeText(Path file, String text) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(UTF_8));
        }
    }
}
