import Initialization
import NablaCore
import NablaExercises

// Reference solutions of chapter 6's exercises and typical wrong versions.

enum InitializationSolutions {
    static func lecun(_ version: Version = .reference) -> InitializationExercises.Draw {
        { shape, generator in
            let fans = Fans(weightShape: shape)
            // σ = 1/√fan_in; the mistakes: fan_out, or a uniform of the same σ
            let sigma = 1 / Double(version == .transposed ? fans.fanOut : fans.fanIn).squareRoot()
            if version == .doubled { return .uniform(shape: shape, low: -3.squareRoot() * sigma, high: 3.squareRoot() * sigma, generator: &generator) }
            return .normal(shape: shape, standardDeviation: sigma, generator: &generator)
        }
    }

    static func orthogonal(_ version: Version = .reference) -> InitializationExercises.OrthogonalDraw {
        { shape, gain, generator in
            let rows = shape[0], cols = shape.dropFirst().reduce(1, *)
            // Gram–Schmidt on the vectors of the shorter side: rows when rows ≤ cols, else columns
            let (count, length) = rows <= cols ? (rows, cols) : (cols, rows)
            var vectors = (0..<count).map { _ in (0..<length).map { _ in generator.normal() } }
            for i in 0..<count {
                for j in 0..<i {
                    let dot = zip(vectors[i], vectors[j]).reduce(0) { $0 + $1.0 * $1.1 }
                    vectors[i] = zip(vectors[i], vectors[j]).map { $0 - dot * $1 }
                }
                // the mistake: no normalisation
                let norm = version == .missingShortcut ? 1 : vectors[i].reduce(0) { $0 + $1 * $1 }.squareRoot()
                vectors[i] = vectors[i].map { $0 / norm }
            }
            // the mistake: no gain
            let scale = version == .missingHalf ? 1 : gain
            vectors = vectors.map { $0.map { $0 * scale } }
            return Tensor(shape: shape) { k in
                let (r, c) = (k / cols, k % cols)
                return rows <= cols ? vectors[r][c] : vectors[c][r]
            }
        }
    }

    static func truncatedNormal(_ version: Version = .reference) -> InitializationExercises.Draw {
        { shape, generator in
            let (mu, sigma, a, b) = InitializationExercises.truncation
            return Tensor(shape: shape) { _ in
                switch version {
                case .doubled: return a + (b - a) * generator.uniform()            // the mistake: a uniform
                case .transposed: return min(b, max(a, mu + sigma * generator.normal()))   // the mistake: clipping
                default:
                    while true {
                        let x = mu + sigma * generator.normal()
                        if x >= a && x <= b { return x }
                    }
                }
            }
        }
    }
}
