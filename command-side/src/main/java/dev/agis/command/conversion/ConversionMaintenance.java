package dev.agis.command.conversion;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the velocity fraud rule's table small: rows older than a day can never count again
 * (the rule looks back one hour). A db-scheduler recurring task, so one instance runs it.
 */
@Configuration(proxyBeanMethods = false)
public class ConversionMaintenance {

    @Bean
    RecurringTask<Void> pruneConversionVelocity(JdbcConversionVelocity velocity, Clock clock) {
        return Tasks.recurring("prune-conversion-velocity", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> velocity.prune(clock.instant().minus(Duration.ofDays(1))));
    }
}
