package dev.dbops.alert.receiver.http;

import java.net.URI;

/**
 * How a receiver's URL may be shown in logs, errors and REST: never its user-info or query (passwords,
 * tokens), and for Slack not even its path, which is the webhook's secret.
 */
public final class ReceiverUrls {

    private static final String HIDDEN = "…";

    private ReceiverUrls() {
    }

    /** Scheme, host, port and path. */
    public static String shown(URI url) {
        return origin(url) + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Scheme, host and port only: the path is the secret. */
    public static String shownWithoutPath(URI url) {
        return origin(url) + "/" + HIDDEN;
    }

    /** {@code text} (an exception's message) with every secret part of {@code url} replaced. */
    public static String scrub(String text, URI url) {
        String scrubbed = text.replace(url.toString(), shownWithoutPath(url));
        for (String secret : new String[] {url.getRawUserInfo(), url.getUserInfo(), url.getRawQuery(),
                url.getRawPath()}) {
            if (secret != null && secret.length() > 1) {
                scrubbed = scrubbed.replace(secret, HIDDEN);
            }
        }
        return scrubbed;
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
