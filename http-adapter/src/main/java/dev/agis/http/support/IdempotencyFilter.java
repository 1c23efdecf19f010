package dev.agis.http.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agis.domain.common.CommonError;
import dev.agis.http.security.ApiKeyPrincipal;
import dev.agis.http.security.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code Idempotency-Key} on {@code POST /api/v1/**}: the first request with a key runs and its
 * answer (status, body, Location) is stored per key owner; a retry with the same key and the same
 * request gets that answer back (with {@code Idempotency-Replayed: true}) and runs nothing, so it
 * pays once. The same key with a different request is 422 {@code IDEMPOTENCY_KEY_REUSED} (the
 * ledger's code for the same mistake); while the first still runs, 409.
 * Concurrent duplicates meet at the table's primary key: exactly one inserts the row and runs.
 * 5xx answers are not kept, so a retry after a failure runs again. Runs after Spring Security,
 * so only authenticated requests reach it, and the owner comes from the key.
 */
@Component
public class IdempotencyFilter extends OncePerRequestFilter {

    private final JdbcClient jdbc;
    private final IdempotencySettings settings;
    private final ProblemWriter problems;
    private final Clock clock;

    public IdempotencyFilter(JdbcClient jdbc, IdempotencySettings settings, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.problems = new ProblemWriter(json);
        this.clock = clock;
    }

    private record Stored(String fingerprint, Integer status, String contentType, String location, byte[] body) {
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(IdempotencyKeys.HEADER) == null
                || !request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof ApiKeyPrincipal caller)) {
            chain.doFilter(request, response); // a public route: nothing to scope the key by
            return;
        }
        String key = request.getHeader(IdempotencyKeys.HEADER);
        if (!IdempotencyKeys.isValid(key)) {
            problems.write(response, HttpStatus.BAD_REQUEST, IdempotencyKeys.Error.IDEMPOTENCY_KEY_INVALID.name(),
                    IdempotencyKeys.invalidMessage());
            return;
        }
        long max = settings.maxBody().toBytes();
        if (request.getContentLengthLong() > max) {
            problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the request body is larger than " + max + " bytes");
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) max + 1);
        if (body.length > max) {
            problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the request body is larger than " + max + " bytes");
            return;
        }
        String owner = caller.owner().value();
        String fingerprint = fingerprint(request, body);
        if (!claim(owner, key, fingerprint)) {
            answerFromStore(response, owner, key, fingerprint);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), recorded);
            if (recorded.getStatus() < 500 && !request.isAsyncStarted()) {
                jdbc.sql("""
                                UPDATE api_idempotency SET status = :status, content_type = :type, location = :location, body = :body
                                 WHERE owner_id = :owner AND idempotency_key = :key""")
                        .param("status", recorded.getStatus())
                        .param("type", recorded.getContentType())
                        .param("location", recorded.getHeader(HttpHeaders.LOCATION))
                        .param("body", recorded.getContentAsByteArray())
                        .param("owner", owner).param("key", key)
                        .update();
                stored = true;
            }
        } finally {
            if (!stored) {
                release(owner, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    /**
     * True when this request may run under the key: it inserted the row, or took over one that
     * expired or whose first request was abandoned. The primary key lets exactly one of
     * concurrent duplicates win.
     */
    private boolean claim(String owner, String key, String fingerprint) {
        Instant now = clock.instant();
        Timestamp expires = Timestamp.from(now.plus(settings.retention()));
        // keeps the table bounded by each owner's recent keys
        jdbc.sql("DELETE FROM api_idempotency WHERE owner_id = :owner AND expires_at < :now AND idempotency_key <> :key")
                .param("owner", owner).param("now", Timestamp.from(now)).param("key", key).update();
        int inserted = jdbc.sql("""
                        INSERT INTO api_idempotency (owner_id, idempotency_key, fingerprint, created_at, expires_at)
                        VALUES (:owner, :key, :fingerprint, :now, :expires)
                        ON CONFLICT (owner_id, idempotency_key) DO NOTHING""")
                .param("owner", owner).param("key", key).param("fingerprint", fingerprint)
                .param("now", Timestamp.from(now)).param("expires", expires)
                .update();
        if (inserted == 1) {
            return true;
        }
        return jdbc.sql("""
                        UPDATE api_idempotency
                           SET fingerprint = :fingerprint, status = NULL, content_type = NULL, location = NULL, body = NULL,
                               created_at = :now, expires_at = :expires
                         WHERE owner_id = :owner AND idempotency_key = :key
                           AND (expires_at < :now OR (status IS NULL AND created_at < :abandoned))""")
                .param("owner", owner).param("key", key).param("fingerprint", fingerprint)
                .param("now", Timestamp.from(now)).param("expires", expires)
                .param("abandoned", Timestamp.from(now.minus(settings.abandonedAfter())))
                .update() == 1;
    }

    private void release(String owner, String key) {
        jdbc.sql("DELETE FROM api_idempotency WHERE owner_id = :owner AND idempotency_key = :key AND status IS NULL")
                .param("owner", owner).param("key", key).update();
    }

    private void answerFromStore(HttpServletResponse response, String owner, String key, String fingerprint) throws IOException {
        Optional<Stored> row = jdbc.sql("""
                        SELECT fingerprint, status, content_type, location, body FROM api_idempotency
                         WHERE owner_id = :owner AND idempotency_key = :key""")
                .param("owner", owner).param("key", key)
                .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getBytes(5)))
                .optional();
        if (row.isEmpty()) {
            // the first request failed and let go of the key between our insert and this read
            inProgress(response);
            return;
        }
        Stored stored = row.get();
        if (!stored.fingerprint().equals(fingerprint)) {
            problems.write(response, HttpStatus.UNPROCESSABLE_ENTITY, CommonError.IDEMPOTENCY_KEY_REUSED.name(),
                    "this Idempotency-Key was used for a different request; use a new key for a new request");
            return;
        }
        if (stored.status() == null) {
            inProgress(response);
            return;
        }
        response.setStatus(stored.status());
        response.setHeader(IdempotencyKeys.REPLAYED_HEADER, "true");
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.body() != null) {
            response.getOutputStream().write(stored.body());
        }
    }

    private void inProgress(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        problems.write(response, HttpStatus.CONFLICT, IdempotencyKeys.Error.IDEMPOTENCY_REQUEST_IN_PROGRESS.name(),
                "the first request with this Idempotency-Key is still running; retry shortly to get its answer");
    }

    /** Method, path, query and body: what makes two requests "the same request". */
    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String query = request.getQueryString();
            sha.update((request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The request with its body read once up front (to fingerprint it), readable again by the handler. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
