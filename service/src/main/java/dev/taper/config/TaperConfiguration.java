package dev.taper.config;

import dev.taper.observability.MeterVocabulary;
import dev.taper.observability.MeteredArtifactStore;
import dev.taper.observability.TaperMetrics;
import dev.taper.properties.TaperProperties;
import dev.taper.queue.QueueSettings;
import dev.taper.storage.ArtifactStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans every role needs: the clock, the queue's settings, the artifact store, the meters' tag
 * values.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TaperProperties.class)
class TaperConfiguration {

  /** Java-side time (stage durations, progress pacing); leases use the database's clock. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  QueueSettings queueSettings(TaperProperties properties) {
    TaperProperties.Worker worker = properties.worker();
    return new QueueSettings(
        worker.lease(),
        worker.retryBackoff(),
        worker.maxRetryBackoff(),
        properties.queue().auditClaims());
  }

  @Bean
  MeterVocabulary meterVocabulary() {
    return TaperVocabulary.meters();
  }

  @Bean
  @ConditionalOnMissingBean
  ArtifactStore artifactStore(TaperProperties properties, TaperMetrics metrics) {
    return new MeteredArtifactStore(ArtifactStores.create(properties), metrics);
  }
}
