package dev.taper.training.family;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.function.Function;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.impl.TypeIdResolverBase;

/**
 * Maps the {@code family} field of model specs and architectures to the registered families'
 * classes, so that any JSON mapper reads and writes them without knowing the families.
 */
final class FamilyTypeIds {

  private FamilyTypeIds() {}

  /** Resolves {@link ModelSpec} subtypes. */
  public static final class ModelSpecs extends Resolver {
    public ModelSpecs() {
      super(ModelFamily::specType);
    }

    @Override
    String idOf(Object value) {
      return ((ModelSpec) value).family();
    }
  }

  /** Resolves {@link Architecture} subtypes. */
  public static final class Architectures extends Resolver {
    public Architectures() {
      super(ModelFamily::architectureType);
    }

    @Override
    String idOf(Object value) {
      return ((Architecture) value).family();
    }
  }

  private abstract static class Resolver extends TypeIdResolverBase {

    private final Function<ModelFamily<?, ?>, Class<?>> typeOf;

    Resolver(Function<ModelFamily<?, ?>, Class<?>> typeOf) {
      this.typeOf = typeOf;
    }

    abstract String idOf(Object value);

    @Override
    public String idFromValue(DatabindContext context, Object value) {
      return idOf(value);
    }

    @Override
    public String idFromValueAndType(DatabindContext context, Object value, Class<?> type) {
      return idOf(value);
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
      return ModelFamilies.find(id)
          .map(family -> context.constructType(typeOf.apply(family)))
          .orElse(null);
    }

    @Override
    public String getDescForKnownTypeIds() {
      return String.join(", ", ModelFamilies.names());
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
      return JsonTypeInfo.Id.CUSTOM;
    }
  }
}
