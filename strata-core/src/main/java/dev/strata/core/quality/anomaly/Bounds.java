package dev.strata.core.quality.anomaly;

/** The range a value was compared with; an infinite end means that side is unbounded. */
record Bounds(double lower, double upper) {}
