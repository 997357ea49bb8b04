/// The few universal tags (X.690 §8.1.2, X.680 §8.4) a key file uses, as the single identifier octet DER writes.
/// Multi-octet (high tag number) identifiers never occur in these structures, so a reader comparing one octet
/// refuses them as a wrong tag.
struct DERTag: RawRepresentable, Equatable, Sendable, CustomStringConvertible {
    var rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let integer = DERTag(rawValue: 0x02)
    static let bitString = DERTag(rawValue: 0x03)
    static let octetString = DERTag(rawValue: 0x04)
    static let null = DERTag(rawValue: 0x05)
    static let objectIdentifier = DERTag(rawValue: 0x06)
    /// SEQUENCE is always constructed (bit 6 set).
    static let sequence = DERTag(rawValue: 0x30)
    /// `[0]` constructed, context-specific: PKCS#8 `attributes` (RFC 5208 §5).
    static let contextConstructed0 = DERTag(rawValue: 0xA0)

    var description: String { Self.name(of: rawValue) }

    /// A person-readable name for any identifier octet, for error messages.
    static func name(of octet: UInt8) -> String {
        switch octet {
        case 0x02: "INTEGER"
        case 0x03: "BIT STRING"
        case 0x04: "OCTET STRING"
        case 0x05: "NULL"
        case 0x06: "OBJECT IDENTIFIER"
        case 0x30: "SEQUENCE"
        case 0x31: "SET"
        case 0xA0: "[0]"
        case 0xA1: "[1]"
        default: "tag 0x" + String(octet, radix: 16, uppercase: true)
        }
    }
}
