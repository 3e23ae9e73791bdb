package dev.strata.core.quality.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A column profile of one dataset's rows, as {@code strata profile} prints it.
 *
 * @param dataset the dataset or source name
 * @param distinctRelativeError the relative standard deviation of every {@link ColumnProfile#distinctEstimate()}
 */
public record DatasetProfile(String dataset, long rows, double distinctRelativeError, List<ColumnProfile> columns) {
    public DatasetProfile {
        requireNonNull(dataset, "dataset is null");
        columns = List.copyOf(columns);
    }
}
