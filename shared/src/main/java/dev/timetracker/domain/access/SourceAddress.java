package dev.timetracker.domain.access;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key under which a client's login attempts are counted: an IPv4 address as it is, and an IPv6 address by
 * its /64 network, because one client commonly holds a whole /64 and could otherwise use a fresh address for
 * every guess (RFC 4291 section 2.5.1: interface identifiers are 64 bits; RFC 8981 has hosts pick new ones
 * at will).
 */
public final class SourceAddress {
    /** An IPv6 literal only: these characters never make InetAddress look a name up in DNS. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("^[0-9A-Fa-f:][0-9A-Fa-f:.]*$");
    /** API Gateway always sends the address; without one (never through API Gateway) attempts share one key. */
    private static final String UNKNOWN = "unknown";

    private static final int MAX_KEY_LENGTH = 64;

    private SourceAddress() {}

    public static String throttleKey(String sourceIp) {
        if (sourceIp == null || sourceIp.isBlank()) {
            return UNKNOWN;
        }
        String address = sourceIp.strip().toLowerCase(Locale.ROOT);
        if (address.indexOf(':') >= 0 && IPV6_LITERAL.matcher(address).matches()) {
            try {
                InetAddress parsed = InetAddress.getByName(address);
                if (parsed instanceof Inet6Address) {
                    return network64(parsed.getAddress());
                }
                return parsed.getHostAddress(); // an IPv4-mapped IPv6 address counts as the IPv4 address
            } catch (UnknownHostException malformed) {
                // Counted under the text as given, like any other unparsable address.
            }
        }
        return address.length() <= MAX_KEY_LENGTH ? address : address.substring(0, MAX_KEY_LENGTH);
    }

    /** The first four groups of an IPv6 address: "2001:db8:0:1::/64". */
    private static String network64(byte[] address) {
        StringBuilder network = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            int value = ((address[2 * group] & 0xff) << 8) | (address[2 * group + 1] & 0xff);
            network.append(Integer.toHexString(value)).append(':');
        }
        return network.append(":/64").toString();
    }
}
