import TUI

/// Choosing the arena's two profiles: after Alt-B / Alt-L the configured profiles are listed twice (side A, then
/// side B), the profile in use (then the session's last choice) preselected; with a single profile the user is
/// told how to add a second one to config.toml.
extension App {
    /// The profiles arrived: explain what is missing, or ask for side A.
    static func arenaProfilesListed(_ s: inout AppState, _ setup: ArenaSetup,
                                    _ listed: Result<ArenaProfileList, ArenaProfilesError>) -> [AppEffect] {
        guard s.focus == .ask, s.overlay == nil else { return [] }  // the user moved on meanwhile
        let list: ArenaProfileList
        switch listed {
        case .failure(let e): return flash(&s, "Arena: \(e.message)", error: true)
        case .success(let l): list = l
        }
        guard list.options.count >= 2 else {
            let only = list.options.first.map { " (only “\($0.name)” is set up)" } ?? ""
            return flash(&s, "The arena needs a second model profile\(only) — add a [profiles.NAME] table with base_url and chat_model to \(list.configPath)",
                         error: true)
        }
        var setup = setup
        setup.profiles = list
        let preferred = s.arenaPair?.a ?? list.options.first { $0.inUse }?.name
        return arenaPicker(&s, setup, title: "Arena — side A (1 of 2): choose a profile", options: list.options, preferred: preferred)
    }

    /// A profile chosen: side A asks for side B; side B starts the round.
    static func arenaProfileChosen(_ s: inout AppState, _ setup: ArenaSetup, _ name: String) -> [AppEffect] {
        guard let list = setup.profiles else { return [] }
        guard let a = setup.a else {
            var next = setup
            next.a = name
            let others = list.options.filter { $0.name != name }
            let model = list.options.first { $0.name == name }?.model
            let preferred = [s.arenaPair?.b, list.suggestedB, others.first { $0.model != model }?.name]
                .compactMap { $0 }.first { $0 != name && others.map(\.name).contains($0) }
            return arenaPicker(&s, next, title: "Arena — side B (2 of 2): A is \(name); choose the other profile",
                               options: others, preferred: preferred)
        }
        return startArena(&s, setup, ArenaPair(a: a, b: name))
    }

    /// Opens the profile picker with `preferred` selected.
    private static func arenaPicker(_ s: inout AppState, _ setup: ArenaSetup, title: String, options: [ArenaProfileOption],
                                    preferred: String?) -> [AppEffect] {
        let items = options.map { PickerItem(label: $0.label, value: $0.name) }
        let selected = items.firstIndex { $0.value == preferred } ?? 0
        s.overlay = .picker(PickerOverlay(title: title, items: items, input: LineInput(), selected: selected, purpose: .arenaProfile(setup)))
        return []
    }
}
