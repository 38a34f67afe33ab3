package dev.timetracker.domain.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SourceAddressTest {

    @Test
    void anIpv4AddressIsCountedAsItIs() {
        assertEquals("203.0.113.7", SourceAddress.throttleKey("203.0.113.7"));
        assertNotEquals(SourceAddress.throttleKey("203.0.113.7"), SourceAddress.throttleKey("203.0.113.8"));
    }

    @Test
    void anIpv6AddressIsCountedByItsSlash64NetworkHoweverItIsWritten() {
        String key = SourceAddress.throttleKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
        assertEquals("2001:db8:1:2::/64", key);
        assertEquals(key, SourceAddress.throttleKey("2001:DB8:1:2::1"), "another host of the same network, upper case");
        assertEquals(key, SourceAddress.throttleKey("2001:0db8:0001:0002:0000:0000:0000:0001"), "written in full");
        assertEquals("2001:db8:0:0::/64", SourceAddress.throttleKey("2001:db8::1"), "compressed zeros");
        assertNotEquals(key, SourceAddress.throttleKey("2001:db8:1:3::1"), "the next network is another client");
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsTheIpv4Address() {
        assertEquals("192.0.2.1", SourceAddress.throttleKey("::ffff:192.0.2.1"));
    }

    @Test
    void noAddressAndUnparsableOnesStillGetAKeyOfBoundedLength() {
        assertEquals("unknown", SourceAddress.throttleKey(null));
        assertEquals("unknown", SourceAddress.throttleKey(" "));
        assertEquals("not-an-address", SourceAddress.throttleKey("not-an-address"));
        assertEquals("1:2:3", SourceAddress.throttleKey("1:2:3"), "malformed IPv6 text, never a DNS lookup");
        assertEquals(64, SourceAddress.throttleKey("x".repeat(5000)).length());
    }
}
