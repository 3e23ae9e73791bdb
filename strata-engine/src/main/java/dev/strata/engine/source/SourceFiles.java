package dev.strata.engine.source;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/** Lists the data files under a source path, on any Hadoop file system, skipping hidden and marker files. */
public final class SourceFiles {
    private SourceFiles() {}

    /** Fully qualified paths, sorted; a glob pattern in the path is expanded. */
    public static List<String> list(SparkSession spark, String location) {
        Path path = new Path(location);
        List<String> files = new ArrayList<>();
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new FileNotFoundException(location);
            }
            for (FileStatus match : matches) {
                if (match.isFile()) {
                    if (visible(match.getPath(), match.getPath().getParent())) {
                        files.add(match.getPath().toString());
                    }
                    continue;
                }
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                while (it.hasNext()) {
                    LocatedFileStatus file = it.next();
                    if (visible(file.getPath(), match.getPath())) {
                        files.add(file.getPath().toString());
                    }
                }
            }
        } catch (FileNotFoundException e) {
            throw new StrataException(
                    ErrorCode.SOURCE_UNREADABLE,
                    "Cannot read source path " + location + ": it does not exist (check sources.*.path; relative"
                            + " paths resolve against the pipeline file's folder)");
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.SOURCE_UNREADABLE, "Cannot list source path " + location + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    /** The data files {@link #list} finds whose modification time {@code inWindow} accepts, sorted. */
    public static List<String> modifiedIn(SparkSession spark, String location, Predicate<Instant> inWindow) {
        List<String> files = new ArrayList<>();
        for (String file : list(spark, location)) {
            Path path = new Path(file);
            try {
                long modified = path.getFileSystem(spark.sparkContext().hadoopConfiguration())
                        .getFileStatus(path)
                        .getModificationTime();
                if (inWindow.test(Instant.ofEpochMilli(modified))) {
                    files.add(file);
                }
            } catch (FileNotFoundException e) {
                // Deleted since it was listed: not in the window any more.
            } catch (IOException e) {
                throw new StrataException(
                        ErrorCode.SOURCE_UNREADABLE,
                        "Cannot read the modification time of " + file + ": " + e.getMessage(),
                        e);
            }
        }
        return files;
    }

    /** Hidden files, and files in hidden folders below the listed root, are not data (Spark's own rule). */
    private static boolean visible(Path path, Path root) {
        String name = path.getName();
        if (name.startsWith("_") || name.startsWith(".") || name.endsWith(".crc")) {
            return false;
        }
        String rootPath = root.toUri().getPath();
        for (Path parent = path.getParent();
                parent != null && parent.toUri().getPath().length() > rootPath.length();
                parent = parent.getParent()) {
            String dir = parent.getName();
            if (dir.startsWith(".") || (dir.startsWith("_") && !dir.contains("="))) {
                return false;
            }
        }
        return true;
    }
}
