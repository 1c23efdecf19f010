package dev.agis.domain.experiment;

import dev.agis.domain.common.ErrorCode;

/** Stable error codes of the experiments context. */
public enum ExperimentError implements ErrorCode {
    INVALID_KEY(Category.INVALID),
    INVALID_VARIANTS(Category.INVALID),
    INVALID_WEIGHT(Category.INVALID),
    DUPLICATE_VARIANT(Category.INVALID),
    MISSING_CONTROL(Category.INVALID),
    INVALID_CONFIG(Category.INVALID),
    INVALID_REWARD_MULTIPLIER(Category.INVALID),
    INVALID_TRAFFIC(Category.INVALID),
    INVALID_ALPHA(Category.INVALID),
    INVALID_PLAYER(Category.INVALID),
    EXPERIMENT_NOT_FOUND(Category.NOT_FOUND),
    EXPERIMENT_ALREADY_EXISTS(Category.CONFLICT),
    WRONG_STATUS(Category.CONFLICT),
    TRAFFIC_DECREASE_WHILE_RUNNING(Category.CONFLICT),
    REWARD_EXPERIMENT_ALREADY_RUNNING(Category.CONFLICT),
    EXPERIMENT_NOT_RUNNING(Category.CONFLICT),
    PLAYER_NOT_IN_EXPERIMENT(Category.CONFLICT);

    private final Category category;

    ExperimentError(Category category) {
        this.category = category;
    }

    @Override
    public Category category() {
        return category;
    }
}
