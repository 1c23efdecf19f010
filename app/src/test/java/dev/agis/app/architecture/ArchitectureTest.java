package dev.agis.app.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules of DESIGN.md and docs/architecture.md, checked on every build: a class that
 * breaks one fails {@code ./mvnw verify} with the offending dependency named.
 */
class ArchitectureTest {

    static final String DOMAIN = "dev.agis.domain..";
    static final String COMMAND_SIDE = "dev.agis.command..";
    static final String PROJECTIONS = "dev.agis.projections..";
    static final String QUERY_SIDE = "dev.agis.query..";
    static final String HTTP = "dev.agis.http..";
    static final String AGONES = "dev.agis.agones..";
    static final String DISCORD = "dev.agis.discord..";
    static final String CLI = "dev.agis.cli..";
    static final String PRIVACY = "dev.agis.privacy..";
    static final String APP = "dev.agis.app..";
    static final String[] ADAPTERS = {HTTP, AGONES, DISCORD};

    /**
     * Events released before the past-tense rule. Renaming a stored event changes its type name in
     * the event store, which needs an upcaster; these keep their names.
     */
    static final Set<String> RELEASED_EVENT_NAMES = Set.of("ServerRenewalDue", "ServerFundsLow");

    /** Past participles that do not end in -ed. */
    static final Set<String> IRREGULAR_PAST = Set.of("Sent", "Paid", "Lost", "Held", "Run", "Begun", "Made", "Taken",
            "Written", "Spent", "Won", "Built", "Given", "Done", "Withdrawn");

    static JavaClasses ours;

    @BeforeAll
    static void importOurClasses() {
        ours = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.agis");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : new String[]{"dev.agis.domain", "dev.agis.command", "dev.agis.projections", "dev.agis.query",
                "dev.agis.http", "dev.agis.agones", "dev.agis.discord", "dev.agis.privacy", "dev.agis.cli", "dev.agis.app"}) {
            assertThat(ours.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
    }

    @Test
    void theDomainDependsOnNothingOfOurs() {
        check(noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND_SIDE, PROJECTIONS, QUERY_SIDE, HTTP, AGONES,
                        DISCORD, PRIVACY, CLI, APP));
    }

    @Test
    void theCoreModulesDependOnlyOnTheDomain() {
        check(noClasses().that().resideInAPackage(COMMAND_SIDE)
                .should().dependOnClassesThat().resideInAnyPackage(PROJECTIONS, QUERY_SIDE, HTTP, AGONES, DISCORD, CLI, APP));
        check(noClasses().that().resideInAPackage(PROJECTIONS)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND_SIDE, QUERY_SIDE, HTTP, AGONES, DISCORD, CLI, APP));
        check(noClasses().that().resideInAPackage(QUERY_SIDE)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND_SIDE, PROJECTIONS, HTTP, AGONES, DISCORD, CLI, APP));
        // the serializer's personal-data encryption: below every other module, known only to the wiring
        check(noClasses().that().resideInAPackage(PRIVACY)
                .should().dependOnClassesThat().resideInAnyPackage(COMMAND_SIDE, PROJECTIONS, QUERY_SIDE, HTTP, AGONES, DISCORD, CLI, APP));
        check(noClasses().that().resideInAnyPackage(COMMAND_SIDE, PROJECTIONS, QUERY_SIDE)
                .should().dependOnClassesThat().resideInAPackage(PRIVACY));
    }

    @Test
    void adaptersTalkToTheCoreOnlyThroughMessages() {
        for (String adapter : ADAPTERS) {
            // an adapter module that does not exist yet has nothing to check
            check(noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(COMMAND_SIDE, PROJECTIONS, QUERY_SIDE, PRIVACY, CLI, APP)
                    .allowEmptyShould(true));
            for (String other : ADAPTERS) {
                if (!other.equals(adapter)) {
                    check(noClasses().that().resideInAPackage(adapter).should().dependOnClassesThat().resideInAPackage(other)
                            .allowEmptyShould(true));
                }
            }
        }
    }

    /**
     * Kubernetes is reached in two places only: the fleet (Agones) and the Discord gateway's Lease
     * ownership. Neither imports the other (adapters are independent), so each holds its own client.
     */
    @Test
    void onlyTheFleetAndTheGatewayLeaseTalkToKubernetes() {
        check(noClasses().that().resideOutsideOfPackages(AGONES, "dev.agis.discord.ownership..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8.."));
    }

    /** The operator commands use the domain and, for replays, the projections; never an adapter or the wiring. */
    @Test
    void theCliNeverImportsAdaptersOrTheApplication() {
        check(noClasses().that().resideInAPackage(CLI)
                .should().dependOnClassesThat().resideInAnyPackage(HTTP, AGONES, DISCORD, COMMAND_SIDE, QUERY_SIDE, PRIVACY, APP));
    }

    @Test
    void onlyTheApplicationKnowsTheApplication() {
        check(noClasses().that().resideOutsideOfPackage(APP).should().dependOnClassesThat().resideInAPackage(APP));
    }

    @Test
    void messagesAreRecords() {
        check(classes().that().resideInAPackage(DOMAIN).and(areNestedIn("Commands", "Events", "Queries", "Query"))
                .and().areNotInterfaces().and().areNotEnums()
                .should().beRecords());
    }

    /** What a command, event or query handler takes is a message of the shared language. */
    @Test
    void handlersTakeDomainMessages() {
        check(methods().that().areAnnotatedWith(CommandHandler.class).or().areAnnotatedWith(EventHandler.class)
                .or().areAnnotatedWith(EventSourcingHandler.class).or().areAnnotatedWith(QueryHandler.class)
                .should(takeADomainRecordFirst()));
    }

    /**
     * A deadline payload is stored by class name in the persistent timer's task data: two payloads
     * with one simple name are easily confused, and a rename needs an alias in the serializer.
     */
    @Test
    void deadlinePayloadsAreRecordsWithDistinctNames() {
        check(methods().that().areAnnotatedWith(DeadlineHandler.class).should(takeARecordFirst()));
        Map<String, List<String>> byName = ours.stream()
                .flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isAnnotatedWith(DeadlineHandler.class) && !m.getRawParameterTypes().isEmpty())
                .map(m -> m.getRawParameterTypes().get(0))
                .distinct()
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, Collectors.mapping(JavaClass::getName, Collectors.toList())));
        assertThat(byName).as("deadline payloads by simple name").allSatisfy((name, classes) -> assertThat(classes).hasSize(1));
        assertThat(byName).isNotEmpty();
    }

    @Test
    void eventsArePastTense() {
        check(classes().that().resideInAPackage(DOMAIN).and(areNestedIn("Events")).and().areRecords().should(bePastTense()));
    }

    /** Configuration is bound to validated {@code @ConfigurationProperties} records, never injected value by value. */
    @Test
    void noValueInjection() {
        check(classes().should(notUseValueInjection()));
    }

    private static void check(ArchRule rule) {
        rule.check(ours);
    }

    private static DescribedPredicate<JavaClass> areNestedIn(String... holderSuffixes) {
        return DescribedPredicate.describe("are nested in a message holder (*" + String.join(", *", holderSuffixes) + ")",
                c -> c.getEnclosingClass().map(e -> {
                    for (String suffix : holderSuffixes) {
                        if (e.getSimpleName().endsWith(suffix)) {
                            return true;
                        }
                    }
                    return false;
                }).orElse(false));
    }

    private static final Pattern WORD = Pattern.compile("[A-Z][a-z0-9]*");

    private static ArchCondition<JavaClass> bePastTense() {
        return new ArchCondition<>("be named in the past tense (e.g. AccountCredited, TransferSent)") {
            @Override
            public void check(JavaClass event, ConditionEvents events) {
                String name = event.getSimpleName();
                // the subject comes first, the verb after it, perhaps qualified: ConversionRecordedAfterReversal
                boolean past = RELEASED_EVENT_NAMES.contains(name) || WORD.matcher(name).results().map(MatchResult::group)
                        .skip(1).anyMatch(w -> w.endsWith("ed") || IRREGULAR_PAST.contains(w));
                events.add(new SimpleConditionEvent(event, past, event.getName() + " is " + (past ? "" : "not ") + "past tense"));
            }
        };
    }

    private static ArchCondition<JavaMethod> takeADomainRecordFirst() {
        return new ArchCondition<>("take a record (or a sealed family of records) of dev.agis.domain as first parameter") {
            @Override
            public void check(JavaMethod handler, ConditionEvents events) {
                JavaClass message = handler.getRawParameterTypes().isEmpty() ? null : handler.getRawParameterTypes().get(0);
                boolean ok = message != null && message.getPackageName().startsWith("dev.agis.domain")
                        && (message.isRecord() || message.isInterface());
                events.add(new SimpleConditionEvent(handler, ok, handler.getFullName()
                        + (ok ? " takes " : " does not take a domain message but ") + (message == null ? "nothing" : message.getName())));
            }
        };
    }

    private static ArchCondition<JavaMethod> takeARecordFirst() {
        return new ArchCondition<>("take a record as first parameter") {
            @Override
            public void check(JavaMethod handler, ConditionEvents events) {
                boolean ok = !handler.getRawParameterTypes().isEmpty() && handler.getRawParameterTypes().get(0).isRecord();
                events.add(new SimpleConditionEvent(handler, ok, handler.getFullName() + (ok ? " takes" : " does not take") + " a record"));
            }
        };
    }

    private static ArchCondition<JavaClass> notUseValueInjection() {
        return new ArchCondition<>("not inject configuration with @Value") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaField f : c.getFields()) {
                    if (f.isAnnotatedWith(Value.class)) {
                        events.add(SimpleConditionEvent.violated(c, f.getFullName() + " is annotated with @Value"));
                    }
                }
                for (JavaCodeUnit unit : c.getCodeUnits()) {
                    boolean injected = unit.isAnnotatedWith(Value.class)
                            || unit.getParameters().stream().anyMatch(p -> p.isAnnotatedWith(Value.class));
                    if (injected) {
                        events.add(SimpleConditionEvent.violated(c, unit.getFullName() + " injects a @Value"));
                    }
                }
            }
        };
    }
}
