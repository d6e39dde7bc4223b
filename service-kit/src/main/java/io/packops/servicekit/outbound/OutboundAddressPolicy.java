package io.packops.servicekit.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a service may send a request to a URL that somebody else wrote (a team's webhook, a Slack hook, PagerDuty):
 * never to this machine, its network or the cloud's metadata service (SSRF). A URL is refused when its scheme is not
 * https (when {@code requireHttps}; http otherwise), when it carries userinfo ({@code https://good.com@127.0.0.1/} goes to
 * 127.0.0.1), or when its host is, or resolves to, a loopback, unspecified, link-local, private (RFC 1918, unique
 * local), shared (100.64/10), multicast or broadcast address, or a metadata name. Numeric hosts are read as the
 * C library reads them ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} are all 127.0.0.1), IPv6 forms that
 * embed an IPv4 address ({@code ::ffff:127.0.0.1}, NAT64, 6to4) by that address.
 *
 * <p>The allow-list is of exact {@code host:port} pairs (port as written, or the scheme's default): a URL whose host
 * and port are listed is allowed whatever its scheme and addresses, e.g. {@code localhost:18099} for the local fake
 * pager of {@code ./packops up}. Pure: no configuration read here ({@link OutboundPolicyProducer} builds the service's
 * one).
 */
public final class OutboundAddressPolicy {

    /** Names that are the metadata service or this machine whatever DNS says. */
    private static final Set<String> FORBIDDEN_NAMES = Set.of("localhost", "metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal", "kubernetes.default.svc");
    /** A host the C library would read as an IPv4 address: 1-4 parts, each decimal, octal (0…) or hex (0x…). */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}");

    /** How a host name becomes addresses (DNS in a service, a table in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * The verdict on a URL. {@code reason} (when refused or unresolved) is short and never contains the URL: it is
     * shown to operators and kept with deliveries, and the URL may be a secret.
     */
    public record Verdict(Kind kind, String reason) {
        public enum Kind { ALLOWED, REFUSED, UNRESOLVED }

        public boolean allowed() {
            return kind == Kind.ALLOWED;
        }

        static final Verdict OK = new Verdict(Kind.ALLOWED, null);

        static Verdict refused(String reason) {
            return new Verdict(Kind.REFUSED, reason);
        }
    }

    private final Set<String> allow;
    private final boolean requireHttps;

    /** {@code allow}: exact {@code host:port} pairs (case and a trailing dot of the host ignored). */
    public OutboundAddressPolicy(Collection<String> allow, boolean requireHttps) {
        Set<String> normalised = new LinkedHashSet<>();
        for (String entry : allow) {
            String e = entry == null ? "" : entry.strip().toLowerCase(Locale.ROOT);
            int colon = e.lastIndexOf(':');
            if (e.isEmpty()) {
                continue;
            }
            if (colon <= 0 || colon == e.length() - 1 || !e.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("packops.outbound.allow: entry '" + entry + "' is not host:port");
            }
            normalised.add(host(e.substring(0, colon)) + ":" + Integer.parseInt(e.substring(colon + 1)));
        }
        this.allow = Set.copyOf(normalised);
        this.requireHttps = requireHttps;
    }

    public boolean requireHttps() {
        return requireHttps;
    }

    /** True when the URL's host and port are an allow-listed pair (then nothing else is checked). */
    public boolean allowListed(String url) {
        try {
            Target t = target(url);
            return allow.contains(t.host + ":" + t.port);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Checks what the URL says (scheme, userinfo, a literal address or a forbidden name) without asking DNS. */
    public Verdict checkLiteral(String url) {
        Target t;
        try {
            t = target(url);
        } catch (IllegalArgumentException e) {
            return Verdict.refused(e.getMessage());
        }
        if (allow.contains(t.host + ":" + t.port)) {
            return Verdict.OK;
        }
        if (requireHttps && !t.scheme.equals("https")) {
            return Verdict.refused("not https");
        }
        return checkHost(t.host);
    }

    /**
     * Checks the URL and then every address its host resolves to (send time): refused when any is forbidden, so a
     * name that answers a public and a private address is refused too. A name that does not resolve is
     * {@code UNRESOLVED} (DNS may come back), not refused.
     */
    public Verdict checkResolved(String url, Resolver resolver) {
        Verdict literal = checkLiteral(url);
        if (!literal.allowed()) {
            return literal;
        }
        Target t = target(url);
        if (allow.contains(t.host + ":" + t.port) || literalAddress(t.host).isPresent()) {
            return Verdict.OK;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(t.host);
        } catch (UnknownHostException e) {
            return new Verdict(Verdict.Kind.UNRESOLVED, "host does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return new Verdict(Verdict.Kind.UNRESOLVED, "host does not resolve");
        }
        for (InetAddress a : addresses) {
            String why = forbidden(a);
            if (why != null) {
                return Verdict.refused("host resolves to a " + why + " address");
            }
        }
        return Verdict.OK;
    }

    /** Checks with the system resolver ({@link InetAddress#getAllByName}). */
    public Verdict checkResolved(String url) {
        return checkResolved(url, InetAddress::getAllByName);
    }

    private Verdict checkHost(String host) {
        if (FORBIDDEN_NAMES.contains(host) || host.endsWith(".localhost")) {
            return Verdict.refused("host is a local or metadata name");
        }
        Optional<InetAddress> address = literalAddress(host);
        if (address.isEmpty() && NUMERIC_HOST.matcher(host).matches()) {
            return Verdict.refused("host is a malformed numeric address");
        }
        String why = address.map(OutboundAddressPolicy::forbidden).orElse(null);
        return why == null ? Verdict.OK : Verdict.refused("host is a " + why + " address");
    }

    private record Target(String scheme, String host, int port) {
    }

    private static Target target(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no URL");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new IllegalArgumentException("URL carries userinfo");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("URL has no host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Target(scheme, host(uri.getHost()), port);
    }

    /** Lower case, without IPv6 brackets and trailing dots ({@code LOCALHOST.} is localhost). */
    static String host(String raw) {
        String h = raw.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** The address a host names literally (IPv6 or IPv4 in any inet_aton spelling), without asking DNS. */
    static Optional<InetAddress> literalAddress(String host) {
        try {
            if (host.contains(":")) {
                String h = host.replaceAll("%.*$", ""); // zone id
                if (!h.matches("[0-9a-f:.]+")) {
                    return Optional.empty();
                }
                return Optional.of(InetAddress.getByName(h)); // a literal: no lookup
            }
            if (!NUMERIC_HOST.matcher(host).matches()) {
                return Optional.empty();
            }
            return ipv4(host).map(bytes -> {
                try {
                    return InetAddress.getByAddress(bytes);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e); // four bytes are always an address
                }
            });
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** inet_aton: a, a.b (8.24 bits), a.b.c (8.8.16), a.b.c.d; each part decimal, octal or hex; empty when out of range. */
    static Optional<byte[]> ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (p.startsWith("0x") || p.startsWith("0X")) {
                    values[i] = p.length() == 2 ? 0 : p.length() > 10 ? -1 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    values[i] = p.length() > 12 || !p.chars().allMatch(c -> c >= '0' && c <= '7') ? -1 : Long.parseLong(p, 8);
                } else {
                    values[i] = p.isEmpty() || p.length() > 10 ? -1 : Long.parseLong(p);
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (values[i] < 0) {
                return Optional.empty();
            }
        }
        long last = values[values.length - 1];
        int lastBits = 8 * (5 - values.length);
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
        }
        if (last >= (1L << lastBits)) {
            return Optional.empty();
        }
        long address = last;
        for (int i = 0; i < values.length - 1; i++) {
            address |= values[i] << (24 - 8 * i);
        }
        return Optional.of(new byte[]{(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }

    /** Why an address may not be called (its kind), or null when it is a public address. */
    public static String forbidden(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return forbidden(embedded.get());
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "private (unique local)";
            }
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "private (shared 100.64/10)";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "private (benchmarking 198.18/15)";
            }
            if (first >= 240) {
                return "reserved";
            }
        }
        return null;
    }

    /** The IPv4 address inside IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses. */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) {
            zero80 &= b[i] == 0;
        }
        boolean mapped = zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zero80 && b[10] == 0 && b[11] == 0 && !(allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1));
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
        try {
            if (mapped || compatible || nat64) {
                return Optional.of(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return Optional.of(InetAddress.getByAddress(new byte[]{b[2], b[3], b[4], b[5]}));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
