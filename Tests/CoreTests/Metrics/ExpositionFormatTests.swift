import Testing

@testable import Core

extension MetricsTests {
    /// The escaping and number rules of the text format, each on its own (docs/metrics.md, "Text format").
    @Suite struct ExpositionFormatTests {
        @Test func theContentTypeNamesVersion004AndUTF8() {
            #expect(ExpositionFormat.contentType == "text/plain; version=0.0.4; charset=utf-8")
            #expect(MetricsRegistry.contentType == ExpositionFormat.contentType)
        }

        @Test func aLabelValueEscapesBackslashQuoteAndLineFeedOnly() {
            #expect(ExpositionFormat.escapeLabelValue(#"a\b"#) == #"a\\b"#)
            #expect(ExpositionFormat.escapeLabelValue(#"say "hi""#) == #"say \"hi\""#)
            #expect(ExpositionFormat.escapeLabelValue("two\nlines") == #"two\nlines"#)
            #expect(ExpositionFormat.escapeLabelValue("\\\"\n") == #"\\\"\n"#)
            // Everything else goes as is, UTF-8 included: a tab or a carriage return is not escaped by the format.
            #expect(ExpositionFormat.escapeLabelValue("/api/grüße\t{x}\r") == "/api/grüße\t{x}\r")
            #expect(ExpositionFormat.escapeLabelValue("") == "")
        }

        @Test func helpTextEscapesBackslashAndLineFeedButNotQuotes() {
            #expect(ExpositionFormat.escapeHelp(#"C:\dir"#) == #"C:\\dir"#)
            #expect(ExpositionFormat.escapeHelp("first\nsecond") == #"first\nsecond"#)
            #expect(ExpositionFormat.escapeHelp(#"a "quoted" word"#) == #"a "quoted" word"#)
        }

        @Test func wholeNumbersHaveNoFraction() {
            #expect(ExpositionFormat.number(0) == "0")
            #expect(ExpositionFormat.number(3) == "3")
            #expect(ExpositionFormat.number(-3) == "-3")
            #expect(ExpositionFormat.number(80_000) == "80000")
            // The largest whole number a Double counts to exactly still comes out as digits.
            #expect(ExpositionFormat.number(9_007_199_254_740_991) == "9007199254740991")
        }

        @Test func otherNumbersUseTheShortestFormGoReadsBack() {
            #expect(ExpositionFormat.number(0.25) == "0.25")
            #expect(ExpositionFormat.number(0.005) == "0.005")
            #expect(ExpositionFormat.number(2.5) == "2.5")
            #expect(ExpositionFormat.number(0.00001) == "1e-05")
            #expect(ExpositionFormat.number(-0.1) == "-0.1")
            // From 2^53 on, Swift's exponent form: shorter than the digits, and ParseFloat reads it.
            #expect(ExpositionFormat.number(1e20) == "1e+20")
            for value in [0.25, 0.005, 0.00001, 1e20, 1.0 / 3.0, 123.456] {
                #expect(Double(ExpositionFormat.number(value)) == value, "\(value) must read back to itself")
            }
        }

        @Test func specialValuesAreSpelledAsTheFormatSays() {
            #expect(ExpositionFormat.number(.nan) == "NaN")
            #expect(ExpositionFormat.number(.infinity) == "+Inf")
            #expect(ExpositionFormat.number(-.infinity) == "-Inf")
        }

        @Test func labelPairsFollowTheNamesOrderAndEscapeTheValues() {
            #expect(ExpositionFormat.labelPairs(["route", "status"], ["/a", "200"]) == #"route="/a",status="200""#)
            #expect(ExpositionFormat.labelPairs(["path"], ["say \"hi\""]) == #"path="say \"hi\"""#)
            #expect(ExpositionFormat.labelPairs([], []) == "")
        }

        @Test func aSeriesWithoutLabelsHasNoBraces() {
            #expect(ExpositionFormat.braced("") == "")
            #expect(ExpositionFormat.braced(#"a="x""#) == #"{a="x"}"#)
        }
    }
}
