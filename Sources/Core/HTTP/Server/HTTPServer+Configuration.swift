import Foundation

extension HTTPServer {
    /// Where to listen, and every limit and timeout, each with its default in plain sight. Exceeding a size limit
    /// is answered with the listed status and `Connection: close`; a timeout closes the connection (with 408 when the
    /// client was in the middle of sending a request).
    public struct Configuration: Sendable {
        /// The address to bind: `127.0.0.1` keeps the server local; `0.0.0.0` or `::` listens on every interface.
        public var host: String = "127.0.0.1"
        /// The TCP port; 0 takes a free one, which `HTTPServer.start()` returns.
        public var port: Int = 0
        /// Event-loop threads (each owns its connections); by default one per CPU the process may run on
        /// (`UsableProcessors`: under `taskset -c 1`, one).
        public var eventLoopCount: Int = UsableProcessors.count
        /// The kernel's queue of connections not yet accepted (`listen(2)` backlog).
        public var backlog: Int = 1024

        /// Longest request line (method, target, version) in bytes; longer: 414.
        public var maxRequestLineLength: Int = 8 * 1024
        /// Longest single header field line in bytes; longer: 431.
        public var maxHeaderLineLength: Int = 16 * 1024
        /// Largest header section (all field lines with their CR LF) in bytes; larger: 431.
        public var maxHeaderBytes: Int = 64 * 1024
        /// Most header fields in one request; more: 431.
        public var maxHeaderCount: Int = 100
        /// Largest request body (Content-Length) in bytes; larger: 413, before any of it is read.
        public var maxBodyLength: Int = 1024 * 1024
        /// Most open connections over all loops. At the limit a new connection takes the place of the one that has
        /// been idle longest (a keep-alive connection between requests, or one that has sent nothing yet); only when
        /// every connection is in the middle of a request does it get 503 and is closed.
        public var maxConnections: Int = 1024
        /// Most open connections from one client address; past it a new one from that address gets 503 and is
        /// closed, so that one client cannot hold them all.
        public var maxConnectionsPerAddress: Int = 256
        /// Requests one connection may have read ahead of their responses (pipelining); past it the server stops
        /// reading from that connection until responses go out.
        public var maxPipelinedRequests: Int = 16

        /// The whole header section of a request must arrive within this time from its first byte (from accept for
        /// the first request), however the bytes trickle in (slowloris).
        public var headerTimeout: Duration = .seconds(10)
        /// The whole body must arrive within this time after the header section.
        public var bodyTimeout: Duration = .seconds(10)
        /// A keep-alive connection with no request in progress is closed after this time.
        public var idleTimeout: Duration = .seconds(60)
        /// A response that cannot be written completely within this time (the client stopped reading) ends the
        /// connection.
        public var writeTimeout: Duration = .seconds(10)
        /// After the last response of a closing connection, how long to wait for the client to close its side
        /// before closing anyway (see `EventLoop.linger`).
        public var lingerTimeout: Duration = .seconds(2)

        public init(host: String = "127.0.0.1", port: Int = 0) {
            self.host = host
            self.port = port
        }

        func validate() throws(HTTPServerError) {
            let positive: [(String, Int)] = [
                ("eventLoopCount", eventLoopCount), ("backlog", backlog),
                ("maxRequestLineLength", maxRequestLineLength), ("maxHeaderLineLength", maxHeaderLineLength),
                ("maxHeaderBytes", maxHeaderBytes), ("maxHeaderCount", maxHeaderCount),
                ("maxConnections", maxConnections), ("maxConnectionsPerAddress", maxConnectionsPerAddress),
                ("maxPipelinedRequests", maxPipelinedRequests),
            ]
            for (name, value) in positive where value < 1 {
                throw .invalidConfiguration("\(name) must be at least 1, got \(value)")
            }
            if maxBodyLength < 0 { throw .invalidConfiguration("maxBodyLength must not be negative") }
            if !(0...65535).contains(port) { throw .invalidConfiguration("port must be 0...65535, got \(port)") }
            let timeouts = [
                ("headerTimeout", headerTimeout), ("bodyTimeout", bodyTimeout), ("idleTimeout", idleTimeout),
                ("writeTimeout", writeTimeout), ("lingerTimeout", lingerTimeout),
            ]
            for (name, value) in timeouts where value <= .zero {
                throw .invalidConfiguration("\(name) must be positive")
            }
        }

        var loopSettings: EventLoop.Settings {
            let timeouts = [headerTimeout, bodyTimeout, idleTimeout, writeTimeout, lingerTimeout].map(Self.milliseconds)
            return EventLoop.Settings(
                limits: .init(
                    maxRequestLineLength: maxRequestLineLength, maxHeaderLineLength: maxHeaderLineLength,
                    maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount, maxBodyLength: maxBodyLength),
                headerTimeout: timeouts[0], bodyTimeout: timeouts[1], idleTimeout: timeouts[2],
                writeTimeout: timeouts[3], lingerTimeout: timeouts[4], maxPipelinedRequests: maxPipelinedRequests,
                // Deadlines are checked by a sweep; a quarter of the shortest timeout keeps them within 25%.
                sweepInterval: min(250, max(10, (timeouts.min() ?? 1000) / 4)))
        }

        static func milliseconds(_ duration: Duration) -> UInt64 {
            let (seconds, attoseconds) = duration.components
            return UInt64(max(0, seconds)) * 1000 + UInt64(max(0, attoseconds)) / 1_000_000_000_000_000
        }
    }
}
