package dev.taper.training.family;

/**
 * What names a family and what it gives a spec that says nothing else: the part of {@link
 * ModelFamily} every family states the same way.
 *
 * @param <S> the family's spec record
 * @param <A> the family's architecture record
 */
public abstract class FamilyIdentity<S extends ModelSpec, A extends Architecture>
    implements ModelFamily<S, A> {

  private final String name;
  private final Class<S> specType;
  private final Class<A> architectureType;
  private final S defaultSpec;
  private final int defaultWidenFactor;

  protected FamilyIdentity(
      String name,
      Class<S> specType,
      Class<A> architectureType,
      S defaultSpec,
      int defaultWidenFactor) {
    this.name = name;
    this.specType = specType;
    this.architectureType = architectureType;
    this.defaultSpec = defaultSpec;
    this.defaultWidenFactor = defaultWidenFactor;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Class<S> specType() {
    return specType;
  }

  @Override
  public final Class<A> architectureType() {
    return architectureType;
  }

  @Override
  public final S defaultSpec() {
    return defaultSpec;
  }

  @Override
  public final int defaultWidenFactor() {
    return defaultWidenFactor;
  }
}
