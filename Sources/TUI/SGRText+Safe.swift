extension SGRText {
    /// An SGR sequence rebuilt from only the parameters `apply` understands (reset, bold/dim/italic/underline/reverse
    /// and their resets, 8/16/256/RGB colours): a program's output may colour text on the user's terminal but not
    /// conceal it (SGR 8), make it blink, or pass any other parameter. Nil when nothing is left to send.
    public static func safeSequence(_ params: [Int]) -> String? {
        if params.isEmpty { return "\u{1B}[m" }
        var kept: [Int] = []
        var i = 0
        while i < params.count {
            let p = params[i]
            switch p {
            case 0, 1, 2, 3, 4, 7, 22, 23, 24, 27, 30...37, 39, 40...47, 49, 90...97, 100...107:
                kept.append(p)
            case 38, 48:
                if i + 2 < params.count, params[i + 1] == 5, (0...255).contains(params[i + 2]) {
                    kept += params[i...(i + 2)]; i += 2
                } else if i + 4 < params.count, params[i + 1] == 2, params[(i + 2)...(i + 4)].allSatisfy({ (0...255).contains($0) }) {
                    kept += params[i...(i + 4)]; i += 4
                } else {
                    i = params.count   // a colour we cannot read: drop it and the rest
                }
            default:
                break
            }
            i += 1
        }
        return kept.isEmpty ? nil : "\u{1B}[" + kept.map(String.init).joined(separator: ";") + "m"
    }
}
