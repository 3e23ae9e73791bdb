package dev.strata.engine.run;

import dev.strata.core.run.DatasetResult;

/**
 * Hands a {@link RunListener} one event at a time, whichever thread sends it: datasets built at once report their
 * phases and rows from their own threads, and a listener need not be written for that.
 */
final class SerialListener implements RunListener {
    private final RunListener listener;

    SerialListener(RunListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void datasetStarted(String dataset, int index, int total) {
        listener.datasetStarted(dataset, index, total);
    }

    @Override
    public synchronized void phaseStarted(String dataset, DatasetPhase phase) {
        listener.phaseStarted(dataset, phase);
    }

    @Override
    public synchronized void rowsProgress(long read, long written) {
        listener.rowsProgress(read, written);
    }

    @Override
    public synchronized void rowsProgress(String dataset, long read, long written) {
        listener.rowsProgress(dataset, read, written);
    }

    @Override
    public synchronized void datasetFinished(DatasetResult result) {
        listener.datasetFinished(result);
    }

    @Override
    public synchronized void notice(String message) {
        listener.notice(message);
    }
}
