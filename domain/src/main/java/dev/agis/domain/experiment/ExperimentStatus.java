package dev.agis.domain.experiment;

/** DRAFT → RUNNING → COMPLETED; DRAFT or COMPLETED → ARCHIVED. */
public enum ExperimentStatus {
    DRAFT, RUNNING, COMPLETED, ARCHIVED
}
