package dev.agis.http.security;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bench's security-off switch is refused unless the server listens on loopback only. */
class BenchBaselineSecurityTest {

    @Test
    void loopbackAddressesAreAccepted() throws Exception {
        assertThatCode(() -> BenchBaselineSecurity.requireLoopback(InetAddress.getByName("127.0.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> BenchBaselineSecurity.requireLoopback(InetAddress.getByName("::1"))).doesNotThrowAnyException();
    }

    @Test
    void everyInterfaceOrAnotherAddressIsRefused() throws Exception {
        assertThatThrownBy(() -> BenchBaselineSecurity.requireLoopback(null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("every interface");
        assertThatThrownBy(() -> BenchBaselineSecurity.requireLoopback(InetAddress.getByName("0.0.0.0")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BenchBaselineSecurity.requireLoopback(InetAddress.getByName("10.1.2.3")))
                .isInstanceOf(IllegalStateException.class);
    }
}
