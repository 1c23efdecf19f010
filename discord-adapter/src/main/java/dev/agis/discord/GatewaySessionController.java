package dev.agis.discord;

import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks the configured REST API for the gateway ({@code GET /gateway/bot}, as Discord recommends)
 * instead of JDA's built-in address, so the REST base URL alone decides which Discord AGIS talks
 * to (the real one, or a fake one on loopback in tests).
 */
class GatewaySessionController extends ConcurrentSessionController {

    private final HttpClient http;
    private final String apiBase;
    private final String token;

    GatewaySessionController(HttpClient http, String apiBase, String token) {
        this.http = http;
        this.apiBase = apiBase;
        this.token = token;
    }

    @Override
    public String getGateway() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + "gateway/bot"))
                .header("Authorization", "Bot " + token)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET gateway/bot answered " + response.statusCode());
            }
            return DataObject.fromJson(response.body()).getString("url");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask Discord for its gateway", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking Discord for its gateway", e);
        }
    }
}
