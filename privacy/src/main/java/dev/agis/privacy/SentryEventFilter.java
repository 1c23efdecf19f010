package dev.agis.privacy;

import dev.agis.domain.common.Failures;
import dev.agis.domain.conversion.AyetSignature;
import io.sentry.Breadcrumb;
import io.sentry.Hint;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.SentryOptions;
import io.sentry.protocol.Request;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The last word on what reaches Sentry. Sentry is for failures nobody expected: a domain error (a
 * rule said no, the caller got a clear answer) and a refused or malformed ayeT callback (logged as
 * a warning, counted in {@code agis_ad_fraud_attempts_total}) are not reported, whatever they
 * arrive wrapped in ({@link Failures} decides). What is reported carries no personal data beyond
 * what {@code send-default-pii: false} already keeps out: no query strings (ayeT's carry player ids),
 * no request bodies, cookies, addresses or signatures, no user, and no query strings in log
 * breadcrumbs.
 */
public class SentryEventFilter implements SentryOptions.BeforeSendCallback {

    /** Request headers that identify a person or carry a credential. */
    private static final Set<String> DROPPED_HEADERS = Set.of("authorization", "cookie", "set-cookie", "x-forwarded-for",
            "x-real-ip", "forwarded", AyetSignature.HEADER.toLowerCase(Locale.ROOT));

    /** name=value&name=value…: a query string inside a log message. */
    private static final Pattern QUERY = Pattern.compile("[\\w.\\-\\[\\]%]+=[^&\\s]*(&[\\w.\\-\\[\\]%]+=[^&\\s]*)+");

    @Override
    public SentryEvent execute(SentryEvent event, Hint hint) {
        if (isExpected(event)) {
            return null;
        }
        scrub(event);
        return event;
    }

    /** A domain error, an ayeT refusal, or a message below error level: not a failure to report. */
    static boolean isExpected(SentryEvent event) {
        Throwable failure = event.getThrowable();
        if (failure != null && (Failures.domainError(failure).isPresent() || Failures.isCausedBy(failure, AyetSignature.MalformedQueryException.class))) {
            return true;
        }
        SentryLevel level = event.getLevel();
        return failure == null && level != null && level.ordinal() < SentryLevel.ERROR.ordinal();
    }

    private static void scrub(SentryEvent event) {
        event.setUser(null);
        Request request = event.getRequest();
        if (request != null) {
            request.setQueryString(null);
            request.setData(null);
            request.setCookies(null);
            request.setEnvs(null);
            if (request.getHeaders() != null) {
                Map<String, String> headers = new LinkedHashMap<>();
                request.getHeaders().forEach((name, value) -> {
                    if (!DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                        headers.put(name, value);
                    }
                });
                request.setHeaders(headers);
            }
        }
        if (event.getBreadcrumbs() != null) {
            for (Breadcrumb crumb : event.getBreadcrumbs()) {
                if (crumb.getMessage() != null) {
                    crumb.setMessage(QUERY.matcher(crumb.getMessage()).replaceAll("[query removed]"));
                }
            }
        }
    }
}
