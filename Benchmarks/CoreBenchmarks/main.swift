// Prints one `name: value unit` line per figure. Run with `swift run -c release CoreBenchmarks`.
// Times are CPU time of the measuring thread (see `threadCPUMilliseconds`); the OpenSSL reference is measured in
// the same run, also in CPU time, because the machine is shared and speeds drift.
import Core
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time of this thread in milliseconds. The machine is shared, so wall-clock figures swing with other
/// people's builds; CPU time does not, and it is also what `openssl speed` divides by unless given `-elapsed`.
func threadCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
}

/// Mean CPU milliseconds per call of `body` over `iterations` calls, after one warm-up call.
func meanMilliseconds(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    let start = threadCPUMilliseconds()
    for _ in 0..<iterations {
        try body()
    }
    return (threadCPUMilliseconds() - start) / Double(iterations)
}

func report(_ name: String, _ value: Double, _ unit: String) {
    print("\(name): \(String(format: "%.3f", value)) \(unit)")
}

/// `openssl speed -seconds <s> rsa<bits>` and its sign/s, as milliseconds per signature.
func openSSLSignMilliseconds(bits: Int, seconds: Int) -> Double? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl", "speed", "-seconds", "\(seconds)", "rsa\(bits)"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = Pipe()
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    // Summary line: "rsa 2048 bits 0.000456s 0.000013s   2192.0  74074.1"  (sign s, verify s, sign/s, verify/s)
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        if fields.count >= 6, fields[0] == "rsa", fields[1] == "\(bits)", fields[2] == "bits",
            let signsPerSecond = Double(fields[5])
        {
            return 1000 / signsPerSecond
        }
    }
    return nil
}

/// The RFC 7515 Appendix A.2 example key (public test data), so signing figures are repeatable run to run.
let rfc7515KeyFields: [String: String] = [
    "n": "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
    "e": "AQAB",
    "d": "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
    "p": "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
    "q": "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
    "dp": "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
    "dq": "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
    "qi": "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U",
]

func rfc7515Key() throws -> RSAPrivateKey {
    func field(_ name: String) throws -> [UInt8] { try Base64URL.decode(rfc7515KeyFields[name]!) }
    return try RSAPrivateKey(
        components: RSAKeyComponents(
            modulus: try field("n"), publicExponent: try field("e"), privateExponent: try field("d"),
            prime1: try field("p"), prime2: try field("q"), exponent1: try field("dp"), exponent2: try field("dq"),
            coefficient: try field("qi")))
}

let arguments = CommandLine.arguments
// `--profile-sign N`: only N signatures with the fixed key, for `valgrind --tool=callgrind`.
if let flag = arguments.firstIndex(of: "--profile-sign"), flag + 1 < arguments.count, let count = Int(arguments[flag + 1]) {
    let key = try rfc7515Key()
    let digest = SHA256.hash([UInt8]("profile".utf8))
    for _ in 0..<count { _ = try key.signPKCS1v15SHA256(digest: digest) }
    exit(0)
}
let quick = arguments.contains("--quick")

// SHA-256 throughput over 16 MiB.
let block = [UInt8](repeating: 0x61, count: 16 << 20)
let shaMilliseconds = meanMilliseconds(iterations: quick ? 1 : 3) { _ = SHA256.hash(block) }
report("sha256_mb_per_s", 16.0 / (shaMilliseconds / 1000), "MB/s")

// Key generation.
let keygenCount = quick ? 2 : 8
var keygenTotal = 0.0
var keys: [RSAPrivateKey] = []
for _ in 0..<keygenCount {
    let start = threadCPUMilliseconds()
    keys.append(try RSAPrivateKey.generate(bitCount: 2048))
    keygenTotal += threadCPUMilliseconds() - start
}
report("rsa_keygen_2048_ms", keygenTotal / Double(keygenCount), "ms")

// Loading (the consistency checks of `RSAPrivateKey(components:)`), signing and verification with the
// RFC 7515 A.2 key (2048 bits).
let key = try rfc7515Key()
let loadMilliseconds = try meanMilliseconds(iterations: quick ? 5 : 20) { _ = try rfc7515Key() }
report("rsa_load_2048_ms", loadMilliseconds, "ms")
let digest = SHA256.hash([UInt8]("benchmark message".utf8))
let signIterations = quick ? 50 : 400
let signMilliseconds = try meanMilliseconds(iterations: signIterations) {
    _ = try key.signPKCS1v15SHA256(digest: digest)
}
report("rs256_sign_2048_ms", signMilliseconds, "ms")
let signature = try key.signPKCS1v15SHA256(digest: digest)
let verifyMilliseconds = meanMilliseconds(iterations: signIterations * 4) {
    precondition(key.publicKey.isValidPKCS1v15SHA256Signature(signature, digest: digest))
}
report("rs256_verify_2048_ms", verifyMilliseconds, "ms")

if !quick {
    for bits in [3072, 4096] {
        let bigKey = try RSAPrivateKey.generate(bitCount: bits)
        let milliseconds = try meanMilliseconds(iterations: 40) { _ = try bigKey.signPKCS1v15SHA256(digest: digest) }
        report("rs256_sign_\(bits)_ms", milliseconds, "ms")
    }
}

if let openSSL = openSSLSignMilliseconds(bits: 2048, seconds: quick ? 1 : 3) {
    report("openssl_sign_2048_ms", openSSL, "ms")
    report("rs256_sign_vs_openssl", signMilliseconds / openSSL, "x")
} else {
    print("openssl_sign_2048_ms: unavailable")
}
