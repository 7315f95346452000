import ArgumentParser
import Foundation
import HTTP
import LLM
import RecallKit

/// Flags that choose the model server and models; each overrides config.toml and the environment.
struct LLMOptions: ParsableArguments {
    @Option(name: .long, help: "Profile from config.toml (default: $RECALL_PROFILE, else the file's `profile`).")
    var profile: String?

    @Option(name: .long, help: "Server protocol: ollama or openai (llama-server, vLLM, LM Studio) (default: $RECALL_PROVIDER).")
    var provider: String?

    @Option(name: .customLong("base-url"), help: "Server address, e.g. http://127.0.0.1:11434 (default: $OLLAMA_HOST / $RECALL_BASE_URL).")
    var baseURL: String?

    @Option(name: .customLong("embed-base-url"), help: "Embedding server address when it differs (llama-server runs embeddings separately).")
    var embedBaseURL: String?

    @Option(name: .long, help: "Chat model (default: $RECALL_CHAT_MODEL, else llama3.2).")
    var model: String?

    @Option(name: .customLong("embed-model"), help: "Embedding model (default: $RECALL_EMBED_MODEL, else nomic-embed-text).")
    var embedModel: String?

    @Option(name: .customLong("num-ctx"), help: "Context window sent with every chat request (default 4096).")
    var numCtx: Int?

    /// The flags as overrides.
    func overrides(temperature: Double? = nil) -> LLMOverrides {
        LLMOverrides(profile: profile, provider: provider, baseURL: baseURL, embedBaseURL: embedBaseURL,
                     chatModel: model, embedModel: embedModel, numCtx: numCtx, temperature: temperature)
    }

    /// Resolves config.toml ← environment ← these flags.
    func resolveProfile(temperature: Double? = nil) throws -> LLMProfile {
        try LLMConfigLoader.load(environment: ProcessInfo.processInfo.environment, overrides: overrides(temperature: temperature))
    }
}

/// `recall models`: lists the models the configured server offers (`--check` runs the model-server health checks).
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models the configured server offers.",
        discussion: "Marks the chat model (chat*) and embedding model (embed*) in use. --check runs the model-server checks of `recall doctor`.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var llm: LLMOptions

    @Flag(name: .long, help: "Check the server and models end to end (as `recall doctor` does) instead of listing.")
    var check = false

    @Option(name: .long, help: "Download a model first (Ollama only), showing progress on stderr.")
    var pull: String?

    func run() async throws {
        let profile = try llm.resolveProfile()
        if let pull {
            try await Self.pull(pull, services: LLMServices(profile: profile))
            return
        }
        if check {
            let report = await LLMDoctor.run(profile: profile)
            Output.out(global.json ? report.json() : report.text())
            if !report.ok { throw ExitCode(1) }
            return
        }
        let services = LLMServices(profile: profile)
        let choices = try await services.modelChoices()
        let rows = ModelRow.rows(choices)
        if global.json {
            let document = ModelListDocument(provider: profile.provider.rawValue, baseURL: Redact.url(profile.baseURL),
                                             embedBaseURL: Redact.url(profile.embedBaseURL), chatModel: profile.chatModel,
                                             embedModel: profile.embedModel, models: rows)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(Output.jsonSafe(try encoder.encode(document)) + Data("\n".utf8))
            return
        }
        Output.out(ModelRow.table(rows))
        let chatPresent = rows.contains { $0.current?.contains("chat") == true }
        let embedPresent = rows.contains { $0.current?.contains("embed") == true }
        if !chatPresent || !embedPresent {
            let missing = [chatPresent ? nil : profile.chatModel, embedPresent ? nil : profile.embedModel].compactMap { $0 }
            let hint = profile.provider == .ollama ? missing.map { "`ollama pull \($0)`" }.joined(separator: " and ")
                                                   : "--model / --embed-model with a listed name"
            Output.err("note: \(missing.joined(separator: ", ")) not installed — run \(hint)\n")
        }
    }
}

extension ModelsCommand {
    /// Pulls a model, printing one progress line per phase (and per 10 % of a layer) on stderr.
    static func pull(_ model: String, services: LLMServices) async throws {
        var lastShown: [String: Int] = [:]
        for try await progress in services.chat.pull(model) {
            var line = progress.status
            if let total = progress.total, total > 0 {
                let percent = Int(Double(progress.completed ?? 0) / Double(total) * 100)
                let step = percent / 10
                if lastShown[progress.status] == step { continue }
                lastShown[progress.status] = step
                line += " \(percent)% of \(ModelRow.size(total))"
            }
            Output.err(line + "\n")
        }
        try Task.checkCancellation()
        Output.out("pulled \(model)\n")
    }
}

/// One model in `recall models` output.
struct ModelRow: Encodable {
    var name: String
    var kind: String
    var current: String?
    var parameterSize: String?
    var quantization: String?
    var sizeBytes: Int?
    var contextLength: Int?
    var embeddingLength: Int?
    var capabilities: [String]?

    enum CodingKeys: String, CodingKey {
        case name, kind, current, quantization, capabilities
        case parameterSize = "parameter_size", sizeBytes = "size_bytes", contextLength = "context_length", embeddingLength = "embedding_length"
    }

    static func rows(_ choices: ModelChoices) -> [ModelRow] {
        func row(_ m: ModelSummary, kind: String, current: String) -> ModelRow {
            ModelRow(name: m.name, kind: kind, current: ModelNames.same(m.name, current) ? kind : nil,
                     parameterSize: m.parameterSize, quantization: m.quantization, sizeBytes: m.sizeBytes,
                     contextLength: m.contextLength, embeddingLength: m.embeddingLength,
                     capabilities: m.capabilities.map { $0.map(\.rawValue).sorted() })
        }
        return choices.chat.map { row($0, kind: "chat", current: choices.currentChat) }
            + choices.embedding.map { row($0, kind: "embed", current: choices.currentEmbedding) }
    }

    static func table(_ rows: [ModelRow]) -> String {
        let header = [" ", "NAME", "KIND", "PARAMS", "QUANT", "SIZE", "CTX", "DIM"]
        let cells = rows.map { r in
            [r.current == nil ? " " : "*", r.name, r.kind, r.parameterSize ?? "-", r.quantization ?? "-",
             r.sizeBytes.map(Self.size) ?? "-", r.contextLength.map(String.init) ?? "-", r.embeddingLength.map(String.init) ?? "-"]
        }
        let all = [header] + cells
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        var out = all.map { line in
            var text = line[0] + " " + line.enumerated().dropFirst().map { i, cell in
                cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }.joined(separator: "\n") + "\n"
        if rows.isEmpty { out += "(no models — pull one, e.g. `ollama pull llama3.2`)\n" }
        return out
    }

    static func size(_ bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}

/// The `recall models --json` document.
struct ModelListDocument: Encodable {
    var provider: String
    var baseURL: String
    var embedBaseURL: String
    var chatModel: String
    var embedModel: String
    var models: [ModelRow]

    enum CodingKeys: String, CodingKey {
        case provider, models
        case baseURL = "base_url", embedBaseURL = "embed_base_url", chatModel = "chat_model", embedModel = "embed_model"
    }
}
