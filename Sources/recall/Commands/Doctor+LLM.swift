import Foundation
import HTTP
import LLM
import RecallKit

/// One line of the model-server section of `recall doctor`.
struct LLMDoctorCheck: Encodable, Sendable {
    /// `pass`, `warn`, `fail` or `skip`.
    enum Status: String, Encodable, Sendable { case pass, warn, fail, skip }

    /// What was checked, e.g. "chat model".
    var name: String
    /// The outcome.
    var status: Status
    /// What was found.
    var detail: String
    /// What to do about it, when something is wrong.
    var fix: String?
    /// How long the check took, when timed.
    var seconds: Double?
}

/// The model-server section of `recall doctor`: config, reachability and version, both models (presence,
/// context length, dimension), and a one-token chat and a one-input embedding round trip with timings.
struct LLMDoctorReport: Encodable, Sendable {
    /// The checks, in order.
    var checks: [LLMDoctorCheck]
    /// True when nothing failed.
    var ok: Bool { !checks.contains { $0.status == .fail } }

    /// Plain text, one check per line, fixes indented under failures.
    func text() -> String {
        var out = "Model server\n"
        for check in checks {
            let mark: String
            switch check.status {
            case .pass: mark = "ok  "
            case .warn: mark = "warn"
            case .fail: mark = "FAIL"
            case .skip: mark = "skip"
            }
            let time = check.seconds.map { String(format: " (%.2f s)", $0) } ?? ""
            out += "  \(mark)  \(check.name): \(check.detail)\(time)\n"
            if let fix = check.fix { out += "        → \(fix)\n" }
        }
        return out
    }

    /// `{"ok":…, "checks":[…]}`.
    func json() -> String {
        struct Document: Encodable { var ok: Bool; var checks: [LLMDoctorCheck] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(ok: ok, checks: checks))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Runs the model-server checks. `recall doctor` calls `LLMDoctor.run(profile:)` and appends `report.text()`
/// (or embeds `report.checks` in its JSON); `recall models --check` prints the same section alone.
enum LLMDoctor {
    /// Runs every check against the profile's servers; never throws — failures become checks with a fix.
    static func run(profile: LLMProfile, environment: [String: String] = ProcessInfo.processInfo.environment) async -> LLMDoctorReport {
        let services = LLMServices(profile: profile, environment: environment, retry: RetryPolicy(maxAttempts: 2))
        var checks: [LLMDoctorCheck] = []
        let origin = profile.origins["base_url"] ?? "default"
        let key = profile.provider == .openai
            ? (profile.apiKey(environment: environment) == nil ? ", no API key ($\(profile.apiKeyEnv) unset)" : ", API key from $\(profile.apiKeyEnv)")
            : ""
        checks.append(LLMDoctorCheck(name: "model config", status: .pass,
                                     detail: "profile \(profile.name), \(profile.provider.rawValue) at \(Redact.url(profile.baseURL)) (from \(origin)), chat \(profile.chatModel), embeddings \(profile.embedModel), num_ctx \(profile.numCtx)\(key)"))

        // Reachability and version of each distinct server.
        var reachable: [String: Bool] = [:]
        for (label, provider) in [("model server", services.chat), ("embed server", services.embed)] where reachable[provider.baseURL] == nil {
            do {
                let health = try await provider.health()
                reachable[provider.baseURL] = true
                let what = profile.provider == .ollama ? "Ollama \(health.version ?? "?")" : "server \(health.version.map { "build \($0)" } ?? "")"
                checks.append(LLMDoctorCheck(name: label, status: .pass, detail: "\(what) answers at \(Redact.url(provider.baseURL))", seconds: health.latencySeconds))
            } catch {
                reachable[provider.baseURL] = false
                checks.append(failure(label, error))
            }
        }

        // Models.
        let chatUp = reachable[services.chat.baseURL] == true
        let embedUp = reachable[services.embed.baseURL] == true
        checks.append(chatUp ? await modelCheck("chat model", profile.chatModel, provider: services.chat, profile: profile, wantEmbedding: false)
                             : skipped("chat model"))
        checks.append(embedUp ? await modelCheck("embed model", profile.embedModel, provider: services.embed, profile: profile, wantEmbedding: true)
                              : skipped("embed model"))

        // Round trips.
        if chatUp {
            let start = ContinuousClock.now
            var first: Double?
            do {
                var request = services.chatRequest([.user("Reply with the single word OK.")], maxTokens: 1)
                request.temperature = 0
                var loading = false
                var text = ""
                for try await event in services.chat.chatStream(request) {
                    if case .loading = event { loading = true }
                    if case .token(let t) = event {
                        if first == nil { first = (ContinuousClock.now - start).secondsDouble }
                        text += t
                    }
                }
                let total = (ContinuousClock.now - start).secondsDouble
                let firstText = first.map { String(format: "first token %.2f s", $0) } ?? "no token"
                checks.append(LLMDoctorCheck(name: "chat reply", status: .pass,
                                             detail: "one-token answer \(text.debugDescription), \(firstText)\(loading ? (profile.provider == .ollama ? ", model was loading" : ", slow first byte") : "")",
                                             seconds: total))
            } catch {
                checks.append(failure("chat reply", error, seconds: (ContinuousClock.now - start).secondsDouble))
            }
        } else {
            checks.append(skipped("chat reply"))
        }
        if embedUp {
            let start = ContinuousClock.now
            do {
                let vectors = try await services.embedder.embed(texts: ["recall doctor"], kind: .query)
                checks.append(LLMDoctorCheck(name: "embed reply", status: .pass,
                                             detail: "1 input → \(vectors.first?.count ?? 0) dimensions",
                                             seconds: (ContinuousClock.now - start).secondsDouble))
            } catch {
                checks.append(failure("embed reply", error, seconds: (ContinuousClock.now - start).secondsDouble))
            }
        } else {
            checks.append(skipped("embed reply"))
        }
        return LLMDoctorReport(checks: checks)
    }

    /// Presence, capabilities, context length / dimension of one model.
    private static func modelCheck(_ label: String, _ model: String, provider: any LLMProvider, profile: LLMProfile,
                                   wantEmbedding: Bool) async -> LLMDoctorCheck {
        do {
            let listed = try await provider.listModels()
            let present = listed.contains { ModelNames.same($0.name, model) || $0.name == model }
            if !present && !(provider.kind == .openai && listed.count == 1) {
                let names = listed.map(\.name).joined(separator: ", ")
                let fix = provider.kind == .ollama
                    ? "run `ollama pull \(model)`"
                    : "use one of the served models with \(wantEmbedding ? "--embed-model" : "--model"): \(names.isEmpty ? "(none)" : names)"
                return LLMDoctorCheck(name: label, status: .fail, detail: "\(model) is not installed", fix: fix)
            }
            let info = try await provider.modelInfo(model)
            var details: [String] = [info.name == model ? model : "\(model) (served as \(info.name))"]
            if let ctx = info.contextLength { details.append("trained context \(ctx)") }
            if let ctx = info.runtimeContextLength { details.append("server context \(ctx)") }
            if wantEmbedding, let dim = info.embeddingLength { details.append("dimension \(dim)") }
            if !info.capabilities.isEmpty { details.append("capabilities " + info.capabilities.map(\.rawValue).sorted().joined(separator: ",")) }
            let need: ModelCapability = wantEmbedding ? .embedding : .completion
            if !info.capabilities.isEmpty && !info.capabilities.contains(need) {
                return LLMDoctorCheck(name: label, status: .fail, detail: details.joined(separator: ", ") + " — cannot \(wantEmbedding ? "make embeddings" : "chat")",
                                      fix: wantEmbedding ? "choose an embedding model with --embed-model, e.g. `ollama pull nomic-embed-text`"
                                                         : "choose a chat model with --model, e.g. `ollama pull llama3.2`")
            }
            if !wantEmbedding, let running = info.runtimeContextLength, profile.numCtx > running {
                return LLMDoctorCheck(name: label, status: .warn, detail: details.joined(separator: ", "),
                                      fix: "num_ctx \(profile.numCtx) is larger than the server's context (\(running)); set num_ctx = \(running) in the profile or pass --num-ctx \(running)")
            }
            if !wantEmbedding, let trained = info.contextLength, profile.numCtx > trained {
                return LLMDoctorCheck(name: label, status: .warn, detail: details.joined(separator: ", "),
                                      fix: "num_ctx \(profile.numCtx) exceeds what the model was trained for (\(trained)); lower it")
            }
            return LLMDoctorCheck(name: label, status: .pass, detail: details.joined(separator: ", "))
        } catch {
            return failure(label, error)
        }
    }

    private static func skipped(_ name: String) -> LLMDoctorCheck {
        LLMDoctorCheck(name: name, status: .skip, detail: "skipped: the server is not reachable")
    }

    /// A failed check: the error's explanation split into what happened and what to do.
    private static func failure(_ name: String, _ error: any Error, seconds: Double? = nil) -> LLMDoctorCheck {
        let text = "\(error)"
        if let range = text.range(of: " — ") {
            return LLMDoctorCheck(name: name, status: .fail, detail: String(text[..<range.lowerBound]),
                                  fix: String(text[range.upperBound...]), seconds: seconds)
        }
        return LLMDoctorCheck(name: name, status: .fail, detail: text, seconds: seconds)
    }
}

/// The model-server part of `recall doctor`: resolves config.toml ← environment (no flags) and runs
/// `LLMDoctor`. Warnings and skipped checks stay `ok` with the note in `detail`; failures carry their fix.
func modelServerChecks(global: GlobalOptions) async -> [DoctorCheck] {
    await modelServerChecks(global: global, llm: nil)
}

/// The same, honouring `--profile/--provider/--base-url/--model/--embed-model` when the doctor command adds
/// `@OptionGroup var llm: LLMOptions`.
func modelServerChecks(global: GlobalOptions, llm: LLMOptions?) async -> [DoctorCheck] {
    let profile: LLMProfile
    do {
        profile = try llm?.resolveProfile() ?? LLMConfigLoader.load()
    } catch {
        return [DoctorCheck(name: "model config", ok: false, detail: "\(error)", fix: nil)]
    }
    let report = await LLMDoctor.run(profile: profile)
    return report.checks.map { check in
        let time = check.seconds.map { String(format: " (%.2f s)", $0) } ?? ""
        switch check.status {
        case .pass, .skip:
            return DoctorCheck(name: check.name, ok: true, detail: check.detail + time, fix: nil)
        case .warn:
            return DoctorCheck(name: check.name, ok: true, detail: "warning: \(check.detail)\(time)\(check.fix.map { " — \($0)" } ?? "")", fix: nil)
        case .fail:
            return DoctorCheck(name: check.name, ok: false, detail: check.detail + time, fix: check.fix)
        }
    }
}
