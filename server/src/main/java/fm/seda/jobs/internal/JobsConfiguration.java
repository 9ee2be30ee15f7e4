package fm.seda.jobs.internal;

import fm.seda.jobs.JobGate;
import fm.seda.jobs.JobHandler;
import fm.seda.jobs.Jobs;
import fm.seda.jobs.QueueDepth;
import fm.seda.jobs.RecurringJob;
import fm.seda.regions.RegionRouter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

  @Bean
  @ConditionalOnProperty(name = "seda.jobs.enabled", havingValue = "true", matchIfMissing = true)
  JobWorker jobWorker(
      RegionRouter regions,
      Jobs jobs,
      List<JobHandler> handlers,
      Optional<JobGate> gate,
      JsonMapper json,
      @Value("${seda.jobs.poll-interval:250ms}") Duration pollInterval,
      @Value("${seda.jobs.lease-check-interval:30s}") Duration leaseCheckInterval,
      @Value("${seda.jobs.lease:5m}") Duration lease,
      @Value("${seda.jobs.stop-grace:10s}") Duration stopGrace,
      MeterRegistry meters) {
    for (JobHandler handler : handlers) {
      for (String region : List.of("eu", "us")) {
        Gauge.builder("seda.jobs.queue.depth", jobs, j -> queued(j, region, handler.kind()))
            .description("Queued jobs per kind and region")
            .tag("kind", handler.kind())
            .tag("region", region)
            .register(meters);
      }
    }
    return new JobWorker(
        regions,
        jobs,
        handlers,
        gate.orElse(JobGate.OPEN),
        json,
        pollInterval,
        leaseCheckInterval,
        lease,
        stopGrace);
  }

  @Bean
  @ConditionalOnProperty(name = "seda.jobs.enabled", havingValue = "true", matchIfMissing = true)
  RecurringScheduler recurringScheduler(
      RegionRouter regions,
      Jobs jobs,
      List<RecurringJob> recurring,
      @Value("${seda.jobs.recurring-check-interval:30s}") Duration checkInterval) {
    return new RecurringScheduler(regions, jobs, recurring, checkInterval);
  }

  private static double queued(Jobs jobs, String region, String kind) {
    return jobs.depths().stream()
        .filter(d -> d.region().equals(region) && d.kind().equals(kind))
        .mapToLong(QueueDepth::queued)
        .sum();
  }
}
