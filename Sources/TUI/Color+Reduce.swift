/// Reducing colours to what a terminal can show (xterm cube for 256 colours, nearest ANSI for 16).
extension Color {
    /// The colour as drawn on a terminal of `depth`; nil means "use the terminal default".
    public func reduced(to depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (.default, _), (_, .none): return .default
        case (.ansi(let n), .ansi16): return .ansi(n % 16)
        case (.ansi, _): return self
        case (.indexed(let i), .palette256): return .indexed(i)
        case (.indexed(let i), _): return .ansi(Color.ansiIndex(forIndexed: i, colorCount: Int(ColorDepth.ansi16.rawValue)))
        case (.rgb(let r, let g, let b), .palette256): return .indexed(Color.nearestIndexed(r, g, b))
        case (.rgb(let r, let g, let b), _): return .ansi(Color.nearestANSI(r, g, b))
        }
    }

    /// The standard xterm RGB values of the 16 ANSI colours.
    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The RGB value of a 256-palette index.
    static func rgb(ofIndexed i: UInt8) -> (Int, Int, Int) {
        let i = Int(i)
        if i < 16 { return ansiRGB[i] }
        if i >= 232 { let v = 8 + (i - 232) * 10; return (v, v, v) }
        let c = i - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[c / 36], steps[(c / 6) % 6], steps[c % 6])
    }

    /// The nearest palette-256 index to an RGB colour (cube or grey ramp).
    static func nearestIndexed(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func cubeStep(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        let (ri, gi, bi) = (cubeStep(Int(r)), cubeStep(Int(g)), cubeStep(Int(b)))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let grey = avg > 238 ? 255 : 232 + max(0, (avg - 3) / 10)
        let c1 = rgb(ofIndexed: UInt8(cube)), c2 = rgb(ofIndexed: UInt8(min(grey, 255)))
        return distance(c1, (Int(r), Int(g), Int(b))) <= distance(c2, (Int(r), Int(g), Int(b))) ? UInt8(cube) : UInt8(min(grey, 255))
    }

    /// The nearest ANSI colour (0–15) to an RGB colour.
    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let target = (Int(r), Int(g), Int(b))
        var best = 0, bestD = Int.max
        for (i, c) in ansiRGB.enumerated() {
            let d = distance(c, target)
            if d < bestD { best = i; bestD = d }
        }
        return UInt8(best)
    }

    /// The ANSI colour closest to a 256-palette index.
    static func ansiIndex(forIndexed i: UInt8, colorCount: Int) -> UInt8 {
        if i < 16 { return i }
        let (r, g, b) = rgb(ofIndexed: i)
        return nearestANSI(UInt8(r), UInt8(g), UInt8(b))
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// Parses `#rrggbb`, `ansi:N` / a colour name (`red`, `bright-blue`), `N` (0–255) or `default`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t == "none" || t.isEmpty { self = .default; return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)); return
        }
        if let n = UInt8(t) { self = .indexed(n); return }
        let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        if let i = names.firstIndex(of: t) { self = .ansi(UInt8(i)); return }
        if t.hasPrefix("bright-"), let i = names.firstIndex(of: String(t.dropFirst(7))) { self = .ansi(UInt8(i + 8)); return }
        if t == "gray" || t == "grey" { self = .ansi(8); return }
        return nil
    }
}

import Foundation
