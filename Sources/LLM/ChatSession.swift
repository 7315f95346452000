import Foundation

/// Stops a running chat started with `startChat`; safe from any thread, any number of times.
public final class ChatHandle: Sendable {
    private let task: Task<Void, Never>

    init(task: Task<Void, Never>) { self.task = task }

    /// Cancels the answer: the transfer stops within a fraction of a second and `onFinish` gets `CancellationError`.
    public func cancel() { task.cancel() }
}

extension LLMProvider {
    /// Callback form of `chatStream` for an event loop that sleeps in `poll()`: events and the single `onFinish`
    /// (nil on success) are delivered on a background task, ready to be posted to the loop's mailbox.
    @discardableResult
    public func startChat(_ request: ChatRequest, onEvent: @escaping @Sendable (ChatEvent) -> Void,
                          onFinish: @escaping @Sendable ((any Error)?) -> Void) -> ChatHandle {
        let stream = chatStream(request)
        // Detached: a Task made on the main actor would not run while the main thread blocks in poll().
        let task = Task.detached {
            do {
                for try await event in stream { onEvent(event) }
                try Task.checkCancellation()
                onFinish(nil)
            } catch {
                onFinish(error)
            }
        }
        return ChatHandle(task: task)
    }
}
