package dev.agis.app.apikey;

import dev.agis.domain.apikey.ApiKeyCommands.CreateApiKey;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiKeySecret;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.domain.common.Actor;
import dev.agis.domain.common.PlayerId;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.EnumSet;
import java.util.List;

/**
 * Real API keys for integration tests, created the way the operator's command line creates them
 * (a {@code CreateApiKey} command with the operator as actor). A key works as soon as the command
 * returns: the lookup is written in the command's transaction.
 */
public final class TestApiKeys {

    /** High enough that no flow test meets its rate limit by accident. */
    public static final int GENEROUS_RATE = 100_000;

    private TestApiKeys() {
    }

    /** A key of {@code owner} with these scopes and rate; answers the plain key. */
    public static String create(CommandGateway commands, String owner, int requestsPerMinute, ApiScope... scopes) {
        String key = ApiKeySecret.generate();
        commands.sendAndWait(new CreateApiKey(ApiKeyId.newId(), "test key", PlayerId.of(owner), EnumSet.copyOf(List.of(scopes)),
                ApiKeySecret.hash(key), requestsPerMinute, null, null, Actor.operator("test")));
        return key;
    }

    /** A key of {@code owner} that may read and change servers and schedules and read stats. */
    public static String player(CommandGateway commands, String owner) {
        return create(commands, owner, GENEROUS_RATE, ApiScope.READ_SERVERS, ApiScope.WRITE_SERVERS, ApiScope.READ_STATS);
    }
}
