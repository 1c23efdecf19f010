package dev.agis.command.experiment;

import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.ErrorCode;
import dev.agis.domain.experiment.ExperimentKey;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Shared helpers of the experiment aggregate tests. */
final class ExperimentFixtures {

    private ExperimentFixtures() {
    }

    /** Matches a {@link DomainException} with the given code. */
    static Matcher<DomainException> domainError(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainException e) {
                return e.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a DomainException with code " + code);
            }
        };
    }

    /** An in-memory registry the tests fill by hand. */
    static final class InMemoryRegistry implements ExperimentRegistry {
        final Map<ExperimentKey, Definition> definitions = new HashMap<>();
        ExperimentKey runningReward;

        @Override
        public Optional<Definition> find(ExperimentKey key) {
            return Optional.ofNullable(definitions.get(key));
        }

        @Override
        public Optional<ExperimentKey> runningRewardExperiment() {
            return Optional.ofNullable(runningReward);
        }
    }
}
