package io.peerhub.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The client address a connection counts against")
class ClientAddressesTest {

    private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "fd00::1"));

    @Test
    void isTheSocketsAddressWhenThatIsNoTrustedProxy() throws Exception {
        assertThat(behindProxies.of(ip("192.0.2.1"), List.of("198.51.100.7"))).isEqualTo("192.0.2.1");
        assertThat(new ClientAddresses(List.of()).of(ip("127.0.0.1"), List.of("198.51.100.7"))).isEqualTo("127.0.0.1");
    }

    @Test
    void isTheRightMostUntrustedHopOfXForwardedForBehindATrustedProxy() throws Exception {
        // the client wrote "1.1.1.1" itself; the outer proxy appended what it saw, the inner one its peer
        assertThat(behindProxies.of(ip("10.0.0.5"), List.of("1.1.1.1, 198.51.100.7", "10.1.2.3"))).isEqualTo("198.51.100.7");
        assertThat(behindProxies.of(ip("fd00::1"), List.of("[2001:db8::5]"))).isEqualTo("2001:db8:0:0:0:0:0:0/64");
    }

    @Test
    void staysWithTheLastTrustedHopWhenTheHeaderIsMissingOrUnreadable() throws Exception {
        assertThat(behindProxies.of(ip("10.0.0.5"), List.of())).isEqualTo("10.0.0.5");
        assertThat(behindProxies.of(ip("10.0.0.5"), List.of("198.51.100.7, evil.example"))).isEqualTo("10.0.0.5");
        assertThat(behindProxies.of(ip("10.0.0.5"), List.of("300.1.1.1"))).isEqualTo("10.0.0.5");
    }

    @Test
    void countsIpv6ByItsSlash64AndMappedIpv4AsIpv4() throws Exception {
        ClientAddresses direct = new ClientAddresses(List.of());
        assertThat(direct.of(ip("2001:db8:1:2:aaaa::1"), null)).isEqualTo(direct.of(ip("2001:db8:1:2:bbbb::2"), null));
        assertThat(behindProxies.of(ip("10.0.0.5"), List.of("::ffff:198.51.100.7"))).isEqualTo("198.51.100.7");
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
