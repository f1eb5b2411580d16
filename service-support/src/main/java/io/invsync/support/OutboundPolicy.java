package io.invsync.support;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.invsync.events.InvalidFieldException;

/**
 * Where invsync may call out to (a WMS {@code url}, a cart {@code baseUrl}): {@code https} hosts on the public
 * internet only. Refused: loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local
 * (169.254/16, fe80::/10, which holds the clouds' metadata service 169.254.169.254), unspecified, multicast and
 * reserved addresses, and names that lead inside ({@code localhost}, {@code *.localhost}, {@code *.local},
 * {@code *.internal} such as {@code metadata.google.internal}, names without a dot, which the resolver completes
 * with the local search domains). A URL with user info is refused: its {@code user@} part would send a credential
 * nobody reviewed, and {@code https://trusted@evil} is a classic way to make a URL read as another host.
 *
 * <p>Hosts matching {@code invsync.outbound.allow} (INVSYNC_OUTBOUND_ALLOW: comma-separated patterns, {@code *}
 * for any run of characters, e.g. {@code localhost,127.0.0.1,*.staging.example.com}) are exempt, and may also
 * use {@code http}: that is how the local stack and the tests reach their simulators.
 *
 * <p>Settings are judged twice. {@link #checkSetting} when they are saved, without any DNS lookup (which could
 * hang a request): literal addresses in every spelling Java's resolver accepts, and the reserved names, are judged
 * as written. {@link #checkCall} before each outbound request: the host is resolved and refused if any of its
 * addresses is blocked, so a public name that points inside is caught too.
 */
public final class OutboundPolicy {

    /** The property (and, relaxed, the environment variable INVSYNC_OUTBOUND_ALLOW) naming the exempt hosts. */
    public static final String ALLOW_PROPERTY = "invsync.outbound.allow";

    private static final Set<String> INSIDE_NAMES = Set.of("localhost", "metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");
    private static final List<String> INSIDE_SUFFIXES = List.of(".localhost", ".local", ".internal", ".home.arpa",
            ".localdomain");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    /** A last label that no top-level domain has: digits only, or 0x…: the host is a numeric address. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    /** Looks a host name up: the system resolver, or a fixed answer in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<Pattern> allowed;
    private final String allowText;
    private final Resolver resolver;

    public OutboundPolicy(String allow) {
        this(allow, InetAddress::getAllByName);
    }

    OutboundPolicy(String allow, Resolver resolver) {
        this.resolver = resolver;
        this.allowText = allow == null ? "" : allow.strip();
        this.allowed = Arrays.stream(allowText.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> normalise(p)).map(OutboundPolicy::glob).toList();
    }

    /** A policy exempting the given hosts (comma-separated patterns). */
    public static OutboundPolicy allowing(String patterns) {
        return new OutboundPolicy(patterns);
    }

    /** Refused at call time: the message names the host and the fault, never a header. */
    public static final class RefusedException extends IllegalStateException {

        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Refuses a URL being saved in settings field {@code field} with {@link InvalidFieldException} (400 naming the
     * field); connects to nothing and looks nothing up. A null or blank URL is left to the caller's own rules.
     */
    public void checkSetting(String field, String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        judgeWithoutLookup(url).ifPresent(fault -> {
            throw new InvalidFieldException(field, fault);
        });
    }

    /**
     * Refuses an outbound request to {@code uri} with {@link RefusedException}: the judgement of
     * {@link #checkSetting} (settings saved under an older policy are caught here), then, for a name, every
     * address it resolves to now.
     *
     * <p>DNS rebinding remains possible: the HTTP client resolves the name again when it connects, and a name
     * whose answer changes between this check and that connect would slip through. The window is bounded: it is
     * the time between this check and the connect (milliseconds, the request follows at once), the JVM caches a
     * successful lookup for 30 s by default (networkaddress.cache.ttl), so the connect normally reuses the very
     * answer checked here, and every following request is checked again. Java 17 has no resolver hook to pin the
     * checked address; an egress proxy or firewall is the complete answer.
     */
    public void checkCall(URI uri) {
        Optional<String> fault = judgeWithoutLookup(uri.toString());
        if (fault.isPresent()) {
            throw new RefusedException("the call to " + safeHost(uri) + " is refused: " + fault.get());
        }
        String host = normalise(uri.getHost());
        if (isAllowed(host) || literal(host).isPresent()) {
            return; // allowed, or an address already judged as written
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedException("the call to " + host + " is refused: the name does not resolve");
        }
        for (InetAddress address : addresses) {
            blocked(address).ifPresent(why -> {
                throw new RefusedException("the call to " + host + " is refused: it resolves to "
                        + address.getHostAddress() + ", " + why + " (allow it with INVSYNC_OUTBOUND_ALLOW if intended)");
            });
        }
    }

    /** Whether a host is exempt (matches {@code invsync.outbound.allow}). */
    public boolean isAllowed(String host) {
        String normalised = normalise(host);
        return allowed.stream().anyMatch(p -> p.matcher(normalised).matches());
    }

    @Override
    public String toString() {
        return "OutboundPolicy[allow=" + allowText + "]";
    }

    /** Why {@code url} may not be called, judged from its text alone; empty when it may. */
    Optional<String> judgeWithoutLookup(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an https URL, is '" + (scheme.isEmpty() ? "(no scheme)" : scheme) + ":'");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain user info (user@ or user:password@ before the host)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("has no valid host name");
        }
        String host = normalise(uri.getHost());
        if (isAllowed(host)) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("must use https (http only for hosts allowed by INVSYNC_OUTBOUND_ALLOW)");
        }
        Optional<InetAddress> literal;
        try {
            literal = literal(host);
        } catch (IllegalArgumentException e) {
            return Optional.of("host " + host + " " + e.getMessage());
        }
        if (literal.isPresent()) {
            return blocked(literal.get()).map(why -> "host " + host + " is " + why
                    + " (allow it with INVSYNC_OUTBOUND_ALLOW if intended)");
        }
        if (INSIDE_NAMES.contains(host) || INSIDE_SUFFIXES.stream().anyMatch(host::endsWith)) {
            return Optional.of("host " + host + " is a local or metadata name");
        }
        if (!host.contains(".")) {
            return Optional.of("host " + host + " has no domain (a name without a dot resolves through the local "
                    + "search domains)");
        }
        return Optional.empty();
    }

    /**
     * The address a host names literally, without a lookup: an IPv6 literal, or an IPv4 one in any of the forms
     * Java's resolver takes as an address (1 to 4 decimal parts: {@code 127.0.0.1}, {@code 127.1},
     * {@code 2130706433}). Hex and zero-led parts, which other software reads as hex and octal, are refused as
     * ambiguous. Empty for a name.
     */
    static Optional<InetAddress> literal(String host) {
        if (host.contains(":")) {
            String address = host.indexOf('%') < 0 ? host : host.substring(0, host.indexOf('%'));
            try {
                return Optional.of(InetAddress.getByName(address)); // a literal with ':' is never looked up
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("is not a valid IPv6 address");
            }
        }
        String[] labels = host.split("\\.", -1);
        if (!NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty(); // ends in a name: a domain name
        }
        if (labels.length > 4) {
            throw new IllegalArgumentException("is not a valid IPv4 address");
        }
        long[] parts = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (!DECIMAL.matcher(label).matches() || label.length() > 1 && label.startsWith("0")) {
                throw new IllegalArgumentException("is an ambiguous numeric address (hex or zero-led parts); "
                        + "write it as four decimal parts");
            }
            if (label.length() > 10) {
                throw new IllegalArgumentException("is not a valid IPv4 address");
            }
            parts[i] = Long.parseLong(label);
        }
        // inet_aton: the last part fills the remaining bytes (127.1 = 127.0.0.1, 2130706433 = 127.0.0.1)
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i] > 255) {
                throw new IllegalArgumentException("is not a valid IPv4 address");
            }
            value |= parts[i] << (8 * (3 - i));
        }
        long last = parts[parts.length - 1];
        if (last >= 1L << (8 * (4 - (parts.length - 1)))) {
            throw new IllegalArgumentException("is not a valid IPv4 address");
        }
        value |= last;
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** Why an address is not one invsync may call; empty for a public unicast address. */
    static Optional<String> blocked(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address (where cloud metadata services answer)");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("a 'this network' address (0.0.0.0/8)");
            }
            if (first == 100 && (second & 0xc0) == 64) {
                return Optional.of("a shared (carrier-grade NAT) address (100.64.0.0/10)");
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return Optional.of("a protocol-assignment address (192.0.0.0/24)");
            }
            if (first == 198 && (second & 0xfe) == 18) {
                return Optional.of("a benchmarking address (198.18.0.0/15)");
            }
            if (first >= 240) {
                return Optional.of("a reserved or broadcast address (240.0.0.0/4)");
            }
            return Optional.empty();
        }
        if (address instanceof Inet6Address v6) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a unique-local (private) address (fc00::/7, which holds fd00:ec2::254)");
            }
            // addresses that carry an IPv4 address: judge that one too
            if (v6.isIPv4CompatibleAddress() || isPrefix(b, 0x00, 0x64, 0xff, 0x9b)) {
                return blocked(v4(b, 12)).map(why -> "an IPv6 form of " + why);
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return blocked(v4(b, 2)).map(why -> "a 6to4 form of " + why);
            }
        }
        return Optional.empty();
    }

    private static boolean isPrefix(byte[] b, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b, int from) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, from, from + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalise(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "localhost." is localhost
        }
        return h;
    }

    private static String safeHost(URI uri) {
        return uri.getHost() == null ? "(no host)" : normalise(uri.getHost());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
