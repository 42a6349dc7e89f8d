package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.taper.properties.TaperProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.DefaultApplicationArguments;

/** Start-up registers the built-in datasets found on this machine and fetches nothing. */
class BuiltinDatasetsTest {

  final DatasetRegistry registry = mock(DatasetRegistry.class);
  final BuiltinDataset found = mock(BuiltinDataset.class);
  final BuiltinDataset absent = mock(BuiltinDataset.class);

  @Test
  void registersWhatIsFoundAndLeavesTheRestForFirstUse() {
    Path subset = TestDatasets.subsetDirectory();
    when(found.name()).thenReturn("found");
    when(found.findLocally()).thenReturn(Optional.of(subset));
    when(absent.name()).thenReturn("absent");
    when(absent.findLocally()).thenReturn(Optional.empty());
    when(registry.builtins()).thenReturn(List.of(found, absent));
    when(registry.find(any())).thenReturn(Optional.empty());

    new BuiltinDatasets(registry, properties(TaperProperties.Role.API))
        .run(new DefaultApplicationArguments());

    ArgumentCaptor<RegisteredDataset> registered = ArgumentCaptor.forClass(RegisteredDataset.class);
    verify(registry).replace(registered.capture());
    assertThat(registered.getValue().name()).isEqualTo("found");
    assertThat(registered.getValue().sha256())
        .isEqualTo(TestDatasets.fashionMnistSubset().sha256());
    assertThat(registered.getValue().uri()).isEqualTo("file:" + subset.toAbsolutePath());
    verify(absent, never()).obtain();
  }

  @Test
  void anUnchangedRecordIsLeftAlone() {
    Path subset = TestDatasets.subsetDirectory();
    when(found.name()).thenReturn("found");
    when(found.findLocally()).thenReturn(Optional.of(subset));
    when(registry.builtins()).thenReturn(List.of(found));
    when(registry.find("found"))
        .thenReturn(Optional.of(DatasetRegistry.describeBuiltin("found", subset)));

    new BuiltinDatasets(registry, properties(TaperProperties.Role.WORKER))
        .run(new DefaultApplicationArguments());

    verify(registry, never()).replace(any());
  }

  @Test
  void theMigrateRoleRegistersNothing() {
    new BuiltinDatasets(registry, properties(TaperProperties.Role.MIGRATE))
        .run(new DefaultApplicationArguments());

    verify(registry, never()).builtins();
  }

  private static TaperProperties properties(TaperProperties.Role role) {
    TaperProperties defaults =
        new org.springframework.boot.context.properties.bind.Binder()
            .bindOrCreate("taper", TaperProperties.class);
    return new TaperProperties(
        role,
        defaults.home(),
        defaults.worker(),
        defaults.queue(),
        defaults.datasets(),
        defaults.store());
  }
}
