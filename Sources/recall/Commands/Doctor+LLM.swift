import Foundation

/// The model-server part of `recall doctor`. Placeholder until the LLM work lands:
/// the `llm` branch replaces this file with real checks (reachability, version, models, round trips).
func modelServerChecks(global: GlobalOptions) async -> [DoctorCheck] {
    [DoctorCheck(name: "model", ok: true, detail: "not checked (model support not built yet)", fix: nil)]
}
