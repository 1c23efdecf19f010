package dev.agis.command.privacy;

import dev.agis.domain.common.CommonError;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.privacy.PrivacyCommands.ErasePersonalData;
import dev.agis.domain.privacy.PrivacyEvents;
import dev.agis.domain.privacy.PrivacyEvents.PersonalDataErased;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The erasures of one player's personal data (SPEC §2.8), id {@code erasure:<player>}. The
 * erasure itself is the deletion of the player's data key, done by the handler of
 * {@link PersonalDataErased} in the same transaction; this aggregate is the record that it was
 * asked for, by whom and when. Every request is recorded (a player may come back, be recorded
 * with a new key, and ask again); a repeat without new data deletes nothing new.
 */
@Aggregate
public class PersonalDataErasure {

    @AggregateIdentifier
    private String id;
    private int requests;

    protected PersonalDataErasure() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(ErasePersonalData cmd, Clock clock) {
        if (cmd.actor() == null) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "actor is required");
        }
        if (!cmd.erasureId().equals(PrivacyEvents.erasureId(cmd.playerId()))) {
            throw new DomainException(CommonError.INVALID_ARGUMENT, "erasure id must be " + PrivacyEvents.erasureId(cmd.playerId()));
        }
        int request = requests + 1;
        apply(new PersonalDataErased(cmd.playerId(), request, cmd.actor(), clock.instant()));
        return request;
    }

    @EventSourcingHandler
    void on(PersonalDataErased e) {
        id = PrivacyEvents.erasureId(e.playerId());
        requests = e.request();
    }
}
