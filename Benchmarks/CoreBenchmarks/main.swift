// Prints one `name: value unit` line per figure. Run with `swift run -c release CoreBenchmarks`.
// The OpenSSL reference is measured in the same run because the machine is shared and speeds drift.
import Core
import Foundation

/// Mean milliseconds per call of `body` over `iterations` calls, after one warm-up call.
func meanMilliseconds(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<iterations {
        try body()
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return seconds * 1000 / Double(iterations)
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

let arguments = CommandLine.arguments
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
    let start = ContinuousClock.now
    keys.append(try RSAPrivateKey.generate(bitCount: 2048))
    let elapsed = ContinuousClock.now - start
    keygenTotal += Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}
report("rsa_keygen_2048_ms", keygenTotal / Double(keygenCount), "ms")

// Signing and verification with a generated 2048-bit key.
let key = keys[0]
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
