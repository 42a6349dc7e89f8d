package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.taper.training.ImitationConfig.TokenTransfer;
import dev.taper.training.family.Scalars;
import java.util.List;

/**
 * MobileBERT's way of comparing a student's layer with its teacher's: token by token (a Transformer
 * position, a ResNet pixel, or an MLP example as a single token), each normalised over its
 * features, with terms for the mean and spread the normalisation discards, the attention
 * distributions compared by KL divergence, and the token the head reads weighted apart.
 */
final class TokenComparison {

  private static final float EPSILON = 1e-5f;

  /** Keeps log(0) out of the KL divergence of attention distributions. */
  private static final float PROBABILITY_FLOOR = 1e-9f;

  private TokenComparison() {}

  /**
   * The per-token normalised MSE (plus the statistics term), averaged over tokens with the pooled
   * token weighted.
   *
   * @param pooledToken the token the head reads alone, or -1
   */
  static NDArray features(
      NDArray student, NDArray teacher, TokenTransfer transfer, int pooledToken) {
    NDArray s = asTokens(student);
    NDArray b = asTokens(teacher);
    NDArray sMean = s.mean(new int[] {2}, true);
    NDArray bMean = b.mean(new int[] {2}, true);
    NDArray sCentred = s.sub(sMean);
    NDArray bCentred = b.sub(bMean);
    NDArray sStd = Scalars.add(sCentred.square().mean(new int[] {2}, true), EPSILON).sqrt();
    NDArray bStd = Scalars.add(bCentred.square().mean(new int[] {2}, true), EPSILON).sqrt();
    NDArray perToken = sCentred.div(sStd).sub(bCentred.div(bStd)).square().mean(new int[] {2});
    if (transfer.statisticsWeight() > 0) {
      // both relative to the teacher's spread, so the term has the normalised loss's scale
      NDArray meanGap = sMean.sub(bMean).div(bStd).square();
      NDArray spreadGap = sStd.sub(bStd).div(bStd).square();
      NDArray statistics = meanGap.add(spreadGap).squeeze(2);
      perToken = perToken.add(Scalars.mul(statistics, transfer.statisticsWeight()));
    }
    NDArray perPosition = perToken.mean(new int[] {0});
    return weightedMean(perPosition, pooledToken, transfer.pooledTokenWeight(), s.getManager());
  }

  /**
   * KL(teacher || student) of every attention block's distributions, averaged over examples, heads
   * and queries, summed over the layer's blocks. A teacher with k times the student's heads (heads
   * widened) is compared by averaging each run of k consecutive heads.
   */
  static NDArray attention(List<NDArray> student, List<NDArray> teacher) {
    if (student.size() != teacher.size()) {
      throw new IllegalStateException(
          "student and teacher layers have "
              + student.size()
              + " and "
              + teacher.size()
              + " attention blocks");
    }
    NDArray total = null;
    for (int i = 0; i < student.size(); i++) {
      NDArray p = student.get(i);
      NDArray q = matchHeads(teacher.get(i), p.getShape().get(1));
      NDArray logQ = Scalars.add(q, PROBABILITY_FLOOR).log();
      NDArray logP = Scalars.add(p, PROBABILITY_FLOOR).log();
      NDArray kl = q.mul(logQ.sub(logP)).sum(new int[] {3}).mean();
      total = total == null ? kl : total.add(kl);
    }
    return total;
  }

  private static NDArray matchHeads(NDArray teacher, long studentHeads) {
    long heads = teacher.getShape().get(1);
    if (heads == studentHeads) {
      return teacher;
    }
    if (heads % studentHeads != 0) {
      throw new IllegalStateException(
          "a teacher with " + heads + " heads cannot teach a student with " + studentHeads);
    }
    long n = teacher.getShape().get(0);
    long queries = teacher.getShape().get(2);
    long keys = teacher.getShape().get(3);
    return teacher
        .reshape(n, studentHeads, heads / studentHeads, queries, keys)
        .mean(new int[] {2});
  }

  /**
   * (N, features), (N, tokens, features) or (N, channels, height, width) as (N, tokens, features).
   */
  static NDArray asTokens(NDArray x) {
    long n = x.getShape().get(0);
    return switch (x.getShape().dimension()) {
      case 2 -> x.reshape(n, 1, -1);
      case 3 -> x;
      case 4 -> x.transpose(0, 2, 3, 1).reshape(n, -1, x.getShape().get(1));
      default -> throw new IllegalArgumentException("cannot read " + x.getShape() + " as tokens");
    };
  }

  private static NDArray weightedMean(
      NDArray perPosition, int pooledToken, double pooledWeight, NDManager manager) {
    long tokens = perPosition.getShape().get(0);
    if (pooledToken < 0 || pooledToken >= tokens || pooledWeight == 1) {
      return perPosition.mean();
    }
    float[] weights = new float[(int) tokens];
    java.util.Arrays.fill(weights, 1f);
    weights[pooledToken] = (float) pooledWeight;
    NDArray w = manager.create(weights).toDevice(perPosition.getDevice(), false);
    return Scalars.mul(perPosition.mul(w).sum(), 1.0 / (tokens - 1 + pooledWeight));
  }
}
