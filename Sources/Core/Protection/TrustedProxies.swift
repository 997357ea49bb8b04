/// The proxies whose word about the client is believed (`TRUSTED_PROXIES`: addresses and CIDR ranges, none by
/// default). Behind such a proxy every request comes from the proxy's address, so the client is read from what it
/// appends: `Forwarded: for=…` (RFC 7239) or else `X-Forwarded-For`. A request from any other peer is taken to come
/// from that peer, whatever it claims — otherwise a client could name itself anew on every request and escape its
/// budget of introspections.
public struct TrustedProxies: Sendable, Equatable {
    /// One address or range: the first `prefixLength` bits of `bytes` (4 bytes for IPv4, 16 for IPv6).
    struct Range: Sendable, Equatable {
        let bytes: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let ranges: [Range]

    /// No proxy is trusted: the peer is always the client.
    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// Reads a list like `10.0.0.0/8, 192.168.1.7, ::1, fd00::/8` (separated by commas or spaces); nil when an entry
    /// is neither an address nor a range.
    public init?(_ list: String) {
        var ranges: [Range] = []
        for entry in list.split(whereSeparator: { $0 == "," || $0 == " " }) {
            let parts = entry.split(separator: "/", maxSplits: 1)
            guard let bytes = IPAddress.bytes(of: String(parts[0])) else { return nil }
            var prefixLength = bytes.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...bytes.count * 8).contains(length) else { return nil }
                prefixLength = length
            }
            ranges.append(Range(bytes: bytes, prefixLength: prefixLength))
        }
        self.init(ranges: ranges)
    }

    public func trusts(_ address: String) -> Bool {
        guard let bytes = IPAddress.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client of a request that arrived from `peer` with these `Forwarded` and `X-Forwarded-For` header values.
    /// From a trusted peer: the nearest address in the chain that is not itself a trusted proxy, read from the right
    /// (the end the proxies append to, RFC 7239 §5.2); when every address is trusted, the farthest one. From any other
    /// peer, or when the headers name no address: the peer.
    public func client(peer: String, forwarded: [String], xForwardedFor: [String]) -> String {
        guard trusts(peer) else { return peer }
        let chain = Self.forwardedFor(forwarded) ?? Self.addresses(xForwardedFor)
        guard !chain.isEmpty else { return peer }
        return chain.reversed().first { !trusts($0) } ?? chain[0]
    }

    /// The `for=` addresses of `Forwarded` (RFC 7239 §4, §6): `for=192.0.2.60`, `for="[2001:db8::17]:4711"`;
    /// nil when no `for=` is present, so that `X-Forwarded-For` is read instead. A `for` that is not an IP address
    /// (`unknown`, an obfuscated name) ends the chain there: nothing before it can be trusted.
    static func forwardedFor(_ values: [String]) -> [String]? {
        var chain: [String] = []
        var found = false
        for element in values.joined(separator: ",").split(separator: ",") {
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingSpaces.lowercased() == "for" else { continue }
                found = true
                var value = parts[1].trimmingSpaces
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
                if value.hasPrefix("["), let end = value.firstIndex(of: "]") {
                    value = value[value.index(after: value.startIndex)..<end]  // [IPv6]:port
                } else if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
                    value = value[..<colon]  // IPv4:port
                }
                if IPAddress.bytes(of: String(value)) != nil { chain.append(String(value)) } else { chain = [] }
            }
        }
        return found ? chain : nil
    }

    /// The addresses of `X-Forwarded-For: client, proxy1, proxy2`; an entry that is not an address ends the chain.
    static func addresses(_ values: [String]) -> [String] {
        var chain: [String] = []
        for entry in values.joined(separator: ",").split(separator: ",") {
            let address = String(entry.trimmingSpaces)
            if IPAddress.bytes(of: address) != nil { chain.append(address) } else { chain = [] }
        }
        return chain
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
