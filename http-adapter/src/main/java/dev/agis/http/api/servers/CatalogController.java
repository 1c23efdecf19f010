package dev.agis.http.api.servers;

import dev.agis.domain.account.AccountKind;
import dev.agis.domain.server.ServerPrice;
import dev.agis.domain.server.ServerQueries.FindServerTemplates;
import dev.agis.domain.server.ServerQueries.FindShopPackages;
import dev.agis.domain.server.ServerQueries.ServerTemplates;
import dev.agis.domain.server.ServerQueries.ShopPackages;
import dev.agis.domain.server.ServerTemplate;
import dev.agis.domain.server.ShopPackage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.concurrent.CompletableFuture;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Catalog")
public class CatalogController {

    private final QueryGateway queries;

    public CatalogController(QueryGateway queries) {
        this.queries = queries;
    }

    public record TemplateJson(String id, String game, String name, String size, String tier, String kind, String fleet,
                               String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit, Integer maxPlayers,
                               long costPerHour, long setupCost, boolean guildOnly, int graceMinutes,
                               int guildDiscountPercent, long guildCostPerHour, long guildSetupCost) {
        static TemplateJson of(ServerTemplate t) {
            ServerPrice guild = t.priceFor(AccountKind.GUILD);
            return new TemplateJson(t.id(), t.game(), t.name(), t.size(), t.tier(), t.kind(), t.fleet(), t.cpuRequest(),
                    t.memoryRequest(), t.cpuLimit(), t.memoryLimit(), t.maxPlayers(), t.costPerHour().value(),
                    t.setupCost().value(), t.guildOnly(), t.graceMinutes(), guild.discountPercent(), guild.perHour().value(),
                    guild.setup().value());
        }
    }

    @GetMapping("/templates")
    @Operation(summary = "Server templates",
            description = "Public read. kind=player: paid per hour from a wallet (guildOnly ones from a treasury); "
                    + "kind=guild: treasury-funded, setupCost charged once with the first hour. A guild treasury pays "
                    + "guildCostPerHour and guildSetupCost (guildDiscountPercent off). A running server its owner cannot pay "
                    + "for keeps running graceMinutes before it stops. Prices in GC (1000 GC = 1 USD).")
    public CompletableFuture<List<TemplateJson>> templates() {
        return queries.query(new FindServerTemplates(), ServerTemplates.class)
                .thenApply(t -> t.templates().stream().map(TemplateJson::of).toList());
    }

    @GetMapping("/shop")
    @Operation(summary = "GameCredits packages", description = "Public read-only catalog; 1 WTG coin = 1000 GC.")
    public CompletableFuture<List<ShopPackage>> shop() {
        return queries.query(new FindShopPackages(), ShopPackages.class).thenApply(ShopPackages::packages);
    }
}
