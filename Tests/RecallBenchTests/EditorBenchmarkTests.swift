import Testing
import RecallBench
import TextEngine

@Suite struct BenchmarkTests {
    @Test func benchmarkProducesEveryFigureWithRatios() {
        let figures = EditorBenchmark.run(clock: ContinuousClock(), keystrokes: 5, rounds: 1)
        #expect(figures.count == 6)
        #expect(figures.allSatisfy { $0.microseconds > 0 })
        #expect(figures[1].ratio != nil)
        for figure in figures { print(figure.name, figure.microseconds, figure.ratio ?? 0) }
    }

    @Test func syntheticDocumentHasTheRequestedSize() {
        let text = EditorBenchmark.document(bytes: 10_000)
        #expect(text.utf8.count >= 10_000 && text.utf8.count < 10_200)
        #expect(TextDocument(text).text == text)
    }
}
