package dev.agis.command.schedule;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The persistent timer of schedules: each due execution runs on exactly one instance (db-scheduler). */
@Configuration(proxyBeanMethods = false)
public class ScheduleTasks {

    /** One execution per schedule and instant (see ScheduleTimer, which plans them, and ScheduleRunner, which runs them). */
    @Bean
    OneTimeTask<Void> serverScheduleTask(@Lazy ScheduleRunner runner) {
        return Tasks.oneTime("server-schedule-run").execute((instance, ctx) -> runner.run(instance.getId()));
    }
}
