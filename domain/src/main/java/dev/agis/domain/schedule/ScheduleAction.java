package dev.agis.domain.schedule;

/** What a schedule does to its server (SPEC §2.5). */
public enum ScheduleAction {
    START, STOP, RESTART
}
