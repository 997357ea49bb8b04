#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The name under which a client's budget of introspections is kept: its IPv4 address, or the /64 prefix of its IPv6
/// address. One IPv6 host usually holds a whole /64 (RFC 4291 §2.5.1, SLAAC), so counting single IPv6 addresses would
/// give an attacker 2^64 fresh budgets. An IPv4-mapped IPv6 address counts as its IPv4 address. Text that is no IP
/// address (a framework's placeholder) is kept as it is, so it still names one client.
struct ClientKey: Hashable, Sendable {
    let text: String

    init(_ address: String) {
        if let bytes = IPAddress.bytes(of: address), bytes.count == 16 {
            if bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                text = bytes[12...].map(String.init).joined(separator: ".")
            } else {
                text = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                    .joined(separator: ":") + "::/64"
            }
        } else {
            text = address
        }
    }
}

/// IP addresses in text, as bytes: 4 for IPv4, 16 for IPv6 (`inet_pton(3)`); nil for anything else.
enum IPAddress {
    static func bytes(of text: String) -> [UInt8]? {
        var address = [UInt8](repeating: 0, count: 16)
        if text.contains(":") {
            return inet_pton(AF_INET6, text, &address) == 1 ? address : nil
        }
        return inet_pton(AF_INET, text, &address) == 1 ? Array(address.prefix(4)) : nil
    }
}
