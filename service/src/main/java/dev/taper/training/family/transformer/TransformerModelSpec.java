package dev.taper.training.family.transformer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.family.ModelSpec;

/**
 * A Pre-LN Transformer in a spec: {@code depth} blocks of residual {@code width}, {@code heads}
 * heads of {@code headSize}, an FFN of {@code ffnWidth}; {@code tokens} says how examples become a
 * sequence ({@code patchSize} with patches), {@code pooling} what the head reads, {@code widening}
 * what widening multiplies besides the FFN ({@code heads}, {@code head_size}, or {@code residual}:
 * the residual width and the head size).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransformerModelSpec(
    Integer depth,
    Integer width,
    TokenLayout tokens,
    Integer patchSize,
    Integer heads,
    Integer headSize,
    Integer ffnWidth,
    Pooling pooling,
    AttentionWidening widening)
    implements ModelSpec {

  @Override
  public String family() {
    return TransformerFamily.NAME;
  }
}
