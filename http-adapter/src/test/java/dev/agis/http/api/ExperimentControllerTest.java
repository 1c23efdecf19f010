package dev.agis.http.api;

import dev.agis.domain.common.Actor;
import dev.agis.domain.common.DomainException;
import dev.agis.domain.common.PlayerId;
import dev.agis.domain.experiment.ExperimentCommands.ChangeTrafficAllocation;
import dev.agis.domain.experiment.ExperimentCommands.CreateExperiment;
import dev.agis.domain.experiment.ExperimentCommands.StartExperiment;
import dev.agis.domain.experiment.ExperimentError;
import dev.agis.domain.experiment.ExperimentKey;
import dev.agis.domain.experiment.ExperimentMetric;
import dev.agis.domain.experiment.ExperimentQueries.ExperimentView;
import dev.agis.domain.experiment.ExperimentQueries.FindAssignment;
import dev.agis.domain.experiment.ExperimentQueries.FindExperiment;
import dev.agis.domain.experiment.ExperimentQueries.PlayerAssignment;
import dev.agis.domain.experiment.ExperimentStatus;
import dev.agis.domain.experiment.Variant;
import dev.agis.domain.experiment.VariantSpec;
import dev.agis.http.support.ApiExceptionHandler;
import dev.agis.domain.apikey.ApiKeyId;
import dev.agis.domain.apikey.ApiScope;
import dev.agis.http.security.ApiKeyAuthentication;
import dev.agis.http.security.ApiKeyPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.method.annotation.AuthenticationPrincipalArgumentResolver;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The admin endpoints with an authenticated admin key: what they send to the core (who may call
 * them — 401, 403 — is the security filter chain's job, tested against the real app in {@code ApiKeyFlowIT}).
 */
class ExperimentControllerTest {

    private static final ExperimentKey KEY = ExperimentKey.of("reward-boost");
    private static final String CREATE = """
            {"key": "reward-boost", "description": "1.5x", "controlVariant": "control", "trafficPercent": 50,
             "primaryMetric": "GC_PER_PLAYER",
             "variants": [{"name": "control", "weight": 1, "config": {"reward.multiplier": 1}},
                          {"name": "boost", "weight": 1, "config": {"reward.multiplier": 1.5}}]}""";

    private static final ApiKeyId ADMIN_KEY = ApiKeyId.of("apikey:00000000-0000-0000-0000-00000000000a");
    private static final Actor ADMIN = ADMIN_KEY.actor();

    private CommandGateway commands;
    private QueryGateway queries;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        commands = mock(CommandGateway.class);
        queries = mock(QueryGateway.class);
        ExperimentView view = new ExperimentView(KEY, "1.5x", null, ExperimentStatus.DRAFT,
                List.of(new Variant("control", 1, "{}", BigDecimal.ONE), new Variant("boost", 1, "{}", new BigDecimal("1.5"))),
                "control", 50, ExperimentMetric.GC_PER_PLAYER, 0.05, true, Instant.EPOCH, null, null, null);
        when(queries.query(any(FindExperiment.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(view));
        // what the API key filter leaves for the handler after authenticating an admin key
        SecurityContextHolder.getContext().setAuthentication(
                new ApiKeyAuthentication(new ApiKeyPrincipal(ADMIN_KEY, PlayerId.of("1234"), Set.of(ApiScope.ADMIN))));
    }

    @AfterEach
    void clearAuthentication() {
        SecurityContextHolder.clearContext();
    }

    private MockMvc mvc() {
        return MockMvcBuilders.standaloneSetup(new ExperimentController(queries, commands))
                .setCustomArgumentResolvers(new AuthenticationPrincipalArgumentResolver())
                .setControllerAdvice(new ApiExceptionHandler())
                .build();
    }

    @Test
    void createSendsTheCommandWithTheKeyAsActor() throws Exception {
        mvc().perform(post("/api/v1/experiments")
                        .contentType(MediaType.APPLICATION_JSON).content(CREATE))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.key").value("reward-boost"));
        ArgumentCaptor<CreateExperiment> sent = ArgumentCaptor.forClass(CreateExperiment.class);
        verify(commands).sendAndWait(sent.capture());
        CreateExperiment cmd = sent.getValue();
        assertThat(cmd.key()).isEqualTo(KEY);
        assertThat(cmd.actor()).isEqualTo(ADMIN);
        assertThat(cmd.trafficPercent()).isEqualTo(50);
        assertThat(cmd.variants()).containsExactly(new VariantSpec("control", 1, "{\"reward.multiplier\":1}"),
                new VariantSpec("boost", 1, "{\"reward.multiplier\":1.5}"));
    }

    @Test
    void domainErrorsKeepTheirCodeAndStatus() throws Exception {
        when(commands.sendAndWait(any(StartExperiment.class)))
                .thenThrow(new DomainException(ExperimentError.WRONG_STATUS, "cannot start experiment 'reward-boost' in status COMPLETED"));
        mvc().perform(post("/api/v1/experiments/reward-boost/start"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("WRONG_STATUS"));
    }

    @Test
    void trafficNeedsAValueAndBadBodiesAreClear() throws Exception {
        mvc().perform(put("/api/v1/experiments/reward-boost/traffic")
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_ARGUMENT"));
        mvc().perform(post("/api/v1/experiments")
                        .contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_ARGUMENT"));
        verify(commands, never()).sendAndWait(any());
        mvc().perform(put("/api/v1/experiments/reward-boost/traffic")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"trafficPercent\": 80}"))
                .andExpect(status().isOk());
        verify(commands).sendAndWait(new ChangeTrafficAllocation(KEY, 80, ADMIN));
    }

    @Test
    @SuppressWarnings("unchecked")
    void assignmentsAnswerForAWellFormedPlayerOnly() throws Exception {
        PlayerAssignment answer = new PlayerAssignment(KEY, PlayerId.of("123"), ExperimentStatus.RUNNING, "boost", 0.75);
        when(queries.query(any(FindAssignment.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(answer));
        MvcResult pending = mvc().perform(get("/api/v1/experiments/reward-boost/assignments/123"))
                .andExpect(request().asyncStarted()).andReturn();
        mvc().perform(asyncDispatch(pending))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.playerId").value("123"));
        verify(queries).query(eq(new FindAssignment(KEY, PlayerId.of("123"))), any(ResponseType.class));

        mvc().perform(get("/api/v1/experiments/reward-boost/assignments/bad.id"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_PLAYER"));
        verify(queries, times(1)).query(any(FindAssignment.class), any(ResponseType.class)); // the malformed id sent nothing
    }
}
