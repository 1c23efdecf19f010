package dev.agis.testkit;

import dev.agis.domain.common.DomainException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.RemoteExceptionDescription;
import org.axonframework.messaging.RemoteHandlingException;
import org.axonframework.test.utils.CallbackBehavior;
import org.axonframework.test.utils.RecordingCommandBus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Axon's real {@link DefaultCommandGateway} on Axon's {@link RecordingCommandBus}, for testing a
 * process manager alone: it records every command sent and answers each command type with a
 * given result or failure (unknown types answer {@code null}, like a void command handler).
 * Failures reach the caller exactly as {@code sendAndWait} delivers them in production.
 */
public class RecordingCommandGateway extends DefaultCommandGateway {

    private final RecordingCommandBus bus;
    private final Map<Class<?>, CallbackBehavior> answers = new ConcurrentHashMap<>();

    public RecordingCommandGateway() {
        this(new RecordingCommandBus());
    }

    private RecordingCommandGateway(RecordingCommandBus bus) {
        super(DefaultCommandGateway.builder().commandBus(bus));
        this.bus = bus;
        bus.setCallbackBehavior((payload, metaData) -> {
            CallbackBehavior answer = answers.get(payload.getClass());
            return answer == null ? null : answer.handle(payload, metaData);
        });
    }

    /** Commands of this type answer {@code result} from now on. */
    public RecordingCommandGateway answer(Class<?> commandType, Object result) {
        answers.put(commandType, (payload, metaData) -> result);
        return this;
    }

    /** Commands of this type fail with {@code failure} from now on. */
    public RecordingCommandGateway fail(Class<?> commandType, Exception failure) {
        answers.put(commandType, (payload, metaData) -> {
            throw failure;
        });
        return this;
    }

    /** The payloads of all commands sent, in order. */
    public List<Object> sent() {
        return bus.getDispatchedCommands().stream().<Object>map(CommandMessage::getPayload).toList();
    }

    /** The payloads of the commands of one type, in order. */
    public <C> List<C> sent(Class<C> commandType) {
        return sent().stream().filter(commandType::isInstance).map(commandType::cast).toList();
    }

    /** Forgets the commands sent so far (the answers stay). */
    public void clear() {
        bus.clearCommands();
    }

    /** A domain refusal as the local bus delivers it: {@code DomainErrorInterceptor} wraps it, code in the details. */
    public static CommandExecutionException onTheLocalBus(DomainException refusal) {
        return new CommandExecutionException(refusal.getMessage(), refusal, refusal.details());
    }

    /**
     * A domain refusal as Axon Server delivers it: the exception type is gone (only its description
     * travels), the details carry the code.
     */
    public static CommandExecutionException acrossAxonServer(DomainException refusal) {
        return new CommandExecutionException(refusal.getMessage(),
                new RemoteHandlingException(RemoteExceptionDescription.describing(refusal)), refusal.details());
    }
}
