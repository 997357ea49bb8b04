import Testing

@testable import Core

@Suite struct RedisURLTests {
    static func refusal(_ text: String) -> RedisURLError? {
        do {
            let url = try RedisURL(parsing: text)
            Issue.record("\(text) was accepted as \(url)")
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Accepted forms

    @Test func aBareHostGetsTheDefaultPortAndDatabase() throws {
        let url = try RedisURL(parsing: "redis://localhost")
        #expect(url == RedisURL(host: "localhost", port: 6379, username: nil, password: nil, database: 0))
        #expect(try RedisURL(parsing: "redis://localhost/") == url)
        #expect(try RedisURL(parsing: "REDIS://localhost") == url)
    }

    @Test func everyPartIsRead() throws {
        let url = try RedisURL(parsing: "redis://cache-user:s3cr%40t%2F%3F@cache.example.com:6380/3")
        #expect(
            url
                == RedisURL(
                    host: "cache.example.com", port: 6380, username: "cache-user", password: "s3cr@t/?", database: 3))
        #expect(try RedisURL(parsing: "redis://127.0.0.1:6379/0").host == "127.0.0.1")
        #expect(try RedisURL(parsing: "redis://us%C3%A9r:%F0%9F%94%91@h").username == "usér")
        #expect(try RedisURL(parsing: "redis://us%C3%A9r:%F0%9F%94%91@h").password == "\u{1F511}")
    }

    @Test func anEmptyUserNameMeansAPasswordAlone() throws {
        let url = try RedisURL(parsing: "redis://:secret@redis")
        #expect(url.username == nil && url.password == "secret" && url.host == "redis")
        let userOnly = try RedisURL(parsing: "redis://reader:@redis")
        #expect(userOnly.username == "reader" && userOnly.password == nil)
    }

    @Test func anUnencodedAtSignBelongsToThePassword() throws {
        #expect(try RedisURL(parsing: "redis://:p@ss@redis:7000").password == "p@ss")
    }

    @Test func anIPv6AddressGoesInBrackets() throws {
        let loopback = RedisURL(host: "::1", port: 6380, username: nil, password: nil, database: 2)
        #expect(try RedisURL(parsing: "redis://[::1]:6380/2") == loopback)
        #expect(try RedisURL(parsing: "redis://[2001:db8::7]").port == 6379)
        #expect(try RedisURL(parsing: "redis://[::ffff:192.0.2.1]/1").host == "::ffff:192.0.2.1")
    }

    @Test func portAndDatabaseBoundaries() throws {
        #expect(try RedisURL(parsing: "redis://h:1").port == 1)
        #expect(try RedisURL(parsing: "redis://h:65535").port == 65535)
        #expect(try RedisURL(parsing: "redis://h:06379").port == 6379)
        #expect(try RedisURL(parsing: "redis://h/0").database == 0)
        #expect(try RedisURL(parsing: "redis://h/2147483647").database == 2_147_483_647)
        #expect(Self.refusal("redis://h:0") == .portOutOfRange)
        #expect(Self.refusal("redis://h:65536") == .portOutOfRange)
        #expect(Self.refusal("redis://h:99999999999999999999999") == .portOutOfRange)
        #expect(Self.refusal("redis://h/2147483648") == .invalidDatabase)
    }

    // MARK: - Refusals

    @Test func onlyTheRedisSchemeIsAccepted() {
        #expect(Self.refusal("rediss://cache:6380") == .tlsNotSupported)
        #expect(Self.refusal("REDISS://cache") == .tlsNotSupported)
        for text in [
            "", "localhost:6379", "http://cache", "redis:/cache", "redis:cache", "unix:///tmp/redis.sock", "://h",
        ] {
            #expect(Self.refusal(text) == .notRedisScheme, "\(text)")
        }
    }

    @Test func theHostIsRequiredAndChecked() {
        for text in ["redis://", "redis://:6379", "redis://:pw@", "redis://:pw@:6379/1", "redis:///0", "redis://[]:1"] {
            #expect(Self.refusal(text) == .missingHost, "\(text)")
        }
        for text in ["redis://ca che", "redis://[::1", "redis://[::1]x", "redis://[xyz::]", "redis://[127.0.0.1]",
                     "redis://h%41st", "redis://h\u{E9}st", "redis://h\t"] {
            #expect(Self.refusal(text) == .invalidHost, "\(text)")
        }
    }

    @Test func thePortMustBeANumber() {
        for text in ["redis://h:", "redis://h:abc", "redis://h:+80", "redis://h:-1", "redis://h:1:2", "redis://h: 80",
                     "redis://[::1]:"] {
            #expect(Self.refusal(text) == .invalidPort, "\(text)")
        }
    }

    @Test func theDatabaseMustBeAWholeNumberAndEndTheURL() {
        for text in ["redis://h/abc", "redis://h/-1", "redis://h/+1", "redis://h/1.5", "redis://h/%31"] {
            #expect(Self.refusal(text) == .invalidDatabase, "\(text)")
        }
        for text in ["redis://h/1/", "redis://h/1/x", "redis://h//"] {
            #expect(Self.refusal(text) == .textAfterDatabase, "\(text)")
        }
    }

    @Test func queryOptionsAndFragmentsAreRefused() {
        for text in ["redis://h?timeout=1", "redis://h/0?db=1", "redis://h/0#x", "redis://:a#b@h", "redis://h?"] {
            #expect(Self.refusal(text) == .queryOrFragment, "\(text)")
        }
    }

    @Test func ambiguousOrBrokenCredentialsAreRefused() {
        #expect(Self.refusal("redis://secret@h") == .credentialsWithoutColon)
        #expect(Self.refusal("redis://:pa/ss@h") == .slashInCredentials)
        for text in ["redis://:%zz@h", "redis://:%4@h", "redis://:abc%@h", "redis://%FF:pw@h", "redis://:%C3%28@h"] {
            #expect(Self.refusal(text) == .invalidPercentEncoding, "\(text)")
        }
    }

    @Test func errorsNameTheSettingAndNeverThePassword() {
        let texts = [
            "rediss://:hunter2@h", "http://:hunter2@h", "redis://:hunter2@", "redis://:hunter2@h:x",
            "redis://:hunter2@h:0",
            "redis://:hunter2@h/x", "redis://:hunter2@h/1/2", "redis://:hunter2@h?x", "redis://hunter2@h",
            "redis://:hun/ter2@h", "redis://:hunter2%@h", "redis://:hunter2@h st", "redis://:hunter2",
        ]
        for text in texts {
            guard let error = Self.refusal(text) else { continue }
            #expect(error.description.contains("INTROSPECTION_CACHE_URL"), "\(text)")
            #expect(!error.description.contains("hunter"), "\(text)")
            #expect(!error.description.contains("ter2"), "\(text)")
        }
    }

    // MARK: - Redacted

    @Test func redactedHidesThePasswordAndSpellsOutTheDefaults() throws {
        #expect(try RedisURL(parsing: "redis://user:secret@h:6380/2").redacted == "redis://user:***@h:6380/2")
        #expect(try RedisURL(parsing: "redis://:secret@h").redacted == "redis://:***@h:6379/0")
        #expect(try RedisURL(parsing: "redis://h").redacted == "redis://h:6379/0")
        #expect(try RedisURL(parsing: "redis://reader:@h").redacted == "redis://reader:@h:6379/0")
        #expect(try RedisURL(parsing: "redis://[::1]:7000").redacted == "redis://[::1]:7000/0")
        #expect(try RedisURL(parsing: "redis://a%20b%3A:pw@h").redacted == "redis://a%20b%3A:***@h:6379/0")
    }

    @Test func interpolatingAURLPrintsItRedacted() throws {
        let url = try RedisURL(parsing: "redis://user:secret@h")
        #expect("\(url)" == url.redacted)
        #expect(!String(reflecting: url).contains("secret"))
    }

    @Test func theRedactedFormParsesBackWithThePasswordStars() throws {
        for text in ["redis://us%C3%A9r:pw@[::1]:7/3", "redis://:pw@h", "redis://h", "redis://a%20b:@h:1/9"] {
            var url = try RedisURL(parsing: text)
            let reparsed = try RedisURL(parsing: url.redacted)
            if url.password != nil { url.password = "***" }
            #expect(reparsed == url, "\(text)")
        }
    }
}
