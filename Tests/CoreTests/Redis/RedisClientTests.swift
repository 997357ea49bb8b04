import Foundation
import Testing
import TestSupport

@testable import Core

/// The Redis client against a real `redis-server` (started on a free loopback port per test), and against a fake
/// that answers junk or nothing: every failure is an error within the timeout, never a hang or a crash.
@Suite(.timeLimit(.minutes(2)))
struct RedisClientTests {
    private func client(
        _ url: String, timeout: Duration = .milliseconds(50), connections: Int = 8, retryDelay: Duration = .seconds(1)
    ) throws -> RedisClient {
        RedisClient(
            configuration: .init(
                url: try RedisURL(parsing: url), connectTimeout: timeout, replyTimeout: timeout,
                maximumConnections: connections, retryDelay: retryDelay))
    }

    @Test(.enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
    func setThenGetGivesTheBytesBackAndAMissingKeyIsNil() async throws {
        let redis = try await RedisServerProcess()
        let client = try client(redis.url())
        let value: [UInt8] = Array("binary\r\n\0 safe".utf8)
        try await client.set("k", value: value, expiringAfter: .seconds(60))
        #expect(try await client.get("k") == value)
        #expect(try await client.get("absent") == nil)
        let ttl = try #require(Int(try redis.command(["PTTL", "k"])))
        #expect(ttl > 59_000 && ttl <= 60_000, "SET … PX 60000")
    }

    @Test(.enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
    func aValueIsGoneAfterItsLifetime() async throws {
        let redis = try await RedisServerProcess()
        let client = try client(redis.url())
        try await client.set("short", value: [1], expiringAfter: .milliseconds(30))
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await client.get("short") == nil)
    }

    @Test(.enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
    func aPasswordAndADatabaseAreUsedOnEveryConnection() async throws {
        let redis = try await RedisServerProcess(password: "s3cret pass")
        let client = try client("redis://:s3cret%20pass@127.0.0.1:\(redis.port)/3")
        try await client.set("in-three", value: Array("x".utf8), expiringAfter: .seconds(60))
        #expect(try redis.command(["-n", "3", "GET", "in-three"]) == "x")
        #expect(try redis.command(["-n", "0", "EXISTS", "in-three"]) == "0")
    }

    @Test(.enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
    func aWrongPasswordIsAnErrorThatDoesNotShowIt() async throws {
        let redis = try await RedisServerProcess(password: "right")
        let client = try client("redis://:wrong-password@127.0.0.1:\(redis.port)")
        do {
            _ = try await client.get("k")
            Issue.record("a wrong password must fail")
        } catch {
            guard case .errorReply(_, let message) = error else { throw error }
            #expect(message.contains("WRONGPASS") || message.contains("invalid password"), "\(message)")
            #expect(!error.description.contains("wrong-password"))
        }
    }

    @Test(.enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
    func redisGoneFailsFastThenBacksOffAndComesBack() async throws {
        let redis = try await RedisServerProcess()
        let client = try client(redis.url(), retryDelay: .milliseconds(300))
        try await client.set("k", value: [7], expiringAfter: .seconds(60))
        redis.stop()
        let start = ContinuousClock.now
        await #expect(throws: RedisError.self) { try await client.get("k") }
        #expect(ContinuousClock.now - start < .milliseconds(500), "at most the timeouts, not seconds")
        // Within the retry delay, every command fails at once, without touching the network.
        do {
            _ = try await client.get("k")
            Issue.record("must fail while backing off")
        } catch {
            guard case .backingOff = error else { throw error }
        }
        #expect(client.openConnections == 0, "the dead connections are closed")
        try await redis.start()
        try await Task.sleep(for: .milliseconds(350))
        try await client.set("k", value: [8], expiringAfter: .seconds(60))
        #expect(try await client.get("k") == [8])
    }

    @Test func junkIsAMalformedReplyAndTheConnectionIsNotReused() async throws {
        let fake = try FakeRedis(.reply(Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8)))
        let client = try client(fake.url, retryDelay: .zero)
        for _ in 0..<3 {
            do {
                _ = try await client.get("k")
                Issue.record("junk must not read as an answer")
            } catch {
                guard case .malformedReply = error else { throw error }
            }
        }
        #expect(client.openConnections == 0)
    }

    @Test func bytesBeyondOneReplyAreMalformedAndTheConnectionIsClosed() async throws {
        let fake = try FakeRedis(.reply(Array("$1\r\nx\r\n$1\r\ny\r\n".utf8)))
        let client = try client(fake.url)
        do {
            _ = try await client.get("k")
            Issue.record("a second reply must not wait for the next command")
        } catch {
            guard case .malformedReply(_, let reason) = error else { throw error }
            #expect(reason == "more bytes than one reply")
        }
        #expect(client.openConnections == 0)
    }

    @Test(.enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
    func aHostNameIsLookedUp() async throws {
        let redis = try await RedisServerProcess()
        let client = try client("redis://localhost:\(redis.port)", timeout: .milliseconds(500))
        try await client.set("named", value: [1], expiringAfter: .seconds(5))
        #expect(try await client.get("named") == [1])
    }

    @Test func aHugeDeclaredLengthIsRefusedWithoutWaitingForIt() async throws {
        let fake = try FakeRedis(.reply(Array("$9223372036854775807\r\n".utf8)))
        let client = try client(fake.url)
        do {
            _ = try await client.get("k")
            Issue.record("must be refused")
        } catch {
            guard case .malformedReply = error else { throw error }
        }
    }

    @Test func aReplyOfTheWrongTypeIsAnError() async throws {
        let fake = try FakeRedis(.reply(Array(":1\r\n".utf8)))
        let client = try client(fake.url)
        await #expect(throws: RedisError.unexpectedReply(address: "127.0.0.1:\(fake.port)", command: "GET")) {
            try await client.get("k")
        }
    }

    @Test func aRedisThatSaysNothingTimesOutWithinTheReplyTimeout() async throws {
        let fake = try FakeRedis(.silent)
        let client = try client(fake.url, timeout: .milliseconds(50))
        let start = ContinuousClock.now
        do {
            _ = try await client.get("k")
            Issue.record("must time out")
        } catch {
            guard case .timedOut = error else { throw error }
        }
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(45) && waited < .milliseconds(600), "\(waited)")
    }

    @Test func nothingListeningIsAConnectFailure() async throws {
        let port = try FreePort.take()
        let client = try client("redis://127.0.0.1:\(port)")
        do {
            _ = try await client.get("k")
            Issue.record("must fail")
        } catch {
            guard case .connectFailed(let address, _) = error else { throw error }
            #expect(address == "127.0.0.1:\(port)")
        }
    }

    @Test(.enabled(if: ExternalTool.isUsable("redis-server"), "needs redis-server (./run-tests installs it)"))
    func commandsBeyondTheConnectionsWaitForOne() async throws {
        let redis = try await RedisServerProcess()
        let client = try client(redis.url(), timeout: .milliseconds(500), connections: 2)
        let stored = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask { (try? await client.set("k\(index)", value: [1], expiringAfter: .seconds(60))) != nil }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(stored == 50)
        #expect(client.openConnections <= 2)
        #expect(try redis.command(["DBSIZE"]) == "50")
    }

    @Test func whenEveryConnectionIsBusyAndNoneMayWaitACommandFailsAtOnce() async throws {
        let fake = try FakeRedis(.silent)
        let client = RedisClient(
            configuration: .init(
                url: try RedisURL(parsing: fake.url), connectTimeout: .milliseconds(300),
                replyTimeout: .milliseconds(300), maximumConnections: 2, maximumWaiting: 0))
        let first = Task { _ = try? await client.get("a") }
        let second = Task { _ = try? await client.get("b") }
        let deadline = ContinuousClock.now + .seconds(5)
        while client.openConnections < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let start = ContinuousClock.now
        do {
            _ = try await client.get("c")
            Issue.record("must fail")
        } catch {
            guard case .poolExhausted(_, 2) = error else { throw error }
        }
        #expect(ContinuousClock.now - start < .milliseconds(100))
        _ = await (first.value, second.value)
    }
}
