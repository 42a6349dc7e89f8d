package dev.taper.dataset;

import dev.taper.properties.TaperProperties;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The built-in datasets, placed under {@code TAPER_HOME/datasets/} and configured from taper.*. */
@Configuration(proxyBeanMethods = false)
class BuiltinDatasetConfiguration {

  @Bean
  FashionMnistDataset fashionMnistDataset(TaperProperties properties) {
    TaperProperties.Datasets settings = properties.datasets();
    return new FashionMnistDataset(
        new FashionMnistDataset.Locations(
            System.getProperty(FashionMnist.DATA_DIR_PROPERTY),
            System.getenv(FashionMnist.DATA_DIR_ENV),
            FashionMnist.SYSTEM_DIRECTORY,
            directory(properties).resolve(FashionMnist.NAME)),
        new FashionMnistDataset.Mirror(
            settings.download(),
            settings.mirror(),
            settings.downloadTimeout(),
            FashionMnist.ACCEPTED_SHA256),
        Downloader.withDefaultTimeouts());
  }

  @Bean
  FashionMnistMini fashionMnistMini(TaperProperties properties) {
    return new FashionMnistMini(directory(properties).resolve(FashionMnistMini.NAME));
  }

  private static Path directory(TaperProperties properties) {
    return properties.homeOrDefault().resolve("datasets");
  }
}
