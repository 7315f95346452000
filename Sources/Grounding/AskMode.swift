import Foundation

/// How an answer was made (the `mode` of `recall ask --json`).
public enum AskMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Written by the model from the sources.
    case generated
    /// Sentences picked from the sources without a model.
    case extractive
    /// Retrieval found nothing relevant; no model was asked.
    case nothingFound = "nothing-found"
}
