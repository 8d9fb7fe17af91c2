package io.peerhub.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles over a small sample, as benchmarks report them. */
public final class Percentiles {

  private final List<Double> sorted;

  public Percentiles(List<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
  }

  public double p(double percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public double min() {
    return sorted.get(0);
  }

  public double max() {
    return sorted.get(sorted.size() - 1);
  }

  public int count() {
    return sorted.size();
  }
}
