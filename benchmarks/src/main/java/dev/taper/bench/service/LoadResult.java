package dev.taper.bench.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one open-loop run measured: latencies per target, errors, and how late the sender ran. */
final class LoadResult {

  private final List<URI> targets;
  private final List<List<Double>> latencies = new ArrayList<>();
  private final Map<String, Integer> errors = new TreeMap<>();
  private int sent;
  private double seconds;
  private double senderMaxLateMs;

  LoadResult(List<URI> targets) {
    this.targets = targets;
    targets.forEach(t -> latencies.add(new ArrayList<>()));
  }

  synchronized void ok(int target, double millis) {
    latencies.get(target).add(millis);
  }

  synchronized void error(int target, String what) {
    errors.merge(what, 1, Integer::sum);
  }

  synchronized void finish(int sent, double seconds, double senderMaxLateMs) {
    this.sent = sent;
    this.seconds = seconds;
    this.senderMaxLateMs = senderMaxLateMs;
  }

  synchronized List<Double> all() {
    List<Double> all = new ArrayList<>();
    latencies.forEach(all::addAll);
    return all;
  }

  synchronized int answered() {
    return all().size();
  }

  /** Requests that failed, timed out, or were never answered. */
  synchronized int errorCount() {
    return sent - answered();
  }

  double p(double percentile) {
    return Numbers.percentile(all(), percentile);
  }

  synchronized Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Double> all = all();
    m.put("sent", sent);
    m.put("ok", all.size());
    m.put("errors", errorCount());
    m.put("error_kinds", errors);
    m.put("achieved_rate_per_s", Numbers.round(sent / seconds, 1));
    m.put("p50_ms", Numbers.round(Numbers.percentile(all, 50), 2));
    m.put("p90_ms", Numbers.round(Numbers.percentile(all, 90), 2));
    m.put("p99_ms", Numbers.round(Numbers.percentile(all, 99), 2));
    m.put("p999_ms", Numbers.round(Numbers.percentile(all, 99.9), 2));
    m.put("max_ms", Numbers.round(Numbers.percentile(all, 100), 2));
    Map<String, Object> perTarget = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("p50_ms", Numbers.round(Numbers.percentile(latencies.get(i), 50), 2));
      t.put("p99_ms", Numbers.round(Numbers.percentile(latencies.get(i), 99), 2));
      perTarget.put(targets.get(i).getPath().replaceAll("/[^/]+$", "/{id}"), t);
    }
    m.put("per_endpoint", perTarget);
    m.put("sender_max_late_ms", Numbers.round(senderMaxLateMs, 2));
    return m;
  }
}
