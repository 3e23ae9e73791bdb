package dev.strata.server;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Pipeline files a caller names by {@code config_path}: only regular files whose real path, every link resolved, lies
 * under the pipelines directory, and no larger than a pipeline may be.
 */
final class PipelineFiles {
    private PipelineFiles() {}

    /** The real path of {@code configPath} under {@code root}; a 400 for anything else. */
    static Path resolve(Path root, String configPath) {
        String hint = "give a path relative to STRATA_PIPELINES_DIR (" + root + ")";
        if (configPath.isBlank() || configPath.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiException.badRequest("config_path must be a file path without control characters", hint);
        }
        Path realRoot;
        Path file;
        try {
            realRoot = root.toRealPath();
            file = root.resolve(configPath).toRealPath();
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("config_path is not a valid path", hint);
        } catch (NoSuchFileException e) {
            throw ApiException.badRequest(
                    "config_path " + quoted(configPath) + " does not exist under the pipelines directory", hint);
        } catch (IOException e) {
            throw ApiException.badRequest("config_path " + quoted(configPath) + " cannot be read", hint);
        }
        // Compared after every link is resolved: a link under the folder to a file outside it is outside.
        if (!file.startsWith(realRoot)) {
            throw ApiException.badRequest("config_path must name a file under the pipelines directory", hint);
        }
        if (!Files.isRegularFile(file)) {
            throw ApiException.badRequest("config_path " + quoted(configPath) + " is not a file", hint);
        }
        return file;
    }

    /** The file's text; a 400 when it is too large or not UTF-8. */
    static String read(Path file, String configPath, Path root) {
        try {
            if (Files.size(file) > RequestBodies.PIPELINE_LIMIT) {
                throw ApiException.badRequest(
                        "config_path " + quoted(configPath) + " is larger than a pipeline file may be",
                        "split the pipeline");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(
                    "config_path " + quoted(configPath) + " is not UTF-8 text", "save it as UTF-8");
        } catch (IOException e) {
            throw ApiException.badRequest(
                    "config_path " + quoted(configPath) + " cannot be read",
                    "check the file under STRATA_PIPELINES_DIR (" + root + ")");
        }
    }

    private static String quoted(String path) {
        return "'" + dev.strata.core.error.Messages.abbreviate(path, 200) + "'";
    }
}
