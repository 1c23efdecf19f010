package dev.agis.app.servers;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.agis.agones.Reconciler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.time.Duration;

/** db-scheduler tasks of the game-server context: persistent, each due execution runs on one instance. */
@Configuration(proxyBeanMethods = false)
public class ServerTasks {

    /** One execution per schedule and instant (see ScheduleTimer). */
    @Bean
    OneTimeTask<Void> serverScheduleTask(@Lazy ScheduleRunner runner) {
        return Tasks.oneTime("server-schedule-run").execute((instance, ctx) -> runner.run(instance.getId()));
    }

    /** Compares AGIS's running servers with the fleet (see Reconciler). */
    @Bean
    RecurringTask<Void> serverReconciliationTask(@Lazy Reconciler reconciler,
                                                 @Value("${agis.fleet.reconcile-every:PT1M}") Duration every) {
        return Tasks.recurring("server-reconciliation", FixedDelay.of(every)).execute((instance, ctx) -> reconciler.reconcile());
    }
}
