import Foundation
import NablaCore

/// Toy problems small enough to train in a fraction of a second.
public enum ToyData {
    /// CS231n's spiral: `classes` arms winding around the origin, `pointsPerClass` points each,
    /// with noise on the angle. No straight line separates the arms, so a linear classifier fails
    /// and a network with a hidden layer succeeds.
    ///
    /// Returns x `[classes · pointsPerClass, 2]` and one label per row.
    public static func spiral<Scalar: Real>(pointsPerClass: Int, classes: Int, noise: Double = 0.2,
                                            generator: inout RandomGenerator) -> (x: Tensor<Scalar>, labels: [Int]) {
        var points: [Scalar] = [], labels: [Int] = []
        for label in 0..<classes {
            for i in 0..<pointsPerClass {
                let fraction = Double(i) / Double(max(pointsPerClass - 1, 1))
                // radius r from 0 to 1; angle t over 4 radians, each class starting 4 radians on
                let r = fraction
                let t = 4 * (Double(label) + fraction) + noise * generator.normal()
                points += [Scalar(r * sin(t)), Scalar(r * cos(t))]
                labels.append(label)
            }
        }
        return (Tensor(shape: [labels.count, 2], scalars: points), labels)
    }
}
