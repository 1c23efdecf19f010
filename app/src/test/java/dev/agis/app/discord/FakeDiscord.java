package dev.agis.app.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Discord on loopback for the real JDA client: the REST API (the token check, {@code GET
 * /gateway/bot}, command registration, interaction callbacks and webhook edits, all recorded) and
 * a WebSocket gateway (HELLO, READY after IDENTIFY, heartbeat ACKs, and the INTERACTION_CREATE
 * dispatches a test sends). The WebSocket server is the small part of RFC 6455 JDA's client uses:
 * unfragmented text frames, masked from the client, close and ping.
 */
final class FakeDiscord implements AutoCloseable {

    static final String APPLICATION_ID = "700000000000000001";
    static final String TOKEN = "fake-bot-token";
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** A REST request as the fake received it; {@code path} is relative to the API base. */
    record Request(String method, String path, JsonNode body, long receivedNanos) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer http;
    private final ServerSocket gateway;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-discord");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong snowflakes = new AtomicLong(800_000_000_000_000_000L);
    private final AtomicInteger identifies = new AtomicInteger();

    FakeDiscord() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 200);
        http.createContext("/", this::rest);
        http.setExecutor(threads);
        http.start();
        gateway = new ServerSocket(0, 200, loopback);
        threads.execute(this::acceptGateway);
    }

    String apiBaseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/";
    }

    String gatewayUrl() {
        return "ws://127.0.0.1:" + gateway.getLocalPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int identifies() {
        return identifies.get();
    }

    boolean ready() {
        return sessions.stream().anyMatch(s -> s.ready);
    }

    /** Gateway sessions logged in now: more than one would mean two instances receive interactions. */
    long readySessions() {
        return sessions.stream().filter(s -> s.ready).count();
    }

    String snowflake() {
        return Long.toString(snowflakes.incrementAndGet());
    }

    // ---- REST ----

    private void rest(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().replaceFirst("^/api/v10/", "");
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : json.readTree(raw);
            String method = exchange.getRequestMethod();
            requests.add(new Request(method, path, body, System.nanoTime()));
            if (!("Bot " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization")) && !path.startsWith("webhooks/")
                    && !path.startsWith("interactions/")) {
                send(exchange, 401, "{\"message\":\"401: Unauthorized\",\"code\":0}");
            } else if (method.equals("GET") && path.equals("users/@me")) {
                send(exchange, 200, json.writeValueAsString(self()));
            } else if (method.equals("GET") && path.equals("gateway/bot")) {
                send(exchange, 200, "{\"url\":\"" + gatewayUrl() + "\",\"shards\":1,\"session_start_limit\":"
                        + "{\"total\":1000,\"remaining\":999,\"reset_after\":0,\"max_concurrency\":1}}");
            } else if (method.equals("PUT") && path.startsWith("applications/")) {
                send(exchange, 200, body == null ? "[]" : body.toString());
            } else if (method.equals("POST") && path.startsWith("interactions/")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (method.equals("DELETE") && path.startsWith("webhooks/")) {
                exchange.sendResponseHeaders(204, -1);
            } else if (path.startsWith("webhooks/")) {
                send(exchange, 200, json.writeValueAsString(message(body)));
            } else {
                send(exchange, 404, "{\"message\":\"404: Not Found\",\"code\":0}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private Map<String, Object> self() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", APPLICATION_ID);
        user.put("username", "agis");
        user.put("discriminator", "0000");
        user.put("global_name", "AGIS");
        user.put("avatar", null);
        user.put("bot", true);
        user.put("verified", true);
        user.put("mfa_enabled", false);
        user.put("flags", 0);
        return user;
    }

    private Map<String, Object> message(JsonNode body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", snowflake());
        m.put("channel_id", "600000000000000001");
        m.put("type", 0);
        m.put("content", "");
        m.put("author", self());
        m.put("timestamp", "2026-01-01T00:00:00.000000+00:00");
        m.put("edited_timestamp", null);
        m.put("tts", false);
        m.put("mention_everyone", false);
        m.put("mentions", List.of());
        m.put("mention_roles", List.of());
        m.put("attachments", List.of());
        m.put("embeds", body != null && body.has("embeds") ? body.get("embeds") : List.of());
        m.put("components", List.of());
        m.put("pinned", false);
        m.put("flags", body != null && body.has("flags") ? body.get("flags").asInt() : 0);
        return m;
    }

    // ---- gateway ----

    /** Sends an interaction to every ready session (there is one: the gateway owner). */
    void dispatchInteraction(Map<String, Object> interaction) {
        for (Session s : sessions) {
            if (s.ready) {
                s.dispatch("INTERACTION_CREATE", interaction);
            }
        }
    }

    /** Drops every gateway connection, as a dead Discord edge or a network cut would. */
    void dropSessions() {
        sessions.forEach(Session::close);
    }

    private void acceptGateway() {
        while (!gateway.isClosed()) {
            try {
                Socket socket = gateway.accept();
                threads.execute(() -> new Session(socket).run());
            } catch (IOException e) {
                return;
            }
        }
    }

    private final class Session {
        private final Socket socket;
        private OutputStream out;
        private volatile boolean ready;
        private int sequence;

        Session(Socket socket) {
            this.socket = socket;
        }

        void run() {
            sessions.add(this);
            try (socket) {
                socket.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                out = socket.getOutputStream();
                handshake(in);
                sendJson(Map.of("op", 10, "d", Map.of("heartbeat_interval", 41250)));
                while (true) {
                    String text = readText(in);
                    if (text == null) {
                        return;
                    }
                    JsonNode message = json.readTree(text);
                    switch (message.get("op").asInt()) {
                        case 1 -> sendJson(Map.of("op", 11));
                        case 2 -> {
                            identifies.incrementAndGet();
                            Map<String, Object> readyData = new LinkedHashMap<>();
                            readyData.put("v", 10);
                            readyData.put("user", self());
                            readyData.put("guilds", List.of());
                            readyData.put("private_channels", List.of());
                            readyData.put("session_id", "fake-session-" + snowflake());
                            readyData.put("resume_gateway_url", gatewayUrl());
                            readyData.put("application", Map.of("id", APPLICATION_ID, "flags", 0));
                            readyData.put("shard", List.of(0, 1));
                            dispatch("READY", readyData);
                            ready = true;
                        }
                        default -> {
                        }
                    }
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                ready = false;
                sessions.remove(this);
            }
        }

        synchronized void dispatch(String type, Object data) {
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("op", 0);
            frame.put("t", type);
            frame.put("s", ++sequence);
            frame.put("d", data);
            sendJson(frame);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        private void handshake(DataInputStream in) throws IOException {
            String key = null;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                    key = line.substring(colon + 1).trim();
                }
            }
            String accept = Base64.getEncoder().encodeToString(sha1(key + WS_GUID));
            String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n";
            synchronized (this) {
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }

        private String readText(DataInputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return null;
                }
                int b1 = in.readUnsignedByte();
                int opcode = b0 & 0x0F;
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if (opcode == 8) {
                    writeFrame(0x88, payload);
                    return null;
                }
                if (opcode == 9) {
                    writeFrame(0x8A, payload);
                    continue;
                }
                if (opcode == 0x1 || opcode == 0x0) {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        return message.toString(StandardCharsets.UTF_8);
                    }
                }
            }
        }

        private void sendJson(Object value) {
            try {
                writeFrame(0x81, json.writeValueAsBytes(value));
            } catch (IOException e) {
                close();
            }
        }

        private synchronized void writeFrame(int first, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(first);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length <= 0xFFFF) {
                frame.write(126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(127);
                for (int i = 7; i >= 0; i--) {
                    frame.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- interactions a test sends ----

    /** A slash command from {@code user} in a guild text channel; {@code options} by Discord option type. */
    Map<String, Object> slashCommand(String interactionId, String user, String guild, boolean manageServer, String name,
                                     String subcommand, List<Map<String, Object>> options) {
        List<Map<String, Object>> top = subcommand == null ? options
                : List.of(Map.of("name", subcommand, "type", 1, "options", options));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", "500000000000000001");
        data.put("name", name);
        data.put("type", 1);
        data.put("options", top);
        return interaction(interactionId, 2, user, guild, manageServer, data);
    }

    Map<String, Object> buttonClick(String interactionId, String user, String guild, String customId) {
        Map<String, Object> interaction = interaction(interactionId, 3, user, guild, false,
                Map.of("custom_id", customId, "component_type", 2));
        interaction.put("message", message(null));
        return interaction;
    }

    static Map<String, Object> option(String name, int type, Object value) {
        return Map.of("name", name, "type", type, "value", value);
    }

    private Map<String, Object> interaction(String id, int type, String user, String guild, boolean manageServer,
                                            Map<String, Object> data) {
        String permissions = manageServer ? "32" : "0";
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", user);
        u.put("username", "player" + user.substring(user.length() - 4));
        u.put("discriminator", "0");
        u.put("global_name", null);
        u.put("avatar", null);
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("user", u);
        member.put("roles", List.of());
        member.put("joined_at", "2025-01-01T00:00:00.000000+00:00");
        member.put("nick", null);
        member.put("avatar", null);
        member.put("deaf", false);
        member.put("mute", false);
        member.put("pending", false);
        member.put("flags", 0);
        member.put("permissions", permissions);
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("id", "600000000000000001");
        channel.put("type", 0);
        channel.put("guild_id", guild);
        channel.put("name", "general");
        channel.put("position", 0);
        channel.put("permission_overwrites", List.of());
        channel.put("nsfw", false);
        channel.put("parent_id", null);
        channel.put("topic", null);
        channel.put("rate_limit_per_user", 0);
        channel.put("last_message_id", null);
        channel.put("flags", 0);
        channel.put("permissions", permissions);
        Map<String, Object> interaction = new LinkedHashMap<>();
        interaction.put("id", id);
        interaction.put("application_id", APPLICATION_ID);
        interaction.put("type", type);
        interaction.put("token", "token-" + id);
        interaction.put("version", 1);
        interaction.put("guild_id", guild);
        interaction.put("guild", Map.of("id", guild, "locale", "en-US", "features", List.of()));
        interaction.put("channel_id", "600000000000000001");
        interaction.put("channel", channel);
        interaction.put("member", member);
        interaction.put("app_permissions", "2048");
        interaction.put("locale", "en-US");
        interaction.put("guild_locale", "en-US");
        interaction.put("entitlements", List.of());
        interaction.put("authorizing_integration_owners", Map.of("0", guild));
        interaction.put("context", 0);
        interaction.put("data", data);
        return interaction;
    }

    /** The callbacks and webhook calls made for one interaction, in order. */
    List<Request> answersTo(String interactionId) {
        List<Request> answers = new ArrayList<>();
        for (Request r : requests) {
            if (r.path().startsWith("interactions/" + interactionId + "/") || r.path().contains("/token-" + interactionId)) {
                answers.add(r);
            }
        }
        return answers;
    }

    @Override
    public void close() throws IOException {
        dropSessions();
        gateway.close();
        http.stop(0);
        threads.shutdownNow();
    }
}
