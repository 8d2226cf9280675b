package dev.dbops.backup.restore;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The PostgreSQL server a JDBC URL points at, by resolved address and port: {@code localhost},
 * {@code 127.0.0.1}, {@code ::1} and this machine's own addresses are one server, and two host names
 * that resolve to a shared address are one server. A host that does not resolve is compared by name.
 */
record ServerAddress(Set<String> addresses, int port) {

    private static final String THIS_MACHINE = "this machine";

    static ServerAddress of(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = uri.getHost() == null ? "localhost" : uri.getHost().replaceAll("^\\[|\\]$", "");
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        try {
            return new ServerAddress(Arrays.stream(InetAddress.getAllByName(host))
                    .map(ServerAddress::identity).collect(Collectors.toSet()), port);
        } catch (UnknownHostException e) {
            return new ServerAddress(Set.of(host.toLowerCase()), port);
        }
    }

    boolean sameServerAs(ServerAddress other) {
        return port == other.port && addresses.stream().anyMatch(other.addresses::contains);
    }

    private static String identity(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return THIS_MACHINE;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null ? THIS_MACHINE : address.getHostAddress();
        } catch (SocketException e) {
            return address.getHostAddress();
        }
    }
}
